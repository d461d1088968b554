package dev.renditions.core.ports;

/**
 * Pins a read to exactly the object an upload event named: a version id, an ETag, both or neither (latest).
 */
public record Pin(String versionId, String etag) {
    public static final Pin LATEST = new Pin(null, null);

    public Pin {
        versionId = blankToNull(versionId);
        if ("null".equals(versionId)) {
            versionId = null; // unversioned buckets report the literal string "null"
        }
        etag = blankToNull(ObjectMeta.unquote(etag));
    }

    public boolean isPinned() {
        return versionId != null || etag != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
