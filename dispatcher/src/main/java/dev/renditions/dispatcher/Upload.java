package dev.renditions.dispatcher;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.events.S3ObjectCreatedDetail;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.Pin;

/**
 * The upload an event names: bucket and key as they are (the EventBridge shape does not URL-encode keys), the size the
 * event reports, and the version id and ETag that pin reads to exactly that object.
 *
 * @param size bytes as the event reports them, or null when the event has no size
 * @param versionId null on unversioned buckets
 * @param etag bare (no quotes), or null
 */
record Upload(String bucket, String key, Long size, String versionId, String etag, String sequencer, String eventId) {

    static Upload from(EventEnvelope<S3ObjectCreatedDetail> event) {
        S3ObjectCreatedDetail d = event.detail();
        if (d.bucket() == null || d.bucket().name() == null || d.bucket().name().isBlank()) {
            throw malformed(event, "detail.bucket.name is missing");
        }
        if (d.object() == null || d.object().key() == null || d.object().key().isEmpty()) {
            throw malformed(event, "detail.object.key is missing");
        }
        S3ObjectCreatedDetail.S3Object o = d.object();
        if (o.size() != null && o.size() < 0) {
            throw malformed(event, "detail.object.size: expected a number of bytes >= 0, found " + o.size());
        }
        return new Upload(
                d.bucket().name(),
                o.key(),
                o.size(),
                o.versionIdOrNull(),
                o.etagOrNull(),
                blankToNull(o.sequencer()),
                event.id());
    }

    S3Location location() {
        return new S3Location(bucket, key);
    }

    Pin pin() {
        return new Pin(versionId, etag);
    }

    /** What tells this object apart from other objects ever stored under the same key. */
    String identity() {
        if (versionId != null) {
            return "v:" + versionId;
        }
        if (etag != null) {
            return "e:" + etag;
        }
        if (sequencer != null) {
            return "s:" + sequencer;
        }
        // Never seen from S3 (creations always carry an ETag); the event id at least keeps re-uploads apart.
        return "id:" + eventId;
    }

    RenditionDetail.Source source() {
        return new RenditionDetail.Source(location().uri(), bucket, key, versionId, etag);
    }

    private static UsageException malformed(EventEnvelope<?> event, String what) {
        return new UsageException(
                UsageException.BAD_USAGE,
                "malformed S3 event (id " + event.id() + ", detail-type '" + event.detailType() + "'): " + what
                        + "; the rule must deliver the S3 \"Object Created\" event unchanged (no input transformer)");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
