package dev.renditions.core.keys;

import java.util.Objects;

/**
 * A bucket and a key (or key prefix). {@code s3://bucket/key} URIs carry the key as it is, not URL-encoded, as the
 * AWS CLI writes them.
 */
public record S3Location(String bucket, String key) {
    public static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("expected a bucket name in the S3 URI, found none");
        }
    }

    public static boolean isS3(String uri) {
        return uri != null && uri.startsWith(SCHEME);
    }

    /** Parses {@code s3://bucket/key}; the key may be empty (a whole bucket) and may contain any character. */
    public static S3Location parse(String uri) {
        if (!isS3(uri)) {
            throw new IllegalArgumentException("expected an S3 URI like s3://bucket/key, found '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        return slash < 0
                ? new S3Location(rest, "")
                : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    public String uri() {
        return SCHEME + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return uri();
    }
}
