package dev.renditions.worker.cli;

import dev.renditions.worker.s3.OutputGuard;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --input-prefix}: the prefix the upload rule watches, which S3 outputs in the source bucket must stay out of
 * ({@link OutputGuard}). Shared by {@code render} (through {@link S3Options}) and {@code backfill}, which checks the
 * guard when it plans, so that it never submits children that would all refuse their output.
 */
public final class InputPrefixOption {
    public static final String INPUT_PREFIX = "INPUT_PREFIX";

    @Option(
            names = "--input-prefix",
            paramLabel = "PREFIX",
            description = "The key prefix the upload rule watches in the source bucket; an S3 --output in that bucket"
                    + " must lie outside it (exit 2 otherwise). Empty means the whole bucket. Default: $" + INPUT_PREFIX
                    + " when set (even empty), else '" + OutputGuard.DEFAULT_INPUT_PREFIX + "'.")
    String inputPrefix;

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
}
