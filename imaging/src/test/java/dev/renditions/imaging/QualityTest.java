package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QualityTest {
    /**
     * One-pixel black and white stripes (or a checkerboard) reduced 10x or more must come out as flat mid-grey: any
     * aliasing shows as bands of black or white (moire).
     */
    @ParameterizedTest(name = "reduction to {0} px")
    @ValueSource(ints = {200, 150, 97, 64})
    void noMoireOnLargeReductions(int target) {
        int size = 2000;
        BufferedImage stripes = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage checker = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                stripes.getRaster().setSample(x, y, 0, (x & 1) == 0 ? 0 : 255);
                checker.getRaster().setSample(x, y, 0, ((x + y) & 1) == 0 ? 0 : 255);
            }
        }
        Rendition r = Rendition.of("m", target, target, Fit.INSIDE).withFormat(OutputFormat.PNG);
        for (BufferedImage pattern : List.of(stripes, checker)) {
            RenderResult res = new Renderer()
                    .render(ImageSource.of("p.png", TestImages.encode(pattern, "png")), Limits.DEFAULT, List.of(r))
                    .get(0);
            BufferedImage out = TestImages.decode(res.bytes());
            int[] range = TestImages.blueRangeInside(out, 3);
            assertTrue(range[0] >= 120 && range[1] <= 135, "flat grey expected, found " + range[0] + ".." + range[1]);
        }
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
