package dev.renditions.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** WebP's RIFF chunks walked by the probe, on hand-built files: sizes from outside must never loop or overflow. */
class WebpHeaderProbeTest {
    /** A liveness guard, not a speed check: a chunk walk that loops would otherwise hang the build. */
    private static final Duration NEVER_HANGS = Duration.ofSeconds(30);

    static byte[] chunk(String type, long declaredSize, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(declaredSize));
        out.writeBytes(content);
        if ((content.length & 1) == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] content) {
        return chunk(type, content.length, content);
    }

    /** A RIFF/WEBP file of the chunks; {@code riffSize} null: the true size. */
    static byte[] webp(Long riffSize, byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(riffSize == null ? body.size() : riffSize));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] vp8x(int width, int height) {
        int w = width - 1;
        int h = height - 1;
        return chunk("VP8X", new byte[] {
            0x20, 0, 0, 0, (byte) w, (byte) (w >> 8), (byte) (w >> 16), (byte) h, (byte) (h >> 8), (byte) (h >> 16)
        });
    }

    static byte[] vp8l(int width, int height) {
        long bits = (width - 1) | ((long) (height - 1) << 14);
        byte[] b = le32(bits);
        return chunk("VP8L", new byte[] {0x2F, b[0], b[1], b[2], b[3], 0, 0, 0});
    }

    @Test
    void aStillImageWithExtendedHeader() {
        ImageHeader h = HeaderProbe.probe(webp(null, vp8x(640, 480), vp8l(640, 480)), true);
        assertEquals(640, h.width());
        assertEquals(480, h.height());
        assertEquals(1, h.frames());
    }

    @Test
    void aChunkSizeThatWrapsAroundIsCorruptNotALoop() {
        // 0xFFFFFFF8 as an int is -8: the next chunk would start where this one did
        byte[] file = webp(null, vp8x(640, 480), chunk("JUNK", 0xFFFFFFF8L, new byte[0]), vp8l(640, 480));
        var e = assertThrows(
                HeaderProbe.CorruptHeaderException.class,
                () -> assertTimeoutPreemptively(NEVER_HANGS, () -> HeaderProbe.probe(file, true)));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "WebP chunk 'JUNK' at byte 30 overruns the RIFF data: expected the 4294967288 bytes it declares, found "),
                e.getMessage());
        // on a prefix of unknown length the rest is unknown, and the dimensions are already known
        ImageHeader prefix = assertTimeoutPreemptively(NEVER_HANGS, () -> HeaderProbe.probe(file, false));
        assertEquals(640, prefix.width());
        // with the file's length known, the chunk is seen to overrun it
        assertThrows(
                HeaderProbe.CorruptHeaderException.class,
                () -> HeaderProbe.probe(file, file.length, false, file.length));
    }

    @Test
    void anIccProfileLargerThanTheFileIsCorrupt() {
        byte[] file = webp(null, vp8x(64, 64), chunk("ICCP", 0xFFFFFFFFL, new byte[16]), vp8l(64, 64));
        var e = assertThrows(HeaderProbe.CorruptHeaderException.class, () -> HeaderProbe.probe(file, true));
        assertTrue(e.getMessage().contains("'ICCP'"), e.getMessage());
        assertEquals(64, HeaderProbe.probe(file, false).width(), "a prefix stops there, knowing the size");
    }

    @Test
    void aFileShorterThanItsRiffHeaderSaysIsTruncated() {
        byte[] whole = webp(null, vp8x(64, 64), vp8l(64, 64));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        var e = assertThrows(HeaderProbe.CorruptHeaderException.class, () -> HeaderProbe.probe(cut, true));
        assertEquals(
                "WebP is truncated: expected the " + whole.length + " bytes its RIFF header declares, found "
                        + cut.length,
                e.getMessage());
        assertEquals(64, HeaderProbe.probe(cut, false).width(), "a prefix may well be shorter");

        // a prefix of a file whose length is known: the worker reads the first bytes of a large file, the
        // dispatcher the first 64 KiB of an object of the event's size
        byte[] prefix = java.util.Arrays.copyOf(whole, 40);
        var known = assertThrows(
                HeaderProbe.CorruptHeaderException.class,
                () -> HeaderProbe.probe(prefix, prefix.length, false, cut.length));
        assertEquals(e.getMessage(), known.getMessage());
        assertEquals(
                64,
                HeaderProbe.probe(prefix, prefix.length, false, whole.length).width());
    }

    @Test
    void bytesAfterTheRiffDataAreNotChunks() {
        // some tools append data to a file; libwebp and libvips read such files
        byte[] webp = webp(null, vp8x(64, 64), vp8l(64, 64));
        byte[] trailing = "trailing bytes appended by a tool\n".getBytes(StandardCharsets.US_ASCII);
        byte[] file = java.util.Arrays.copyOf(webp, webp.length + trailing.length);
        System.arraycopy(trailing, 0, file, webp.length, trailing.length);
        ImageHeader h = HeaderProbe.probe(file, true);
        assertEquals(64, h.width());
        assertEquals(1, h.frames());
        assertEquals(64, HeaderProbe.probe(file, 40, false, file.length).width());
    }

    @Test
    void anOddLastChunkWithoutItsPadByteIsAccepted() {
        byte[] padded = webp(null, vp8x(64, 64), chunk("VP8L", new byte[] {0x2F, 63, 0, 0, 0, 0, 0}));
        byte[] unpadded = java.util.Arrays.copyOf(padded, padded.length - 1);
        unpadded[4]--; // the RIFF size without the pad byte
        assertEquals(1, HeaderProbe.probe(unpadded, true).frames());
    }

    @Test
    void anExtendedHeaderWithoutImageDataIsCorrupt() {
        var e = assertThrows(
                HeaderProbe.CorruptHeaderException.class, () -> HeaderProbe.probe(webp(null, vp8x(10, 10)), true));
        assertEquals("WebP has no image data: expected a VP8, VP8L or ANMF chunk, found none", e.getMessage());
    }
}
