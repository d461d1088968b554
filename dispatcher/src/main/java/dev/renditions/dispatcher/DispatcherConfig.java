package dev.renditions.dispatcher;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.spec.Limits;
import java.util.Map;
import java.util.Objects;

/**
 * The dispatcher's configuration, read once from the environment at cold start. The variable names are a contract
 * (the deploy template and the README use them).
 *
 * @param jobQueue {@code JOB_QUEUE}: AWS Batch job queue name or ARN (required)
 * @param jobDefinition {@code JOB_DEFINITION}: job definition name, {@code name:revision} or ARN (required)
 * @param specUri {@code SPEC_URI}: {@code s3://bucket/key} of a spec JSON, or null for the bundled default spec
 * @param inputPrefix {@code INPUT_PREFIX}: only keys under it are dispatched (default {@code uploads/})
 * @param outputBucket {@code OUTPUT_BUCKET}: where the worker writes renditions and the dispatcher its markers
 *     (required)
 * @param outputPrefix {@code OUTPUT_PREFIX}: rendition key prefix in the output bucket (default {@code renditions/})
 * @param markerPrefix {@code MARKER_PREFIX}: dedup marker key prefix in the output bucket (default {@code .dispatch/})
 * @param maxBytes {@code MAX_BYTES}: overrides the spec's {@code limits.maxBytes}, or null
 * @param maxPixels {@code MAX_PIXELS}: overrides the spec's {@code limits.maxPixels}, or null
 * @param eventBusName {@code EVENT_BUS_NAME}: bus for "Renditions Requested" / "Upload Rejected" (default
 *     {@code default})
 * @param eventSource {@code EVENT_SOURCE}: {@code source} of those events (default {@code renditions.dispatcher})
 */
public record DispatcherConfig(
        String jobQueue,
        String jobDefinition,
        S3Location specUri,
        String inputPrefix,
        String outputBucket,
        String outputPrefix,
        String markerPrefix,
        Long maxBytes,
        Long maxPixels,
        String eventBusName,
        String eventSource) {

    public static final String JOB_QUEUE = "JOB_QUEUE";
    public static final String JOB_DEFINITION = "JOB_DEFINITION";
    public static final String SPEC_URI = "SPEC_URI";
    public static final String INPUT_PREFIX = "INPUT_PREFIX";
    public static final String OUTPUT_BUCKET = "OUTPUT_BUCKET";
    public static final String OUTPUT_PREFIX = "OUTPUT_PREFIX";
    public static final String MARKER_PREFIX = "MARKER_PREFIX";
    public static final String MAX_BYTES = "MAX_BYTES";
    public static final String MAX_PIXELS = "MAX_PIXELS";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String EVENT_SOURCE = "EVENT_SOURCE";

    public static final String DEFAULT_INPUT_PREFIX = "uploads/";
    public static final String DEFAULT_OUTPUT_PREFIX = "renditions/";
    public static final String DEFAULT_MARKER_PREFIX = ".dispatch/";
    public static final String DEFAULT_EVENT_BUS = "default";
    /** The value of the {@code spec} job parameter that selects the worker's bundled spec. */
    public static final String DEFAULT_SPEC = "default";

    public DispatcherConfig {
        jobQueue = required(JOB_QUEUE, jobQueue, "the AWS Batch job queue name or ARN");
        jobDefinition = required(JOB_DEFINITION, jobDefinition, "the AWS Batch job definition name or ARN");
        outputBucket = required(OUTPUT_BUCKET, outputBucket, "the bucket the worker writes renditions to");
        if (outputBucket.startsWith(S3Location.SCHEME) || outputBucket.contains("/")) {
            throw bad(OUTPUT_BUCKET, "a bucket name (no s3:// and no key)", "'" + outputBucket + "'");
        }
        inputPrefix = Objects.requireNonNullElse(inputPrefix, DEFAULT_INPUT_PREFIX);
        outputPrefix = Objects.requireNonNullElse(outputPrefix, DEFAULT_OUTPUT_PREFIX);
        markerPrefix = Objects.requireNonNullElse(markerPrefix, DEFAULT_MARKER_PREFIX);
        if (markerPrefix.isEmpty()) {
            throw bad(MARKER_PREFIX, "a non-empty key prefix such as " + DEFAULT_MARKER_PREFIX, "an empty value");
        }
        if (maxBytes != null && maxBytes < 1) {
            throw bad(MAX_BYTES, "a whole number >= 1", String.valueOf(maxBytes));
        }
        if (maxPixels != null && maxPixels < 1) {
            throw bad(MAX_PIXELS, "a whole number >= 1", String.valueOf(maxPixels));
        }
        eventBusName = Objects.requireNonNullElse(eventBusName, DEFAULT_EVENT_BUS);
        if (eventBusName.isBlank()) {
            throw bad(EVENT_BUS_NAME, "an event bus name or ARN", "an empty value");
        }
        eventSource = Objects.requireNonNullElse(eventSource, DetailTypes.DISPATCHER_SOURCE);
        if (eventSource.isBlank() || eventSource.startsWith("aws.")) {
            throw bad(EVENT_SOURCE, "a source name not starting with 'aws.'", "'" + eventSource + "'");
        }
    }

    /** Reads and validates the configuration; the message of any failure names the variable. */
    public static DispatcherConfig fromEnv(Map<String, String> env) {
        String spec = trimmed(env, SPEC_URI);
        S3Location specUri = null;
        if (spec != null && !spec.isEmpty() && !DEFAULT_SPEC.equals(spec)) {
            if (!S3Location.isS3(spec)) {
                throw bad(SPEC_URI, "s3://bucket/key of a spec JSON (or unset for the bundled spec)", "'" + spec + "'");
            }
            try {
                specUri = S3Location.parse(spec);
            } catch (IllegalArgumentException e) {
                throw bad(SPEC_URI, "s3://bucket/key of a spec JSON", "'" + spec + "'");
            }
            if (specUri.key().isEmpty() || specUri.key().endsWith("/")) {
                throw bad(SPEC_URI, "s3://bucket/key of a spec JSON (a key, not a folder)", "'" + spec + "'");
            }
        }
        return new DispatcherConfig(
                trimmed(env, JOB_QUEUE),
                trimmed(env, JOB_DEFINITION),
                specUri,
                raw(env, INPUT_PREFIX),
                trimmed(env, OUTPUT_BUCKET),
                raw(env, OUTPUT_PREFIX),
                raw(env, MARKER_PREFIX),
                number(env, MAX_BYTES),
                number(env, MAX_PIXELS),
                trimmed(env, EVENT_BUS_NAME),
                trimmed(env, EVENT_SOURCE));
    }

    /** The spec's limits with {@code MAX_BYTES} / {@code MAX_PIXELS} applied. */
    public Limits limits(Limits fromSpec) {
        Limits l = fromSpec;
        if (maxBytes != null) {
            l = l.withMaxBytes(maxBytes);
        }
        if (maxPixels != null) {
            l = l.withMaxPixels(maxPixels);
        }
        return l;
    }

    /** The {@code spec} job parameter: the spec URI, or {@code default} for the bundled spec. */
    public String specParameter() {
        return specUri == null ? DEFAULT_SPEC : specUri.uri();
    }

    /** The {@code output} job parameter: {@code s3://OUTPUT_BUCKET/OUTPUT_PREFIX}. */
    public String outputParameter() {
        return output().uri();
    }

    /** Where the worker writes renditions: {@code OUTPUT_BUCKET} and {@code OUTPUT_PREFIX}. */
    public S3Location output() {
        return new S3Location(outputBucket, outputPrefix);
    }

    private static String trimmed(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    /** Prefixes are taken as they are (an empty INPUT_PREFIX means the whole bucket); unset means the default. */
    private static String raw(Map<String, String> env, String name) {
        return env.get(name);
    }

    private static Long number(Map<String, String> env, String name) {
        String v = trimmed(env, name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < 1) {
                throw bad(name, "a whole number >= 1", "'" + v + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(name, "a whole number >= 1", "'" + v + "'");
        }
    }

    private static String required(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new UsageException(
                    UsageException.MISSING_PARAMETER,
                    "dispatcher configuration: environment variable " + name + " is required (" + what + ")");
        }
        return value.strip();
    }

    private static UsageException bad(String name, String expected, String found) {
        return new UsageException(
                UsageException.BAD_USAGE,
                "dispatcher configuration: environment variable " + name + ": expected " + expected + ", found "
                        + found);
    }
}
