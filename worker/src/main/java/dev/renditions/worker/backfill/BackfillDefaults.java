package dev.renditions.worker.backfill;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import java.util.Map;

/**
 * Defaults for {@code backfill} options, read once from the environment: mostly the variables the dispatcher is
 * configured with, so a shell that deploys the pipeline can run a backfill with few flags. The job definition is the
 * exception: a backfill submits the manifest form ({@code render --manifest ...}), the dispatcher the per-rendition
 * form, so they have different variables ({@value #JOB_DEFINITION_VARIABLE} and {@code JOB_DEFINITION}); a
 * per-rendition definition given to a backfill would make every child fail on its unsubstituted
 * {@code Ref::source}.
 *
 * @param jobQueue {@code JOB_QUEUE}: default of {@code --job-queue}
 * @param jobDefinition {@code BACKFILL_JOB_DEFINITION}: default of {@code --job-definition}
 * @param output {@code s3://OUTPUT_BUCKET/OUTPUT_PREFIX} ({@code OUTPUT_PREFIX} defaults to {@code renditions/}):
 *     default of {@code --output}; null without {@code OUTPUT_BUCKET}
 * @param markerPrefix {@code MARKER_PREFIX} (default {@code .dispatch/}): excluded from sources
 * @param spec {@code SPEC_URI}: default of {@code --spec} ({@code default} when unset)
 * @param maxBytes {@code MAX_BYTES}: default of {@code --max-size} (else the spec's {@code limits.maxBytes})
 * @param eventBus {@code EVENT_BUS_NAME} (default {@code default}): default of {@code --event-bus}
 */
public record BackfillDefaults(
        String jobQueue,
        String jobDefinition,
        String output,
        String markerPrefix,
        String spec,
        Long maxBytes,
        String eventBus) {
    /** The variable with the default of {@code --job-definition}: a job definition of the manifest form. */
    public static final String JOB_DEFINITION_VARIABLE = "BACKFILL_JOB_DEFINITION";

    public static final String DEFAULT_OUTPUT_PREFIX = "renditions/";
    public static final String DEFAULT_MARKER_PREFIX = ".dispatch/";
    /** Under the output bucket when {@code --manifest-prefix} is not given. */
    public static final String DEFAULT_MANIFEST_FOLDER = ".backfill/";

    public static BackfillDefaults fromEnv(Map<String, String> env) {
        String bucket = trimmed(env, "OUTPUT_BUCKET");
        String prefix = env.get("OUTPUT_PREFIX");
        String output =
                bucket == null ? null : new S3Location(bucket, prefix == null ? DEFAULT_OUTPUT_PREFIX : prefix).uri();
        String markers = env.get("MARKER_PREFIX");
        String maxBytes = trimmed(env, "MAX_BYTES");
        Long max = null;
        if (maxBytes != null) {
            try {
                max = Long.parseLong(maxBytes.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageException("MAX_BYTES must be a whole number of bytes, found '" + maxBytes + "'");
            }
        }
        String bus = trimmed(env, "EVENT_BUS_NAME");
        return new BackfillDefaults(
                trimmed(env, "JOB_QUEUE"),
                trimmed(env, JOB_DEFINITION_VARIABLE),
                output,
                markers == null ? DEFAULT_MARKER_PREFIX : markers,
                trimmed(env, "SPEC_URI"),
                max,
                bus == null ? "default" : bus);
    }

    private static String trimmed(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
