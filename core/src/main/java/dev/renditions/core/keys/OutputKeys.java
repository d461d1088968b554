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
 * <p>S3 keys are at most 1,024 bytes of UTF-8. When {@code prefix + source key + "/"} leaves less than 37 bytes for
 * the longest possible rendition file name, the source key part is cut (on a character boundary) and followed by
 * {@code "~"} and 16 hex digits of the SHA-256 of the whole source key, which keeps keys unique and deterministic and
 * keeps every rendition of a source in one folder. A source key that already ends in that shape ({@code "~"} and 16
 * lowercase hex digits) is shortened the same way even when it fits: otherwise a short key could be uploaded that
 * spells out a long key's shortened folder, and the two sources would overwrite each other's renditions.
 */
public final class OutputKeys {
    public static final int MAX_KEY_BYTES = 1024;
    private static final int HASH_SUFFIX = 17; // "~" + 16 hex digits
    /** A rendition file name is at most 32 bytes of name, a dot and a 4-byte extension. */
    static final int MAX_FILE_BYTES = 32 + 1 + 4;

    private OutputKeys() {}

    public static String key(String prefix, String sourceKey, Rendition rendition) {
        return key(prefix, sourceKey, rendition.fileName());
    }

    public static String key(String prefix, String sourceKey, String fileName) {
        return folder(prefix, sourceKey) + fileName;
    }

    /**
     * The folder (key prefix, ending in "/") that holds every rendition of one source. The same for every rendition:
     * room for the longest rendition file name ({@value #MAX_FILE_BYTES} bytes) is always kept.
     */
    public static String folder(String prefix, String sourceKey) {
        if (utf8(prefix) + utf8(sourceKey) + 1 + MAX_FILE_BYTES <= MAX_KEY_BYTES && !looksShortened(sourceKey)) {
            return prefix + sourceKey + "/";
        }
        int budget = MAX_KEY_BYTES - utf8(prefix) - 1 - MAX_FILE_BYTES - HASH_SUFFIX;
        if (budget < 1) {
            throw new IllegalArgumentException("output prefix '" + prefix + "' leaves no room for a key");
        }
        return prefix + cut(sourceKey, budget) + "~" + sha16(sourceKey) + "/";
    }

    /** True when {@code key} starts with {@code prefix}; an empty prefix contains every key. */
    public static boolean isUnder(String key, String prefix) {
        return prefix == null || prefix.isEmpty() || key.startsWith(prefix);
    }

    /** True when {@code key} ends like a shortened folder name: "~" and 16 lowercase hex digits. */
    private static boolean looksShortened(String key) {
        int tilde = key.length() - HASH_SUFFIX;
        if (tilde < 0 || key.charAt(tilde) != '~') {
            return false;
        }
        for (int i = tilde + 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
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
