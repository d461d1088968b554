package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Rendition;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The libjpeg-turbo encoder writes what the ImageIO encoder writes: same pixels after decoding, 4:2:0, the progressive
 * flag honoured, JFIF APP0 as the only application segment, the same bytes every time.
 */
class NativeJpegEncoderTest {
    @BeforeAll
    static void nativeLibraryBuilt() {
        assumeTrue(TestImages.nativeJpegExpected(), "native JPEG library not built (libjpeg headers missing) or off");
    }

    /** A photo: the Canon 7D test image decoded by ImageIO, so both encoders get the same, real pixels. */
    private static Raster8 photo() {
        return Decoder.toRaster(TestImages.decode(TestImages.resource("icc-adobergb-canon7d.jpg")))
                .raster();
    }

    @ParameterizedTest(name = "quality {0}, progressive {1}")
    @CsvSource({"80, true", "88, true", "88, false", "50, false", "100, true", "75, false"})
    void sameBytesAsImageIoWhereTheTablesAgree(int quality, boolean progressive) {
        Raster8 raster = photo();
        Rendition r =
                Rendition.of("e", 1000, 1000, Fit.INSIDE).withQuality(quality).withProgressive(progressive);
        byte[] nat = Encoder.encode(raster, r, true);
        byte[] jdk = Encoder.encode(raster, r, false);
        // Both are the system's libjpeg-turbo with the same tables, DCT, scan script and Huffman optimisation.
        assertArrayEquals(afterHeaders(jdk), afterHeaders(nat));
        assertEquals(0, maxSampleDifference(TestImages.decode(nat), TestImages.decode(jdk)));
    }

    /**
     * ImageIO scales the quantisation tables in float (0.85f gives a scale of 0.29999995) and rounds four of the 128
     * entries one step lower than libjpeg's integer {@code jpeg_set_quality}, which vipsthumbnail and cjpeg use too.
     * Of the qualities 50 to 100 only 85 is affected; the decoded pixels stay within a few levels.
     */
    @Test
    void quality85DiffersFromImageIoOnlyByTableRounding() {
        Raster8 raster = photo();
        Rendition r = Rendition.of("e", 1000, 1000, Fit.INSIDE).withQuality(85);
        BufferedImage nat = TestImages.decode(Encoder.encode(raster, r, true));
        BufferedImage jdk = TestImages.decode(Encoder.encode(raster, r, false));
        int worst = maxSampleDifference(nat, jdk);
        double mean = meanSampleDifference(nat, jdk);
        assertTrue(worst <= 12 && mean < 0.1, "max " + worst + ", mean " + mean);
    }

    /** The tables are libjpeg's: Annex K scaled by quality as jpeg_set_quality(q, TRUE) does, for every quality. */
    @Test
    void quantisationTablesAreLibjpegsForEveryQuality() throws IOException {
        Raster8 raster = Raster8.allocate(16, 16, 3);
        for (int q = 1; q <= 100; q++) {
            int scale = q < 50 ? 5000 / q : 200 - 2 * q;
            int[][] tables = TestImages.quantisationTables(NativeJpeg.encode(raster, q, false));
            for (int t = 0; t < 2; t++) {
                int[] basic = t == 0 ? ANNEX_K_LUMA : ANNEX_K_CHROMA;
                for (int i = 0; i < 64; i++) {
                    int expected = Math.max(1, Math.min(255, (basic[i] * scale + 50) / 100));
                    assertEquals(expected, tables[t][i], "quality " + q + " table " + t + " entry " + i);
                }
            }
        }
    }

    private static int maxSampleDifference(BufferedImage a, BufferedImage b) {
        assertEquals(b.getWidth(), a.getWidth());
        assertEquals(b.getHeight(), a.getHeight());
        int worst = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)));
                }
            }
        }
        return worst;
    }

    private static double meanSampleDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    /** ITU T.81 Annex K tables, in natural (row-major) order. */
    private static final int[] ANNEX_K_LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29,
        51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121,
        120, 101, 72, 92, 95, 98, 112, 100, 103, 99
    };

    private static final int[] ANNEX_K_CHROMA = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99
    };

    @ParameterizedTest(name = "progressive {0}")
    @CsvSource({"true, 194", "false, 192"}) // SOF2 or SOF0
    void writesJfif420AndHonoursTheProgressiveFlag(boolean progressive, int sof) throws IOException {
        byte[] jpeg = NativeJpeg.encode(photo(), 85, progressive);
        List<Integer> markers = TestImages.jpegMarkers(jpeg);
        assertEquals(0xE0, markers.get(0), "JFIF APP0 first");
        assertEquals(
                List.of(0xE0),
                markers.stream().filter(m -> m >= 0xE0 && m <= 0xEF).toList(),
                "no APPn but APP0");
        assertTrue(markers.stream().noneMatch(m -> m == 0xFE), "no comment");
        assertTrue(markers.contains(sof), "SOF " + Integer.toHexString(sof) + " in " + markers);
        int[][] f = TestImages.samplingFactors(jpeg);
        assertArrayEquals(new int[] {2, 2}, f[0]);
        assertArrayEquals(new int[] {1, 1}, f[1]);
        assertArrayEquals(new int[] {1, 1}, f[2]);
    }

    @Test
    void sameBytesEveryTime() throws IOException {
        Raster8 raster = photo();
        assertArrayEquals(NativeJpeg.encode(raster, 88, true), NativeJpeg.encode(raster, 88, true));
        assertArrayEquals(NativeJpeg.encode(raster, 88, false), NativeJpeg.encode(raster, 88, false));
    }

    @Test
    void encodesOddSizesAndOnePixel() throws IOException {
        for (int[] size : new int[][] {{1, 1}, {17, 3}, {3, 33}, {1001, 7}}) {
            Raster8 r = Raster8.allocate(size[0], size[1], 3);
            java.util.Arrays.fill(r.data, (byte) 200);
            BufferedImage out = TestImages.decode(NativeJpeg.encode(r, 90, true));
            assertEquals(size[0], out.getWidth());
            assertEquals(size[1], out.getHeight());
            assertEquals(200, out.getRGB(size[0] - 1, size[1] - 1) & 0xFF, 2);
        }
    }

    @Test
    void refusesWhatItCannotEncode() {
        Raster8 rgba = Raster8.allocate(4, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> NativeJpeg.encode(rgba, 80, false));
        Raster8 rgb = Raster8.allocate(4, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> NativeJpeg.encode(rgb, 0, false));
        assertThrows(IllegalArgumentException.class, () -> NativeJpeg.encode(rgb, 101, false));
        // libjpeg's own limit: 65,500 pixels a side
        Raster8 wide = Raster8.allocate(65_501, 1, 3);
        assertThrows(IOException.class, () -> NativeJpeg.encode(wide, 80, false));
    }

    /** From the first DQT on: the encoders' APP0 segments may differ (JFIF version, density). */
    private static byte[] afterHeaders(byte[] jpeg) {
        int pos = 2;
        while ((jpeg[pos + 1] & 0xFF) != 0xDB) {
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
        return java.util.Arrays.copyOfRange(jpeg, pos, jpeg.length);
    }
}
