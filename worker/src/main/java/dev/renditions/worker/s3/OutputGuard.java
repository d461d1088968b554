package dev.renditions.worker.s3;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.OutputSafety;
import dev.renditions.core.keys.S3Location;

/**
 * Refuses an S3 output that could re-trigger the pipeline ({@link OutputSafety}), naming the worker's flags. (The upload
 * rule also ignores keys under the output prefix; this guard is the worker's half of that defence.)
 */
public final class OutputGuard {
    /** Default of {@code --input-prefix} / {@code INPUT_PREFIX}, the prefix the upload rule and dispatcher watch. */
    public static final String DEFAULT_INPUT_PREFIX = "uploads/";

    private OutputGuard() {}

    /**
     * @param inputPrefix the watched prefix of the source bucket; empty: the whole bucket is watched
     * @throws UsageException {@code UnsafeOutput} when the output is unsafe
     */
    public static void check(S3Location source, S3Location output, String inputPrefix) {
        String why = OutputSafety.unsafeBecause(source, output, inputPrefix);
        if (why == null) {
            return;
        }
        String watched = inputPrefix == null ? "" : inputPrefix;
        String fix = watched.isEmpty()
                ? "write to another bucket"
                : "write to another bucket, or to a prefix of s3://" + source.bucket() + "/ outside '" + watched
                        + "' (e.g. s3://" + source.bucket() + "/renditions/)";
        throw new UsageException(
                UsageException.UNSAFE_OUTPUT,
                "unsafe --output " + output.uri() + ": " + why + ", so every rendition written would trigger the"
                        + " pipeline again; " + fix + ", or set --input-prefix (INPUT_PREFIX) to the prefix the upload"
                        + " rule really watches");
    }
}
