package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.probe.HeaderProbe;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Colour: outputs are sRGB. The reference is TwelveMonkeys' own full-resolution decode, which converts every pixel
 * through the embedded profile; our renditions (converted after shrinking, or not at all for sRGB-equivalent
 * profiles) must match its mean colour within 2 levels of 255 per channel.
 */
class ColourTest {
    private static final double TOLERANCE = 2.0;

    @ParameterizedTest
    @ValueSource(strings = {"icc-adobergb-canon7d.jpg", "cmyk-adobe-transform0.jpg", "webp-adobergb-icc.webp"})
    void meanColourMatchesAFullResolutionReferenceConversion(String file) {
        byte[] bytes = TestImages.resource(file);
        double[] reference = TestImages.meanRgb(TestImages.decode(bytes));
        Rendition r = Rendition.of("m", 100, 100, Fit.INSIDE).withQuality(95);
        RenderResult res = new Renderer()
                .render(ImageSource.of(file, bytes), Limits.DEFAULT, List.of(r))
                .get(0);
        double[] mean = TestImages.meanRgb(TestImages.decode(res.bytes()));
        for (int c = 0; c < 3; c++) {
            assertEquals(reference[c], mean[c], TOLERANCE, file + " channel " + "RGB".charAt(c));
        }
    }

    @Test
    void pngWithAdobeRgbIccpIsConverted() throws Exception {
        byte[] adobe = HeaderProbe.probe(TestImages.resource("icc-adobergb-canon7d.jpg"), true)
                .icc()
                .data();
        int[] stored = {32, 192, 64};
        byte[] png = solidPngWithIccp(64, 64, stored, adobe);
        Rendition r = Rendition.of("p", 32, 32, Fit.INSIDE).withFormat(dev.renditions.core.spec.OutputFormat.PNG);
        RenderResult res = new Renderer()
                .render(ImageSource.of("a.png", png), Limits.DEFAULT, List.of(r))
                .get(0);
        int p = TestImages.decode(res.bytes()).getRGB(16, 16);
        // reference: the same colour converted by the JDK's colour management
        java.awt.color.ColorSpace adobeCs = new java.awt.color.ICC_ColorSpace(ICC_Profile.getInstance(adobe));
        BufferedImage one = new BufferedImage(
                new java.awt.image.ComponentColorModel(
                        adobeCs, false, false, java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE),
                java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 1, 1, 3, null),
                false,
                null);
        one.getRaster().setPixel(0, 0, stored);
        BufferedImage srgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        new java.awt.image.ColorConvertOp(null).filter(one, srgb);
        int expected = srgb.getRGB(0, 0);
        assertEquals(red(expected), red(p), 2, hex(p) + " vs " + hex(expected));
        assertEquals(green(expected), green(p), 2, hex(p) + " vs " + hex(expected));
        assertEquals(blue(expected), blue(p), 2, hex(p) + " vs " + hex(expected));
        assertTrue(Math.abs(red(p) - stored[0]) + Math.abs(green(p) - stored[1]) > 10, "the profile was applied");
    }

    private static byte[] solidPngWithIccp(int w, int h, int[] rgb, byte[] icc) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = new byte[13];
        FailureTest.putInt(ihdr, 0, w);
        FailureTest.putInt(ihdr, 4, h);
        ihdr[8] = 8;
        ihdr[9] = 2;
        FailureTest.chunk(out, "IHDR", ihdr);
        java.io.ByteArrayOutputStream iccp = new java.io.ByteArrayOutputStream();
        iccp.writeBytes("Adobe RGB".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        iccp.write(0);
        iccp.write(0);
        iccp.writeBytes(deflate(icc));
        FailureTest.chunk(out, "iCCP", iccp.toByteArray());
        byte[] raw = new byte[h * (1 + w * 3)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = y * (1 + w * 3) + 1 + x * 3;
                raw[o] = (byte) rgb[0];
                raw[o + 1] = (byte) rgb[1];
                raw[o + 2] = (byte) rgb[2];
            }
        }
        FailureTest.chunk(out, "IDAT", deflate(raw));
        FailureTest.chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(data);
        d.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /**
     * A YCCK JPEG whose SWOP profile TwelveMonkeys sets aside (it warns that the profile is invalid) while colour
     * engines use it. The reference is what two lcms2-based tools make of it, each applying the embedded profile:
     * ImageMagick {@code convert F -profile sRGB.icc} (161.0, 72.9, 103.5) and {@code vips icc_transform F x srgb
     * --embedded} (161.5, 73.5, 104.2). Converted naively, as the reader does by itself, it comes out pinker: (158.7,
     * 66.8, 107.3); with the profile applied here, (164.6, 72.7, 99.9).
     */
    @Test
    void cmykJpegProfileIsAppliedEvenWhereTheReaderSetsItAside() {
        Rendition r = Rendition.of("m", 1000, 1000, Fit.INSIDE).withQuality(95); // no resize: 183x283
        RenderResult res = new Renderer()
                .render(TestImages.source("ycck-swop-icc.jpg"), Limits.DEFAULT, List.of(r))
                .get(0);
        double[] mean = TestImages.meanRgb(TestImages.decode(res.bytes()));
        double[] lcms = {161.2, 73.2, 103.9};
        // green is what the profile changes most (+6 over naive); the JDK's engine and sRGB profile land within 5 of
        // lcms2's on red and blue
        double[] tolerance = {5, 2, 5};
        for (int c = 0; c < 3; c++) {
            assertEquals(
                    lcms[c],
                    mean[c],
                    tolerance[c],
                    "channel " + "RGB".charAt(c) + " of " + java.util.Arrays.toString(mean));
        }
    }

    @Test
    void cmykTiffPatchesKeepTheirHues() {
        // Four patches: cyan, magenta / yellow, black.
        Rendition r = Rendition.of("q", 100, 100, Fit.INSIDE).withQuality(95);
        BufferedImage out = TestImages.decode(new Renderer()
                .render(TestImages.source("tiff-cmyk-jpeg-fogra27.tif"), Limits.DEFAULT, List.of(r))
                .get(0)
                .bytes());
        int cyan = out.getRGB(20, 20);
        int magenta = out.getRGB(80, 20);
        int yellow = out.getRGB(20, 80);
        int black = out.getRGB(80, 80);
        assertTrue(red(cyan) < 80 && green(cyan) > 120 && blue(cyan) > 180, hex(cyan));
        assertTrue(green(magenta) < 80 && red(magenta) > 180 && blue(magenta) > 80, hex(magenta));
        assertTrue(blue(yellow) < 80 && red(yellow) > 200 && green(yellow) > 200, hex(yellow));
        assertTrue(red(black) < 80 && green(black) < 80 && blue(black) < 80, hex(black));
    }

    private static int red(int p) {
        return (p >> 16) & 0xFF;
    }

    private static int green(int p) {
        return (p >> 8) & 0xFF;
    }

    private static int blue(int p) {
        return p & 0xFF;
    }

    private static String hex(int p) {
        return String.format("#%06x", p & 0xFFFFFF);
    }

    @Test
    void adobeRgbIsNotTreatedAsSrgb() {
        // Without conversion the Adobe RGB image's mean would differ clearly: prove the test above can fail.
        byte[] bytes = TestImages.resource("icc-adobergb-canon7d.jpg");
        Decoder.Decoded d =
                Decoder.decode(ImageSource.of("a", bytes), HeaderProbe.probe(bytes, true), Limits.DEFAULT, 1);
        assertTrue(d.pending() != null, "the Adobe RGB profile is kept for conversion after shrinking");
        assertFalse(ColorManagement.isSrgbEquivalent(d.pending()));
    }

    @Test
    void cameraSrgbProfileCostsNothing() {
        ICC_Profile camera = ColorManagement.parse(TestImages.resource("camera-srgb.icc"));
        assertTrue(ColorManagement.isSrgbEquivalent(camera), "HP/camera sRGB IEC61966-2.1 copy is sRGB");
        // A JPEG carrying it decodes with no pending conversion.
        byte[] jpeg = TestImages.withIcc(
                TestImages.encode(TestImages.markedCorner(64, 48), "jpeg"), TestImages.resource("camera-srgb.icc"));
        Decoder.Decoded d = Decoder.decode(ImageSource.of("c", jpeg), HeaderProbe.probe(jpeg, true), Limits.DEFAULT, 1);
        assertNull(d.pending());
    }

    @Test
    void greyJpegKeepsItsTones() {
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                grey.getRaster().setSample(x, y, 0, 100);
            }
        }
        byte[] jpeg = TestImages.encode(grey, "jpeg");
        Rendition r = Rendition.of("g", 32, 32, Fit.INSIDE).withQuality(100);
        RenderResult res = new Renderer()
                .render(ImageSource.of("g", jpeg), Limits.DEFAULT, List.of(r))
                .get(0);
        double[] mean = TestImages.meanRgb(TestImages.decode(res.bytes()));
        // Java's linear CS_GRAY would brighten 100 to about 170; we keep the stored tone.
        assertEquals(100, mean[0], 2.0);
    }
}
