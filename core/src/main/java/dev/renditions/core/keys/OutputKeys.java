package dev.renditions.core.keys;

import dev.renditions.core.spec.Rendition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where renditions go. In S3: {@code <prefix><source key>/<rendition>.<ext>}; on disk:
 * {@code <dir>/<source file name>/<rendition>.<ext>}, so two sources that differ only by extension never collide.
 *
 * <p>S3 keys are at most 1,024 bytes of UTF-8. When {@code prefix + source key + "/" + file} would be longer, the
 * source key part is cut (on a character boundary) and followed by {@code "~"} and 16 hex digits of the SHA-256 of the
 * whole source key, which keeps keys unique and deterministic.
 */
public final class OutputKeys {
    public static final int MAX_KEY_BYTES = 1024;
    private static final int HASH_SUFFIX = 17; // "~" + 16 hex digits

    private OutputKeys() {}

    public static String key(String prefix, String sourceKey, Rendition rendition) {
        return key(prefix, sourceKey, rendition.fileName());
    }

    public static String key(String prefix, String sourceKey, String fileName) {
        String tail = "/" + fileName;
        String full = prefix + sourceKey + tail;
        if (utf8(full) <= MAX_KEY_BYTES) {
            return full;
        }
        int budget = MAX_KEY_BYTES - utf8(prefix) - utf8(tail) - HASH_SUFFIX;
        if (budget < 1) {
            throw new IllegalArgumentException("output prefix '" + prefix + "' leaves no room for a key");
        }
        return prefix + cut(sourceKey, budget) + "~" + sha16(sourceKey) + tail;
    }

    /** The folder (key prefix, ending in "/") that holds every rendition of one source. */
    public static String folder(String prefix, String sourceKey) {
        String k = key(prefix, sourceKey, "x");
        return k.substring(0, k.length() - 1);
    }

    /** True when {@code key} starts with {@code prefix}; an empty prefix contains every key. */
    public static boolean isUnder(String key, String prefix) {
        return prefix == null || prefix.isEmpty() || key.startsWith(prefix);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String cut(String s, int maxBytes) {
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = utf8(new String(Character.toChars(cp)));
            if (used + n > maxBytes) {
                break;
            }
            sb.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String sha16(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
