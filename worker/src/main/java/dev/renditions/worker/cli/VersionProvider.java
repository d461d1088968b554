package dev.renditions.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version (filtered in at build time) and the Java runtime. */
public final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/dev/renditions/worker/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "renditions-worker " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
        };
    }

    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
