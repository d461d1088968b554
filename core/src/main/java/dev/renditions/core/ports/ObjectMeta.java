package dev.renditions.core.ports;

import dev.renditions.core.keys.S3Location;
import java.time.Instant;
import java.util.Map;

/** What a HEAD or a listing says about an object. {@code versionId} is null on unversioned buckets. */
public record ObjectMeta(
        S3Location location,
        long size,
        String etag,
        String versionId,
        String contentType,
        Instant lastModified,
        Map<String, String> metadata) {
    public ObjectMeta {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        etag = unquote(etag);
    }

    /** ETags arrive quoted from S3 ({@code "abc"}); events carry them bare. We keep them bare. */
    public static String unquote(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
