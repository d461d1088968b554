package dev.renditions.core.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.spec.Limits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The probe works on hand-built headers; real files are covered in the imaging module's tests. */
class HeaderProbeTest {
    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void jpegDimensionsFromTheFrameHeader() {
        byte[] jpeg = bytes(
                0xFF, 0xD8, // SOI
                0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, // APP0
                0xFF, 0xC2, 0, 17, 8, 0x0B, 0xB8, 0x0F, 0xA0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1); // SOF2 4000x3000
        ImageHeader h = HeaderProbe.probe(jpeg, false);
        assertEquals(ImageFormat.JPEG, h.format());
        assertEquals(4000, h.width());
        assertEquals(3000, h.height());
        assertTrue(h.progressive());
        assertEquals(ColorKind.YCBCR, h.colorKind());
    }

    @Test
    void prefixWithoutFrameHeaderLeavesDimensionsUnknown() {
        byte[] jpeg = bytes(0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 'E', 'x', 'i', 'f', 0, 0); // APP1 of 16 KiB, cut
        ImageHeader h = HeaderProbe.probe(jpeg, false);
        assertEquals(ImageFormat.JPEG, h.format());
        assertFalse(h.hasDimensions());
        LimitCheck.checkPixels(h, Limits.DEFAULT); // unknown passes; the worker checks again
        assertThrows(HeaderProbe.CorruptHeaderException.class, () -> HeaderProbe.probe(jpeg, true));
    }

    @Test
    void aBmpWrappingAJpegOrPngIsRefused() {
        // BITMAPINFOHEADER declaring 1x1 with compression 4 (BI_JPEG): the JPEG inside may be of any size
        byte[] bmp = new byte[54];
        bmp[0] = 'B';
        bmp[1] = 'M';
        bmp[14] = 40; // header size
        bmp[18] = 1; // width
        bmp[22] = 1; // height
        bmp[26] = 1; // planes
        bmp[28] = 24; // bits
        bmp[30] = 4; // compression
        var e = assertThrows(HeaderProbe.CorruptHeaderException.class, () -> HeaderProbe.probe(bmp, true));
        assertEquals(
                "BMP with an embedded JPEG is not supported: expected uncompressed, RLE or bit-field pixels, found"
                        + " compression 4",
                e.getMessage());
        bmp[30] = 0;
        assertEquals(1, HeaderProbe.probe(bmp, true).width());
    }

    @Test
    void pngHeader() {
        byte[] png = bytes(
                0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0x75, 0x30, 0, 0,
                0x75, 0x30, 16, 6, 0, 0, 0);
        ImageHeader h = HeaderProbe.probe(png, false);
        assertEquals(30000, h.width());
        assertEquals(30000, h.height());
        assertEquals(16, h.bitsPerSample());
        assertTrue(h.alpha());
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> LimitCheck.checkPixels(h, Limits.DEFAULT));
        assertEquals(InvalidInputException.LIMIT_EXCEEDED, e.code());
        assertTrue(e.getMessage().contains("30000x30000 = 900000000 pixels"), e.getMessage());
    }

    @Test
    void sniffsByContentNotName() {
        assertEquals(ImageFormat.TEXT, FormatSniffer.sniff("hello".getBytes(StandardCharsets.UTF_8), 5));
        assertEquals(ImageFormat.GIF, FormatSniffer.sniff("GIF89a....".getBytes(StandardCharsets.US_ASCII), 10));
        byte[] heic = bytes(0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c');
        assertEquals(ImageFormat.HEIF, FormatSniffer.sniff(heic, heic.length));
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> LimitCheck.checkFormat(ImageFormat.HEIF));
        assertTrue(e.getMessage().contains("found HEIF/HEIC"), e.getMessage());
        assertEquals(ImageFormat.UNKNOWN, FormatSniffer.sniff(bytes(1, 2, 3, 0, 0xFF), 5));
    }

    @Test
    void emptyAndOversizedSources() {
        assertEquals(
                InvalidInputException.EMPTY_SOURCE,
                assertThrows(InvalidInputException.class, () -> LimitCheck.checkBytes(0, Limits.DEFAULT))
                        .code());
        assertEquals(
                InvalidInputException.LIMIT_EXCEEDED,
                assertThrows(
                                InvalidInputException.class,
                                () -> LimitCheck.checkBytes(Limits.DEFAULT_MAX_BYTES + 1, Limits.DEFAULT))
                        .code());
    }
}
