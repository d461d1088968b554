package dev.renditions.worker.backfill;

import dev.renditions.core.keys.S3Location;
import java.time.Instant;
import java.util.Objects;

/**
 * One object a backfill considers: from a listing (no version, no storage class) or from an S3 Inventory row.
 *
 * @param versionId the version to render, or null (the latest); only inventories of versioned buckets give one
 * @param size bytes, or -1 when the source does not say
 * @param lastModified null when the source does not say
 * @param storageClass S3 storage class, or null when the source does not say
 * @param latest false for an older version in an inventory of all versions
 * @param deleteMarker true for a delete marker in an inventory of all versions
 */
public record Candidate(
        String bucket,
        String key,
        String versionId,
        long size,
        Instant lastModified,
        String storageClass,
        boolean latest,
        boolean deleteMarker) {
    public Candidate {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (versionId != null && (versionId.isBlank() || "null".equals(versionId))) {
            versionId = null; // unversioned objects are listed with the version "null"
        }
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= 0, or -1 for unknown, found " + size);
        }
    }

    /** The latest version of an object, as a listing reports it. */
    public static Candidate listed(String bucket, String key, long size, Instant lastModified) {
        return new Candidate(bucket, key, null, size, lastModified, null, true, false);
    }

    public S3Location location() {
        return new S3Location(bucket, key);
    }
}
