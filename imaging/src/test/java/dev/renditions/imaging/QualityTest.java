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
import org.junit.jupiter.params.provider.ValueSource;

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
     * Reductions that a truncating JPEG scale (5/8, 6/8) would have served: the renderer decodes such JPEGs at a
     * box-like scale or at full size instead, so one-pixel stripes and checkerboards still come out flat grey (at 5/8
     * and 6/8 they rippled 96..159).
     */
    @ParameterizedTest(name = "reduction of a 2000 px JPEG to {0} px")
    @ValueSource(ints = {1200, 1000, 700})
    void jpegReductionsBetweenHalfAndFullSizeDoNotRipple(int target) {
        assumeTrue(TestImages.nativeJpegExpected(), "native JPEG library not built or off");
        Rendition r = Rendition.of("m", target, target, Fit.INSIDE).withFormat(OutputFormat.PNG);
        Renderer renderer = new Renderer();
        for (BufferedImage pattern : List.of(stripes(2000), checkerboard(2000))) {
            byte[] jpeg = TestImages.encode(pattern, "jpeg");
            ImageSource source = ImageSource.of("p.jpg", jpeg);
            int scale = renderer.jpegScale(ImageProbe.read(source), jpeg.length, target, target);
            assertTrue(scale == 8 || scale == 4, "a box-like scale or full size, found " + scale + "/8");
            int[] range = TestImages.blueRangeInside(
                    TestImages.decode(renderer.render(source, Limits.DEFAULT, List.of(r))
                            .get(0)
                            .bytes()),
                    3);
            assertTrue(range[0] >= 120 && range[1] <= 135, "flat grey expected, found " + range[0] + ".." + range[1]);
        }
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
