package dev.renditions.worker.cli;

import dev.renditions.core.errors.UsageException;
import dev.renditions.worker.s3.OutputGuard;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --input-prefix} and {@code --cache-control}: settings of S3 outputs, falling back to the environment. */
public final class S3Options {
    public static final String INPUT_PREFIX = "INPUT_PREFIX";
    public static final String CACHE_CONTROL = "CACHE_CONTROL";
    /** Renditions change only when the spec does; a day keeps CDNs and browsers from holding a stale one long. */
    public static final String DEFAULT_CACHE_CONTROL = "public, max-age=86400";

    @Option(
            names = "--input-prefix",
            paramLabel = "PREFIX",
            description = "The key prefix the upload rule watches in the source bucket; an S3 --output in that bucket"
                    + " must lie outside it (exit 2 otherwise). Empty means the whole bucket. Default: $" + INPUT_PREFIX
                    + " when set (even empty), else '" + OutputGuard.DEFAULT_INPUT_PREFIX + "'.")
    String inputPrefix;

    @Option(
            names = "--cache-control",
            paramLabel = "VALUE",
            description = "Cache-Control of every rendition written to S3. Default: $" + CACHE_CONTROL + ", else '"
                    + DEFAULT_CACHE_CONTROL + "'.")
    String cacheControl;

    /**
     * The flag, else {@code INPUT_PREFIX} when it is set, else {@code uploads/}. An empty value (flag or variable)
     * means the whole bucket is watched, as in the upload rule.
     */
    public String inputPrefix(Map<String, String> env) {
        if (inputPrefix != null) {
            return inputPrefix.strip();
        }
        String fromEnv = env.get(INPUT_PREFIX);
        return fromEnv == null ? OutputGuard.DEFAULT_INPUT_PREFIX : fromEnv.strip();
    }

    /** The flag, else {@code CACHE_CONTROL}, else the default; printable ASCII only (it is an HTTP header). */
    public String cacheControl(Map<String, String> env) {
        String v = EventsOptions.firstSet(cacheControl, env.get(CACHE_CONTROL), DEFAULT_CACHE_CONTROL);
        if (v.isEmpty() || !v.matches("[\\x20-\\x7E]+")) {
            throw new UsageException("--cache-control (or " + CACHE_CONTROL
                    + ") must be a Cache-Control header value in printable ASCII, e.g. '" + DEFAULT_CACHE_CONTROL
                    + "', found '" + v + "'");
        }
        return v;
    }
}
