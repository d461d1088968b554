package dev.renditions.worker.s3;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.S3Location;

/**
 * Refuses an S3 output that could re-trigger the pipeline: renditions written under the watched input prefix of the
 * source bucket would be uploads themselves. In the source's bucket the output prefix must be non-empty and lie
 * outside the input prefix, and this source's rendition folder must too. (The upload rule also ignores keys under the
 * output prefix; this guard is the worker's half of that defence.)
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
        if (!source.bucket().equals(output.bucket())) {
            return;
        }
        String watched = inputPrefix == null ? "" : inputPrefix;
        String prefix = output.key();
        String folder = OutputKeys.folder(prefix, source.key());
        boolean unsafe = prefix.isEmpty() || prefix.startsWith(watched) || folder.startsWith(watched);
        if (!unsafe) {
            return;
        }
        String fix = watched.isEmpty()
                ? "write to another bucket"
                : "write to another bucket, or to a prefix of s3://" + source.bucket() + "/ outside '" + watched
                        + "' (e.g. s3://" + source.bucket() + "/renditions/)";
        String why = watched.isEmpty()
                ? "the whole source bucket is watched (input prefix '')"
                : prefix.isEmpty()
                        ? "an empty output prefix in the source bucket covers the watched input prefix '" + watched
                                + "'"
                        : "its renditions (e.g. " + folder + ") would land under the watched input prefix '" + watched
                                + "'";
        throw new UsageException(
                UsageException.UNSAFE_OUTPUT,
                "unsafe --output " + output.uri() + ": " + why + ", so every rendition written would trigger the"
                        + " pipeline again; " + fix + ", or set --input-prefix (INPUT_PREFIX) to the prefix the upload"
                        + " rule really watches");
    }
}
