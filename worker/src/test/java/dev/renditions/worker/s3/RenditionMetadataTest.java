package dev.renditions.worker.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.SourceState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenditionMetadataTest {
    static final Rendition THUMB = Rendition.of("thumb", 320, 320, Fit.COVER);

    static SourceState state(S3Location src, String version, String etag) {
        return new SourceState(
                new RenditionDetail.Source(src.uri(), src.bucket(), src.key(), version, etag), 10, version, etag);
    }

    static Map<String, String> metadata(String key) {
        S3Location src = new S3Location("in", key);
        return RenditionMetadata.of(
                new RenderResult(THUMB, new byte[] {1}, 320, 213), src, state(src, "v1", "e1"), "s");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "uploads/cat.jpg",
                "uploads/a b+c.jpg",
                "uploads/100%.jpg",
                "uploads/%41.jpg",
                "uploads/ünïcödé 😀.png",
                " leading.jpg",
                "trailing.jpg ",
                "tab\there.jpg",
                "uploads/a+b%2Bc d~e.jpg"
            })
    void everyStoredKeyIsPrintableAsciiAndDecodesBack(String key) {
        String stored = RenditionMetadata.encodeKey(key);
        assertTrue(stored.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), stored);
        assertFalse(stored.startsWith(" ") || stored.endsWith(" "), stored);
        assertEquals(key, RenditionMetadata.decodeKey(stored));
    }

    @Test
    void plainKeysStayReadableAndTheOthersArePercentEncoded() {
        assertEquals("uploads/cat 1+2.jpg", RenditionMetadata.encodeKey("uploads/cat 1+2.jpg"));
        assertEquals("uploads/100%25.jpg", RenditionMetadata.encodeKey("uploads/100%.jpg"));
        assertEquals("uploads/%C3%BC%20x.jpg", RenditionMetadata.encodeKey("uploads/ü x.jpg"));
        assertEquals("a+b", RenditionMetadata.decodeKey("a+b"), "a plus is a plus, not a space");
    }

    @Test
    void recordsTheSourceTheHashesAndThePixelSize() {
        Map<String, String> m = metadata("uploads/cat.jpg");
        assertEquals("in", m.get("source-bucket"));
        assertEquals("uploads/cat.jpg", m.get("source-key"));
        assertEquals("v1", m.get("source-version"));
        assertEquals("e1", m.get("source-etag"));
        assertEquals("s", m.get("spec-hash"));
        assertEquals(dev.renditions.core.spec.RenditionSpec.renditionHash(THUMB), m.get("rendition-hash"));
        assertEquals("thumb", m.get("rendition"));
        assertEquals("320", m.get("width"));
        assertEquals("213", m.get("height"));
    }

    @Test
    void aLongAsciiKeyFitsButALongUnicodeKeyIsLeftOutToStayUnderTwoKilobytes() {
        String ascii = "uploads/" + "k".repeat(1000);
        Map<String, String> m = metadata(ascii);
        assertEquals(ascii, m.get("source-key"));
        assertTrue(RenditionMetadata.size(m) <= RenditionMetadata.MAX_BYTES);

        String unicode = "uploads/" + "ü".repeat(500); // 1,008 bytes, 3,008 characters encoded
        Map<String, String> u = metadata(unicode);
        assertFalse(u.containsKey("source-key"));
        assertTrue(RenditionMetadata.size(u) <= RenditionMetadata.MAX_BYTES, () -> "size " + RenditionMetadata.size(u));
        assertEquals("in", u.get("source-bucket"));
    }

    static ObjectMeta target(Map<String, String> metadata) {
        return new ObjectMeta(
                new S3Location("out", "r/x/thumb.jpg"), 100, "\"t\"", null, "image/jpeg", Instant.EPOCH, metadata);
    }

    @Test
    void upToDateNeedsTheSameSourceVersionOrEtagAndTheSameRenditionHash() {
        S3Location src = new S3Location("in", "uploads/ü.jpg");
        Map<String, String> m = new HashMap<>(RenditionMetadata.of(
                new RenderResult(THUMB, new byte[] {1}, 320, 320), src, state(src, "v1", "e1"), "spec"));
        assertTrue(RenditionMetadata.upToDate(target(m), THUMB, src, state(src, "v1", "e1")));
        assertTrue(
                RenditionMetadata.upToDate(target(m), THUMB, src, state(src, "v1", "other")),
                "a version id decides when there is one");
        assertFalse(RenditionMetadata.upToDate(target(m), THUMB, src, state(src, "v2", "e1")));
        assertFalse(RenditionMetadata.upToDate(target(m), THUMB.withQuality(50), src, state(src, "v1", "e1")));
        assertFalse(RenditionMetadata.upToDate(
                target(m), THUMB, new S3Location("other", src.key()), state(src, "v1", "e1")));
        assertFalse(RenditionMetadata.upToDate(
                target(m), THUMB, new S3Location("in", "uploads/u.jpg"), state(src, "v1", "e1")));

        Map<String, String> unversioned = new HashMap<>(m);
        unversioned.remove("source-version");
        assertTrue(RenditionMetadata.upToDate(target(unversioned), THUMB, src, state(src, null, "e1")));
        assertFalse(RenditionMetadata.upToDate(target(unversioned), THUMB, src, state(src, null, "e2")));
        assertFalse(RenditionMetadata.upToDate(target(unversioned), THUMB, src, state(src, null, null)));

        Map<String, String> noSize = new HashMap<>(m);
        noSize.put("width", "wide");
        assertFalse(RenditionMetadata.upToDate(target(noSize), THUMB, src, state(src, "v1", "e1")));
        assertFalse(RenditionMetadata.upToDate(target(Map.of()), THUMB, src, state(src, "v1", "e1")));
    }

    @Test
    void theSizeIsCountedInUtf8Bytes() {
        assertEquals(3 + 2, RenditionMetadata.size(Map.of("abc", "ü")));
        assertEquals("ü".getBytes(StandardCharsets.UTF_8).length, 2);
    }
}
