package dev.renditions.core.events;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code detail} of the S3 "Object Created" event that Amazon S3 sends to EventBridge (bucket setting "Send
 * notifications to Amazon EventBridge"). Fields as AWS documents them (S3 User Guide, "EventBridge event message
 * structure"); unknown fields are ignored, so new fields never break reading.
 *
 * <p>{@code object.key} is the object key as it is, <b>not</b> URL-encoded: unlike the classic S3 notification
 * ({@code Records[].s3.object.key}, which is form-encoded with {@code +} for spaces), the EventBridge shape carries the
 * key verbatim. It may contain spaces, {@code +}, {@code %} and any Unicode; pass it to S3 unchanged.
 *
 * @param version detail schema version ({@code 0})
 * @param reason the S3 API that created the object: {@code PutObject}, {@code POST Object}, {@code CopyObject} or
 *     {@code CompleteMultipartUpload}
 */
@JsonPropertyOrder({"version", "bucket", "object", "request-id", "requester", "source-ip-address", "reason"})
public record S3ObjectCreatedDetail(
        String version,
        Bucket bucket,
        @JsonProperty("object") S3Object object,
        @JsonProperty("request-id") String requestId,
        String requester,
        @JsonProperty("source-ip-address") String sourceIpAddress,
        String reason) {

    public record Bucket(String name) {}

    /**
     * The object. Lenient where it is cheap: {@code eTag} (as moto writes it) is read as {@code etag}; {@code version-id}
     * is the literal {@code "null"} (moto) or absent (AWS) on unversioned buckets, see {@link #versionIdOrNull()}.
     *
     * @param size bytes; absent on some non-creation events
     * @param etag the ETag, without quotes
     * @param versionId the version id on versioned buckets
     * @param sequencer orders events of one key (compare after right-padding with zeros)
     */
    @JsonPropertyOrder({"key", "size", "etag", "version-id", "sequencer"})
    public record S3Object(
            String key,
            Long size,
            @JsonAlias("eTag") String etag,
            @JsonProperty("version-id") String versionId,
            String sequencer) {

        /** The version id, or null when absent, blank or the literal {@code "null"} of unversioned buckets. */
        public String versionIdOrNull() {
            return versionId == null || versionId.isBlank() || "null".equals(versionId) ? null : versionId;
        }

        /** The ETag without quotes, or null when absent or blank. */
        public String etagOrNull() {
            if (etag == null || etag.isBlank()) {
                return null;
            }
            String e = etag;
            if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
                e = e.substring(1, e.length() - 1);
            }
            return e.isBlank() ? null : e;
        }
    }
}
