package dev.renditions.worker.cli;

import dev.renditions.core.errors.UsageException;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --input-prefix} and {@code --cache-control}: settings of S3 outputs, falling back to the environment. */
public final class S3Options {
    public static final String CACHE_CONTROL = "CACHE_CONTROL";
    /** Renditions change only when the spec does; a day keeps CDNs and browsers from holding a stale one long. */
    public static final String DEFAULT_CACHE_CONTROL = "public, max-age=86400";

    @Mixin
    InputPrefixOption input = new InputPrefixOption();

    @Option(
            names = "--cache-control",
            paramLabel = "VALUE",
            description = "Cache-Control of every rendition written to S3. Default: $" + CACHE_CONTROL + ", else '"
                    + DEFAULT_CACHE_CONTROL + "'.")
    String cacheControl;

    /** See {@link InputPrefixOption#inputPrefix}. */
    public String inputPrefix(Map<String, String> env) {
        return input.inputPrefix(env);
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
