package dev.renditions.worker.s3;

import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.SourceState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The user metadata ({@code x-amz-meta-*}) every rendition is stored with, and the idempotency rule that reads it
 * back.
 *
 * <table>
 *   <caption>keys (lower case)</caption>
 *   <tr><td>{@code source-bucket}</td><td>the source's bucket</td></tr>
 *   <tr><td>{@code source-key}</td><td>the source's key, percent-encoded when needed (see {@link #encodeKey})</td></tr>
 *   <tr><td>{@code source-version}</td><td>the source's version id (absent when unversioned)</td></tr>
 *   <tr><td>{@code source-etag}</td><td>the source's ETag, without quotes</td></tr>
 *   <tr><td>{@code spec-hash}</td><td>hash of the whole spec the run used ({@code RenditionSpec.hash()})</td></tr>
 *   <tr><td>{@code rendition-hash}</td><td>hash of this rendition's definition
 *       ({@code RenditionSpec.renditionHash})</td></tr>
 *   <tr><td>{@code rendition}</td><td>the rendition's name</td></tr>
 *   <tr><td>{@code width}, {@code height}</td><td>the rendition's pixel size</td></tr>
 * </table>
 *
 * <p>S3 user metadata must be US-ASCII and, per PUT, at most 2 KB counted as the UTF-8 bytes of every key and value.
 * Every value here is ASCII except possibly the source key, which is stored percent-encoded whenever it holds
 * anything but printable ASCII without {@code %} and without leading or trailing spaces; so percent-decoding the
 * stored value (RFC 3986: {@code %XX} is a UTF-8 byte, {@code +} stays a plus) always gives the key back. When the
 * encoded key would push the metadata over the 2 KB limit (long non-ASCII keys), {@code source-key} is left out;
 * the rendition's own key already names its source.
 *
 * <p>Up to date ({@link #upToDate}): the stored rendition was made from the same source (bucket, key when recorded,
 * and version id, or the ETag when the source has no version id) with the same {@code rendition-hash}. The whole-spec
 * hash is recorded but not compared, so adding a rendition to the spec does not re-render the others.
 */
public final class RenditionMetadata {
    public static final String SOURCE_BUCKET = "source-bucket";
    public static final String SOURCE_KEY = "source-key";
    public static final String SOURCE_VERSION = "source-version";
    public static final String SOURCE_ETAG = "source-etag";
    public static final String SPEC_HASH = "spec-hash";
    public static final String RENDITION_HASH = "rendition-hash";
    public static final String RENDITION = "rendition";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";

    /** S3's limit on user metadata per PUT: the UTF-8 bytes of every key and value. */
    public static final int MAX_BYTES = 2048;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RenditionMetadata() {}

    /** The metadata of {@code result}, made from {@code source} (as {@code state} found it) with spec {@code specHash}. */
    public static Map<String, String> of(RenderResult result, S3Location source, SourceState state, String specHash) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Rendition r = result.rendition();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SOURCE_BUCKET, source.bucket());
        m.put(SOURCE_KEY, encodeKey(source.key()));
        putIfSet(m, SOURCE_VERSION, ascii(state.versionId()));
        putIfSet(m, SOURCE_ETAG, ascii(state.etag()));
        m.put(SPEC_HASH, Objects.requireNonNull(specHash, "specHash"));
        m.put(RENDITION_HASH, RenditionSpec.renditionHash(r));
        m.put(RENDITION, r.name());
        m.put(WIDTH, String.valueOf(result.width()));
        m.put(HEIGHT, String.valueOf(result.height()));
        if (size(m) > MAX_BYTES) {
            m.remove(SOURCE_KEY);
        }
        return m;
    }

    /**
     * True when {@code target} (a HEAD of the rendition's key) was made from the source {@code state} describes with
     * this rendition's current definition, and records a usable pixel size.
     */
    public static boolean upToDate(ObjectMeta target, Rendition r, S3Location source, SourceState state) {
        Map<String, String> m = target.metadata();
        if (!RenditionSpec.renditionHash(r).equals(m.get(RENDITION_HASH))) {
            return false;
        }
        if (!source.bucket().equals(m.get(SOURCE_BUCKET))) {
            return false;
        }
        String key = m.get(SOURCE_KEY);
        if (key != null && !key.equals(encodeKey(source.key()))) {
            return false;
        }
        boolean sameSource = state.versionId() != null
                ? state.versionId().equals(m.get(SOURCE_VERSION))
                : state.etag() != null && state.etag().equals(m.get(SOURCE_ETAG));
        return sameSource && dimension(m.get(WIDTH)) > 0 && dimension(m.get(HEIGHT)) > 0 && target.size() > 0;
    }

    /** A stored {@code width} or {@code height}, or 0 when absent or not a whole number of pixels. */
    public static int dimension(String value) {
        if (value == null || !value.matches("[0-9]{1,5}")) {
            return 0;
        }
        return Integer.parseInt(value);
    }

    /**
     * The key as stored in {@code source-key}: unchanged when it is printable ASCII without {@code %} and without
     * leading or trailing spaces; otherwise every UTF-8 byte other than {@code A-Z a-z 0-9 - . _ ~ /} as {@code %XX}.
     */
    public static String encodeKey(String key) {
        if (!needsEncoding(key)) {
            return key;
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** Percent-decodes a stored {@code source-key} ({@code +} is a plus); the inverse of {@link #encodeKey}. */
    public static String decodeKey(String stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < stored.length(); ) {
            if (stored.charAt(i) == '%'
                    && i + 2 < stored.length()
                    && isHex(stored.charAt(i + 1))
                    && isHex(stored.charAt(i + 2))) {
                out.write(Integer.parseInt(stored.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = stored.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static boolean needsEncoding(String key) {
        if (key.isEmpty()) {
            return false;
        }
        if (key.charAt(0) == ' ' || key.charAt(key.length() - 1) == ' ') {
            return true;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '%') {
                return true;
            }
        }
        return false;
    }

    /** Size as S3 counts it: the UTF-8 bytes of every key and value. */
    static int size(Map<String, String> m) {
        int n = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            n += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f';
    }

    /** Version ids and ETags are ASCII; anything else would be refused by S3, so it is not recorded. */
    private static String ascii(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x21 || s.charAt(i) > 0x7E) {
                return null;
            }
        }
        return s;
    }

    private static void putIfSet(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
