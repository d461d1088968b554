package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every supported source format renders the default spec to the exact geometry, as a clean sRGB JPEG. */
class RendererFormatsTest {
    private static final RenditionSpec SPEC = SpecParser.defaultSpec();
    private final Renderer renderer = new Renderer();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, oriented width, oriented height
        "cmyk-adobe-transform0.jpg, 160, 227",
        "ycck-swop-icc.jpg, 183, 283",
        "icc-adobergb-canon7d.jpg, 600, 900",
        "progressive-invalid-dht.jpg, 719, 994",
        "progressive-big-icc.jpg, 425, 250",
        "orient6-landscape.jpg, 1800, 1200",
        "png16-rgb.png, 290, 442",
        "png-rgba.png, 128, 128",
        "png-rgba-pil123.png, 162, 150",
        "gif-palette-chi.gif, 320, 240",
        "gif-palette-cramps.gif, 159, 203",
        "tiff-balloons.tif, 640, 480",
        "tiff-cmyk-jpeg-fogra27.tif, 100, 100",
        "webp-lossy.webp, 550, 368",
        "webp-adobergb-icc.webp, 943, 1375",
    })
    void rendersEveryRenditionToItsGeometry(String file, int ow, int oh) {
        List<RenderResult> results = renderer.render(TestImages.source(file), SPEC.limits(), SPEC.renditions());
        assertEquals(SPEC.renditions().size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            RenderResult r = results.get(i);
            Rendition rendition = SPEC.renditions().get(i);
            assertEquals(rendition, r.rendition(), "results come back in the order requested");
            Geometry g = Geometry.plan(ow, oh, rendition);
            assertEquals(g.outW(), r.width(), file + " " + rendition.name() + " width");
            assertEquals(g.outH(), r.height(), file + " " + rendition.name() + " height");
            BufferedImage out = TestImages.decode(r.bytes());
            assertEquals(r.width(), out.getWidth());
            assertEquals(r.height(), out.getHeight());
            // JFIF only: no EXIF (APP1), no ICC (APP2), no comments; a progressive SOF2 as the spec asks
            List<Integer> markers = TestImages.jpegMarkers(r.bytes());
            assertEquals(0xE0, markers.get(0), "JFIF APP0 first");
            assertFalse(markers.contains(0xE1), "no EXIF in " + markers);
            assertFalse(markers.contains(0xE2), "no ICC in " + markers);
            assertFalse(markers.contains(0xFE), "no comment in " + markers);
            assertTrue(markers.contains(0xC2), "progressive JPEG: " + markers);
        }
    }

    @Test
    void jpegOutputIs420AndBaselineWhenAsked() {
        Rendition r = Rendition.of("t", 200, 200, Fit.INSIDE).withProgressive(false);
        byte[] out = renderer.render(TestImages.source("tiff-balloons.tif"), Limits.DEFAULT, List.of(r))
                .get(0)
                .bytes();
        int[][] f = TestImages.samplingFactors(out);
        assertArrayEquals(new int[] {2, 2}, f[0], "luma 2x2");
        assertArrayEquals(new int[] {1, 1}, f[1], "Cb 1x1");
        assertArrayEquals(new int[] {1, 1}, f[2], "Cr 1x1");
        assertTrue(TestImages.jpegMarkers(out).contains(0xC0)
                || TestImages.jpegMarkers(out).contains(0xC1));
    }

    @Test
    void probeReadsTheHeaderOfEachFormat() {
        ImageHeader h = ImageProbe.read(TestImages.source("orient6-landscape.jpg"));
        assertEquals(1200, h.width());
        assertEquals(1800, h.height());
        assertEquals(6, h.orientation());
        ImageHeader png16 = ImageProbe.read(TestImages.source("png16-rgb.png"));
        assertEquals(16, png16.bitsPerSample());
        ImageHeader gif = ImageProbe.read(TestImages.source("gif-palette-chi.gif"));
        assertTrue(gif.alpha());
        assertEquals(31, gif.frames(), "chi.gif is animated: 31 frames, the first is rendered");
        ImageHeader webp = ImageProbe.read(TestImages.source("webp-adobergb-icc.webp"));
        assertEquals("Adobe RGB (1998)", webp.icc().description().substring(0, 16));
        ImageHeader tif = ImageProbe.read(TestImages.source("tiff-cmyk-jpeg-fogra27.tif"));
        assertEquals(dev.renditions.core.probe.ColorKind.CMYK, tif.colorKind());
    }

    @Test
    void pngOutputKeepsAlpha() {
        Rendition r = Rendition.of("p", 64, 64, Fit.INSIDE).withFormat(OutputFormat.PNG);
        RenderResult res = renderer.render(TestImages.source("png-rgba.png"), Limits.DEFAULT, List.of(r))
                .get(0);
        BufferedImage out = TestImages.decode(res.bytes());
        assertTrue(out.getColorModel().hasAlpha(), "alpha channel kept");
        int transparent = 0;
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                if ((out.getRGB(x, y) >>> 24) < 16) {
                    transparent++;
                }
            }
        }
        assertTrue(transparent > 0, "some pixels stay transparent");
    }

    @Test
    void jpegFlattensAlphaOntoTheBackground() {
        // A fully transparent 100x100 PNG with an opaque blue square in the middle.
        BufferedImage src = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
        for (int y = 40; y < 60; y++) {
            for (int x = 40; x < 60; x++) {
                src.setRGB(x, y, 0xFF0000FF);
            }
        }
        Rendition r = Rendition.of("j", 100, 100, Fit.INSIDE).withBackground("#ff0000");
        RenderResult res = renderer.render(
                        ImageSource.of("a.png", TestImages.encode(src, "png")), Limits.DEFAULT, List.of(r))
                .get(0);
        BufferedImage out = TestImages.decode(res.bytes());
        int corner = out.getRGB(5, 5);
        assertEquals(255, (corner >> 16) & 0xFF, 2);
        assertEquals(0, (corner >> 8) & 0xFF, 3);
        int centre = out.getRGB(50, 50);
        assertEquals(255, centre & 0xFF, 8); // saturated blue loses a little to 4:2:0 chroma
        assertEquals(0, (centre >> 16) & 0xFF, 8);
    }

    @Test
    void containPadsWithTheBackground() {
        Rendition r = Rendition.of("c", 300, 300, Fit.CONTAIN).withBackground("#00ff00");
        RenderResult res = renderer.render(TestImages.source("tiff-balloons.tif"), Limits.DEFAULT, List.of(r))
                .get(0);
        assertEquals(300, res.width());
        assertEquals(300, res.height());
        BufferedImage out = TestImages.decode(res.bytes());
        int top = out.getRGB(150, 5); // 640x480 -> 300x225, padded 37 rows above
        assertEquals(255, (top >> 8) & 0xFF, 3);
        assertEquals(0, (top >> 16) & 0xFF, 3);
    }

    @Test
    void sameInputAndSpecGiveIdenticalBytes() {
        List<RenderResult> a = renderer.render(TestImages.source("webp-lossy.webp"), SPEC.limits(), SPEC.renditions());
        List<RenderResult> b =
                new Renderer().render(TestImages.source("webp-lossy.webp"), SPEC.limits(), SPEC.renditions());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).bytes(), b.get(i).bytes(), "rendition " + i);
        }
    }
}
