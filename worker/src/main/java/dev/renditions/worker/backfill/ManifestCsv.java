package dev.renditions.worker.backfill;

import dev.renditions.core.keys.S3Location;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The manifest chunks a backfill writes and {@code render --manifest} reads: the S3 Batch Operations CSV form
 * ({@code S3BatchOperations_CSV_20180820}), one object a line, {@code \n}-terminated, UTF-8, no header:
 *
 * <pre>
 * bucket,key
 * bucket,key,versionId
 * </pre>
 *
 * <p>Keys are URL-encoded as S3 Inventory writes them ({@code application/x-www-form-urlencoded} in UTF-8: a space is
 * {@code +}, a plus {@code %2B}, a comma {@code %2C}), except that {@code /} is left as it is for readability; decode
 * with {@link URLDecoder#decode(String, java.nio.charset.Charset)} (which reads {@code /} and {@code %2F} alike). A
 * version id, when present, pins the object version to render. Readers also accept quoted fields, so an S3 Inventory
 * CSV file with {@code Bucket, Key} as its first columns reads the same way.
 */
public final class ManifestCsv {
    private ManifestCsv() {}

    /** One line of a manifest. */
    public record Entry(String bucket, String key, String versionId) {
        public Entry {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            if (bucket.isEmpty() || key.isEmpty()) {
                throw new IllegalArgumentException("a manifest line needs a bucket and a key");
            }
            if (versionId != null && versionId.isBlank()) {
                versionId = null;
            }
        }

        public S3Location location() {
            return new S3Location(bucket, key);
        }
    }

    /** The line for one object, without the line break. */
    public static String line(String bucket, String key, String versionId) {
        String l = bucket + "," + encodeKey(key);
        return versionId == null ? l : l + "," + versionId;
    }

    public static String line(Entry e) {
        return line(e.bucket(), e.key(), e.versionId());
    }

    /**
     * Reads one line ({@code bucket,key[,versionId]}, the key URL-encoded).
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static Entry parse(String line) {
        List<String> f = Csv.split(line);
        if (f.size() < 2 || f.size() > 3) {
            throw new IllegalArgumentException("expected bucket,key[,versionId] in a manifest line, found " + f.size()
                    + " field(s): " + Csv.abbreviate(line));
        }
        return new Entry(f.get(0), decodeKey(f.get(1)), f.size() == 3 ? f.get(2) : null);
    }

    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** Decodes a key as S3 Inventory and S3 Batch Operations encode it ({@code +} is a space). */
    public static String decodeKey(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL-encoded key: " + Csv.abbreviate(encoded), e);
        }
    }
}
