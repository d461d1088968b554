package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.probe.HeaderProbe;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The libjpeg-turbo scaled decoder (built when the libjpeg headers are installed, as in CI) gives the same renditions
 * as the ImageIO path, within JPEG noise, and keeps its refusals.
 */
class NativeJpegTest {
    private static final RenditionSpec SPEC = SpecParser.defaultSpec();
    private static final long BUDGET = 256L << 20;

    @BeforeAll
    static void nativeLibraryBuilt() {
        assumeTrue(
                NativeJpeg.class.getResource(NativeJpeg.RESOURCE) != null,
                "native JPEG library not built (libjpeg headers missing)");
        assertTrue(NativeJpeg.available(), "the library in the build loads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"icc-adobergb-canon7d.jpg", "orient6-landscape.jpg", "progressive-big-icc.jpg"})
    void sameRenditionsAsImageIo(String file) {
        ImageSource src = TestImages.source(file);
        List<RenderResult> fast = new Renderer(BUDGET, true).render(src, SPEC.limits(), SPEC.renditions());
        List<RenderResult> slow = new Renderer(BUDGET, false).render(src, SPEC.limits(), SPEC.renditions());
        for (int i = 0; i < fast.size(); i++) {
            assertEquals(slow.get(i).width(), fast.get(i).width());
            assertEquals(slow.get(i).height(), fast.get(i).height());
            double[] a = TestImages.meanRgb(TestImages.decode(fast.get(i).bytes()));
            double[] b = TestImages.meanRgb(TestImages.decode(slow.get(i).bytes()));
            for (int c = 0; c < 3; c++) {
                assertEquals(
                        b[c], a[c], 1.5, file + " " + SPEC.renditions().get(i).name() + " channel " + c);
            }
        }
    }

    @Test
    void decodesAtAnEighth() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.markedCorner(800, 600), "jpeg");
        NativeJpeg.Result r = NativeJpeg.decode(jpeg, 8);
        assertEquals(100, r.raster().width);
        assertEquals(75, r.raster().height);
        // the red corner block is still red at the top left
        assertTrue((r.raster().data[0] & 0xFF) > 200 && (r.raster().data[1] & 0xFF) < 60);
    }

    @Test
    void picksTheLargestScaleThatKeepsOneAndAHalfTimesTheTarget() {
        byte[] jpeg = TestImages.encode(TestImages.markedCorner(64, 48), "jpeg");
        var header = HeaderProbe.probe(jpeg, true);
        var big = new dev.renditions.core.probe.ImageHeader(
                header.format(), 4640, 3480, 1, 8, header.colorKind(), false, false, 1, null, true);
        Renderer r = new Renderer(BUDGET, true);
        assertEquals(4, r.jpegDenominator(big, 1000, 427, 320)); // 1160x870 >= 641x480; 580 < 641
        assertEquals(1, r.jpegDenominator(big, 1000, 2560, 1920));
        assertEquals(2, r.jpegDenominator(big, 1000, 1280, 960)); // 2320x1740 >= 1920x1440
        assertEquals(0, new Renderer(BUDGET, false).jpegDenominator(big, 1000, 427, 320));
    }

    @Test
    void truncatedJpegIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Renderer(BUDGET, true)
                .render(TestImages.source("corrupt-truncated.jpg"), SPEC.limits(), SPEC.renditions()));
        assertEquals(InvalidInputException.CORRUPT_IMAGE, e.code());
    }

    @Test
    void jpegStripesShowNoMoireAfterScaledDecoding() {
        BufferedImage stripes = new BufferedImage(3200, 3200, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 3200; y++) {
            for (int x = 0; x < 3200; x++) {
                stripes.setRGB(x, y, (x & 1) == 0 ? 0 : 0xFFFFFF);
            }
        }
        byte[] jpeg = TestImages.encode(stripes, "jpeg");
        Rendition r = Rendition.of("s", 200, 200, Fit.INSIDE).withFormat(OutputFormat.PNG);
        RenderResult res = new Renderer(BUDGET, true)
                .render(ImageSource.of("s.jpg", jpeg), Limits.DEFAULT, List.of(r))
                .get(0);
        BufferedImage out = TestImages.decode(res.bytes());
        int[] range = TestImages.blueRangeInside(out, 3);
        assertTrue(range[0] >= 110 && range[1] <= 145, "flat grey expected, found " + range[0] + ".." + range[1]);
        assertNotNull(res);
    }
}
