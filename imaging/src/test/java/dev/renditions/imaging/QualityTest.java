package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityTest {
    /**
     * One-pixel black and white stripes (or a checkerboard) reduced 3x or more must come out as flat mid-grey: any
     * aliasing shows as bands of black or white (moire). The JPEG sources go through libjpeg-turbo's scaled decoding
     * when the native library is available: 1/8 for the largest reductions, 2/8 and 4/8 for the others.
     */
    @ParameterizedTest(name = "{1} reduced to {0} px")
    @CsvSource({
        "600, png", "400, png", "200, png", "150, png", "97, png", "64, png",
        "600, jpeg", "400, jpeg", "200, jpeg", "150, jpeg", "97, jpeg", "64, jpeg",
    })
    void noMoireOnLargeReductions(int target, String format) {
        Rendition r = Rendition.of("m", target, target, Fit.INSIDE).withFormat(OutputFormat.PNG);
        for (BufferedImage pattern : List.of(stripes(2000), checkerboard(2000))) {
            byte[] source = TestImages.encode(pattern, format);
            RenderResult res = new Renderer()
                    .render(ImageSource.of("p." + format, source), Limits.DEFAULT, List.of(r))
                    .get(0);
            BufferedImage out = TestImages.decode(res.bytes());
            int[] range = TestImages.blueRangeInside(out, 3);
            assertTrue(range[0] >= 120 && range[1] <= 135, "flat grey expected, found " + range[0] + ".." + range[1]);
        }
    }

    /**
     * A known limit, pinned so that it cannot grow unnoticed: libjpeg-turbo's 5/8 and 6/8 decoders truncate each 8x8
     * block's spectrum, so one-pixel stripes (all their energy at the Nyquist frequency, which camera photos do not
     * have) leak into the kept coefficients as a pattern of the block period, which the Lanczos step then keeps. The
     * full-size path gives flat grey here; the scaled path gives this bounded ripple (measured: 97..158 at 6/8,
     * 96..159 at 5/8, 117..139 at 5/8 with more margin). The checkerboard leaks less.
     */
    @ParameterizedTest(name = "reduction to {0} px at {1}/8")
    @CsvSource({"1200, 6", "1000, 5", "700, 5"})
    void truncatingJpegScalesKeepNyquistRippleBounded(int target, int scale) {
        assumeTrue(TestImages.nativeJpegExpected(), "native JPEG library not built or off");
        Rendition r = Rendition.of("m", target, target, Fit.INSIDE).withFormat(OutputFormat.PNG);
        Renderer renderer = new Renderer();
        byte[] stripes = TestImages.encode(stripes(2000), "jpeg");
        ImageSource source = ImageSource.of("s.jpg", stripes);
        assertEquals(scale, renderer.jpegScale(ImageProbe.read(source), stripes.length, target, target));
        int[] s = TestImages.blueRangeInside(
                TestImages.decode(renderer.render(source, Limits.DEFAULT, List.of(r))
                        .get(0)
                        .bytes()),
                3);
        assertTrue(s[0] >= 90 && s[1] <= 165, "stripes: ripple within 90..165, found " + s[0] + ".." + s[1]);
        byte[] checker = TestImages.encode(checkerboard(2000), "jpeg");
        int[] c = TestImages.blueRangeInside(
                TestImages.decode(renderer.render(ImageSource.of("c.jpg", checker), Limits.DEFAULT, List.of(r))
                        .get(0)
                        .bytes()),
                3);
        assertTrue(c[0] >= 112 && c[1] <= 143, "checkerboard: ripple within 112..143, found " + c[0] + ".." + c[1]);
    }

    private static BufferedImage stripes(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, (x & 1) == 0 ? 0 : 255);
            }
        }
        return img;
    }

    private static BufferedImage checkerboard(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, ((x + y) & 1) == 0 ? 0 : 255);
            }
        }
        return img;
    }

    @Test
    void noGpsOrOtherMetadataInOutputs() {
        byte[] jpeg = TestImages.withExif(TestImages.encode(TestImages.markedCorner(300, 200), "jpeg"), 1, true);
        assertTrue(new String(jpeg, StandardCharsets.ISO_8859_1).contains("Exif"), "input carries EXIF with GPS");
        for (OutputFormat f : OutputFormat.values()) {
            Rendition r = Rendition.of("g", 100, 100, Fit.INSIDE).withFormat(f);
            byte[] out = new Renderer()
                    .render(ImageSource.of("gps.jpg", jpeg), Limits.DEFAULT, List.of(r))
                    .get(0)
                    .bytes();
            String text = new String(out, StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("Exif"), f + ": no EXIF");
            assertFalse(text.contains("eXIf"), f + ": no PNG eXIf");
            if (f == OutputFormat.JPEG) {
                assertEquals(
                        List.of(0xE0),
                        TestImages.jpegMarkers(out).stream()
                                .filter(m -> m >= 0xE0 && m <= 0xEF)
                                .toList());
            }
        }
    }

    @Test
    void largerRenditionsAreSharpAndSmallOnesAreFromThem() {
        // The chain (large -> web -> thumb) must not lose more than direct rendering would: compare means.
        Rendition big = Rendition.of("big", 400, 400, Fit.INSIDE).withQuality(95);
        Rendition small = Rendition.of("small", 100, 100, Fit.INSIDE).withQuality(95);
        ImageSource src = TestImages.source("tiff-balloons.tif");
        List<RenderResult> both = new Renderer().render(src, Limits.DEFAULT, List.of(small, big));
        RenderResult alone =
                new Renderer().render(src, Limits.DEFAULT, List.of(small)).get(0);
        double[] a = TestImages.meanRgb(TestImages.decode(both.get(0).bytes()));
        double[] b = TestImages.meanRgb(TestImages.decode(alone.bytes()));
        for (int c = 0; c < 3; c++) {
            assertEquals(b[c], a[c], 1.0);
        }
    }
}
