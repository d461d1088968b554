package dev.renditions.core.keys;

/**
 * Whether renditions written to an S3 output could re-trigger the pipeline: renditions written under the watched input
 * prefix of the source's bucket would be uploads themselves. In the source's bucket the output prefix must be
 * non-empty and lie outside the input prefix, and the source's rendition folder must too. The worker refuses such an
 * output (exit 2) and the dispatcher refuses to submit a job for one, with the same rule.
 */
public final class OutputSafety {
    private OutputSafety() {}

    /**
     * @param source the source object
     * @param output where its renditions go: bucket and key prefix
     * @param inputPrefix the watched prefix of the source's bucket; empty or null: the whole bucket is watched
     * @return null when the output is safe, else why not, as a clause such as "the whole source bucket is watched
     *     (input prefix '')"
     */
    public static String unsafeBecause(S3Location source, S3Location output, String inputPrefix) {
        if (!source.bucket().equals(output.bucket())) {
            return null;
        }
        String watched = inputPrefix == null ? "" : inputPrefix;
        String prefix = output.key();
        String folder = OutputKeys.folder(prefix, source.key());
        if (watched.isEmpty()) {
            return "the whole source bucket is watched (input prefix '')";
        }
        if (prefix.isEmpty()) {
            return "an empty output prefix in the source bucket covers the watched input prefix '" + watched + "'";
        }
        if (prefix.startsWith(watched) || folder.startsWith(watched)) {
            return "its renditions (e.g. " + folder + ") would land under the watched input prefix '" + watched + "'";
        }
        return null;
    }
}
