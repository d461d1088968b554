package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.probe.HeaderProbe;
import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The libjpeg-turbo decoder (built when the libjpeg headers are installed, as in CI): M/8 scaled decoding gives the
 * same renditions as the ImageIO path, within JPEG noise, keeps its refusals, and picks its scale by the measured rule.
 */
class NativeJpegTest {
    private static final RenditionSpec SPEC = SpecParser.defaultSpec();
    private static final long BUDGET = 256L << 20;

    @BeforeAll
    static void nativeLibraryBuilt() {
        assumeTrue(TestImages.nativeJpegExpected(), "native JPEG library not built (libjpeg headers missing) or off");
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
    void decodesAtEveryEighth() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.markedCorner(803, 599), "jpeg");
        for (int m = 1; m <= 8; m++) {
            NativeJpeg.Result r = NativeJpeg.decode(jpeg, m);
            assertEquals((803 * m + 7) / 8, r.raster().width, "width at " + m + "/8");
            assertEquals((599 * m + 7) / 8, r.raster().height, "height at " + m + "/8");
            assertEquals(NativeJpeg.scaledSide(803, m), r.raster().width);
            assertNull(r.warning());
            // the red corner block is still red at the top left, the grey still grey at the bottom right
            byte[] d = r.raster().data;
            assertTrue((d[0] & 0xFF) > 200 && (d[1] & 0xFF) < 60, "red corner at " + m + "/8");
            int last = d.length - 3;
            assertEquals(128, d[last] & 0xFF, 3, "grey at " + m + "/8");
            assertEquals(128, d[last + 2] & 0xFF, 3, "grey at " + m + "/8");
        }
    }

    @Test
    void decodesGreyJpegsToRgb() throws Exception {
        BufferedImage grey = new BufferedImage(64, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 40; y++) {
                grey.getRaster().setSample(x, y, 0, x < 32 ? 40 : 200);
            }
        }
        NativeJpeg.Result r = NativeJpeg.decode(TestImages.encode(grey, "jpeg"), 8);
        assertEquals(3, r.raster().channels);
        byte[] d = r.raster().data;
        int right = (10 * 64 + 60) * 3;
        assertEquals(40, d[30] & 0xFF, 4);
        assertEquals(200, d[right] & 0xFF, 4);
        assertEquals(d[right] & 0xFF, d[right + 1] & 0xFF);
        assertEquals(d[right] & 0xFF, d[right + 2] & 0xFF);
    }

    @Test
    void refusesDataLibjpegCannotDecodeAndStaysUsable() throws Exception {
        byte[] good = TestImages.encode(TestImages.markedCorner(64, 48), "jpeg");
        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 0x5A);
        assertThrows(IOException.class, () -> NativeJpeg.decode(garbage, 8)); // fails on the header
        byte[] badTables = good.clone();
        for (int i = 20; i < 200; i++) {
            badTables[i] = (byte) 0xFF; // inside the quantisation and Huffman tables
        }
        for (int m = 1; m <= 8; m++) {
            int scale = m;
            assertThrows(IOException.class, () -> NativeJpeg.decode(badTables, scale));
        }
        // every error path released what it held: the library still decodes, and the JVM can still collect
        System.gc();
        assertEquals(64, NativeJpeg.decode(good, 8).raster().width);
    }

    @Test
    void reportsATruncatedFileAsAWarning() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.markedCorner(300, 200), "jpeg");
        NativeJpeg.Result r = NativeJpeg.decode(Arrays.copyOf(jpeg, jpeg.length / 2), 4);
        assertEquals(150, r.raster().width);
        assertTrue(r.warning() != null && r.warning().toLowerCase().contains("premature end"), r.warning());
    }

    @ParameterizedTest(name = "{0}x{1} to {2}x{3}: {4}/8")
    @CsvSource({
        // a 16 MP camera image and the default spec's boxes
        "4640, 3480, 427, 320, 2", // 1160x870 >= 1.5 x 427x320 (1/8: 580 < 641)
        "4640, 3480, 1280, 960, 4", // 2320x1740 >= 1.5 x 1280x960; never 3/8, which aliases
        "4640, 3480, 2560, 1920, 8", // 4/8: 2320 < 2560; never 5/8 or 6/8, whose truncated spectra ripple
        // a 12 MP phone image
        "4032, 3024, 2560, 1920, 8",
        "4032, 3024, 1280, 960, 4", // 2016 = 1.58 x 1280
        "4032, 3024, 3000, 2250, 8", // never 7/8, which decodes slower than 8/8
        "4928, 3264, 2560, 1696, 8",
        "4928, 3264, 1600, 1060, 4", // 2464 = 1.54 x 1600
        "4640, 3480, 4640, 3480, 8",
        "600, 900, 600, 900, 8",
    })
    void picksTheSmallestScaleThatCoversTheTarget(int w, int h, int tw, int th, int expected) {
        assertEquals(expected, new Renderer(BUDGET, true).jpegScale(header(w, h), 1000, tw, th));
        assertEquals(0, new Renderer(BUDGET, false).jpegScale(header(w, h), 1000, tw, th));
    }

    @Test
    void lowersTheScaleToFitTheDecodeBudget() {
        ImageHeader big = header(4640, 3480);
        // 8/8 would take 4640 x 3480 x 3 = 48.4 MB; 4/8 takes 2320 x 1740 x 3 = 12.1 MB
        assertEquals(4, new Renderer(20_000_000, true).jpegScale(big, 1000, 2560, 1920));
        // 1/8 takes 580 x 435 x 3 = 757 kB: nothing fits, ImageIO subsamples instead
        assertEquals(0, new Renderer(700_000, true).jpegScale(big, 1000, 427, 320));
        // the compressed source alone is over the budget
        assertEquals(0, new Renderer(20_000_000, true).jpegScale(big, 30_000_000, 427, 320));
    }

    private static ImageHeader header(int w, int h) {
        byte[] jpeg = TestImages.encode(TestImages.markedCorner(64, 48), "jpeg");
        ImageHeader p = HeaderProbe.probe(jpeg, true);
        return new ImageHeader(p.format(), w, h, 1, 8, p.colorKind(), p.adobeSegment(), false, false, 1, null, true);
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
    }
}
