package dev.renditions.core.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code detail} of "Rendition Completed", "Rendition Skipped" and "Rendition Failed". Schemas:
 * {@code eventbridge-rules/schemas/}.
 *
 * @param skipped on Completed: true when the output was already up to date and nothing was rendered
 * @param reason on Skipped: why (e.g. {@code superseded})
 * @param error on Failed: what went wrong
 */
@JsonPropertyOrder({"source", "rendition", "spec", "job", "durationMs", "skipped", "reason", "error"})
public record RenditionDetail(
        Source source,
        Output rendition,
        Spec spec,
        Job job,
        Long durationMs,
        Boolean skipped,
        String reason,
        Error error) {

    /** The image the rendition was made from. */
    @JsonPropertyOrder({"uri", "bucket", "key", "versionId", "etag"})
    public record Source(String uri, String bucket, String key, String versionId, String etag) {
        public static Source local(String uri) {
            return new Source(uri, null, null, null, null);
        }
    }

    /** The rendition written (or, on failure, the one that was being made: size fields are then absent). */
    @JsonPropertyOrder({"name", "uri", "bucket", "key", "format", "contentType", "width", "height", "bytes", "hash"})
    public record Output(
            String name,
            String uri,
            String bucket,
            String key,
            String format,
            String contentType,
            Integer width,
            Integer height,
            Long bytes,
            String hash) {}

    @JsonPropertyOrder({"hash", "uri"})
    public record Spec(String hash, String uri) {}

    /** The AWS Batch job that did the work, from {@code AWS_BATCH_JOB_ID}, {@code _ARRAY_INDEX}, {@code _ATTEMPT}. */
    @JsonPropertyOrder({"id", "arrayIndex", "attempt"})
    public record Job(String id, Integer arrayIndex, Integer attempt) {}

    @JsonPropertyOrder({"code", "message", "retryable"})
    public record Error(String code, String message, boolean retryable) {}
}
