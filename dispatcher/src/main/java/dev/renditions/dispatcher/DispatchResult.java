package dev.renditions.dispatcher;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * What one invocation did with one upload event. Written as one JSON log line and returned by the handler.
 *
 * @param status what happened
 * @param reason machine-readable why: the rejection code, or the guard that ignored the event
 * @param message one human line
 * @param jobId the job submitted now or earlier (SUBMITTED, ANNOUNCED, DUPLICATE)
 * @param eventId id of the event published by this invocation, if any
 */
@JsonPropertyOrder({
    "status",
    "reason",
    "message",
    "bucket",
    "key",
    "versionId",
    "etag",
    "jobId",
    "jobName",
    "arraySize",
    "marker",
    "eventId"
})
public record DispatchResult(
        Status status,
        String reason,
        String message,
        String bucket,
        String key,
        String versionId,
        String etag,
        String jobId,
        String jobName,
        Integer arraySize,
        String marker,
        String eventId) {

    public enum Status {
        /** Not ours to dispatch (outside the input prefix, under the output or marker prefix, not a creation). */
        IGNORED,
        /** The object changed since the event: a newer "Object Created" event follows and is dispatched instead. */
        SUPERSEDED,
        /** Not an acceptable image: "Upload Rejected" published, no job. */
        REJECTED,
        /** Job submitted and "Renditions Requested" published. */
        SUBMITTED,
        /** The job had been submitted by an earlier attempt; this one published the missing announcement. */
        ANNOUNCED,
        /** A duplicate delivery of an upload already submitted and announced: nothing done. */
        DUPLICATE
    }

    public DispatchResult {
        Objects.requireNonNull(status, "status");
    }

    static DispatchResult of(Status status, String reason, String message, Upload u) {
        return new DispatchResult(
                status,
                reason,
                message,
                u == null ? null : u.bucket(),
                u == null ? null : u.key(),
                u == null ? null : u.versionId(),
                u == null ? null : u.etag(),
                null,
                null,
                null,
                null,
                null);
    }

    DispatchResult withJob(String jobId, String jobName, int arraySize, String marker) {
        return new DispatchResult(
                status, reason, message, bucket, key, versionId, etag, jobId, jobName, arraySize, marker, eventId);
    }

    DispatchResult withEvent(String eventId) {
        return new DispatchResult(
                status, reason, message, bucket, key, versionId, etag, jobId, jobName, arraySize, marker, eventId);
    }
}
