package dev.renditions.worker.render;

import dev.renditions.core.events.RenditionDetail;
import java.util.Objects;

/**
 * What a source is right now, learnt without reading its bytes: how events name it (for S3, with the version and
 * ETag it really has), its size, and its identity for idempotency.
 *
 * @param versionId the S3 version id, or null (local files, unversioned buckets)
 * @param etag the S3 ETag without quotes, or null (local files)
 */
public record SourceState(RenditionDetail.Source detail, long size, String versionId, String etag) {
    public SourceState {
        Objects.requireNonNull(detail, "detail");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, found " + size);
        }
    }
}
