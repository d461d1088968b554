package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is refused with a clear message, the right code and exit 3, before work is wasted on it. */
class FailureTest {
    private static final RenditionSpec SPEC = SpecParser.defaultSpec();

    private static InvalidInputException renderFails(ImageSource source) {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> new Renderer().render(source, SPEC.limits(), SPEC.renditions()));
        assertEquals(ExitCodes.INVALID_INPUT, e.exitCode());
        assertTrue(!e.retryable());
        return e;
    }

    @Test
    void zeroByteFile() {
        InvalidInputException e = renderFails(ImageSource.of("empty.jpg", new byte[0]));
        assertEquals(InvalidInputException.EMPTY_SOURCE, e.code());
    }

    @Test
    void textFileNamedJpg() {
        InvalidInputException e = renderFails(
                ImageSource.of("notes.jpg", "just some text, not a picture\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(InvalidInputException.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("expected JPEG, PNG"), e.getMessage());
        assertTrue(e.getMessage().contains("found text"), e.getMessage());
    }

    @Test
    void truncatedJpeg() {
        InvalidInputException e = renderFails(TestImages.source("corrupt-truncated.jpg"));
        assertEquals(InvalidInputException.CORRUPT_IMAGE, e.code());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    /**
     * A JPEG that lacks only its final EOI marker holds every pixel: it renders (as in libvips and browsers). One whose
     * progressive scans stop early does not.
     */
    @Test
    void jpegMissingOnlyItsEndMarkerRenders() {
        // the native decoder tells a missing marker from missing data; ImageIO's path still refuses both
        assumeTrue(Renderer.nativeJpegAvailable(), "no native JPEG decoder in this build");
        for (String name : new String[] {"orient6-landscape.jpg", "icc-adobergb-canon7d.jpg"}) {
            byte[] whole = TestImages.resource(name);
            assertEquals(0xD9, whole[whole.length - 1] & 0xFF, name + " ends with EOI");
            byte[] noEoi = java.util.Arrays.copyOf(whole, whole.length - 2);
            var results =
                    new Renderer().render(ImageSource.of("no-eoi-" + name, noEoi), SPEC.limits(), SPEC.renditions());
            var reference = new Renderer().render(ImageSource.of(name, whole), SPEC.limits(), SPEC.renditions());
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(reference.get(i).bytes(), results.get(i).bytes(), name + " " + i);
            }
        }
    }

    @Test
    void wholeArithmeticCodedJpegRenders() {
        assumeTrue(Renderer.nativeJpegAvailable(), "no native JPEG decoder in this build");
        var results = new Renderer().render(TestImages.source("arith-coded.jpg"), SPEC.limits(), SPEC.renditions());
        assertEquals(320, results.get(0).width());
    }

    @Test
    void progressiveJpegMissingItsLastScansIsRefused() {
        byte[] whole = TestImages.encodeProgressive(TestImages.markedCorner(640, 480));
        List<Integer> sos = new java.util.ArrayList<>();
        for (int i = 2; i < whole.length - 1; i++) {
            if ((whole[i] & 0xFF) == 0xFF && (whole[i + 1] & 0xFF) == 0xDA) {
                sos.add(i);
            }
        }
        assertTrue(sos.size() > 2, "a progressive JPEG has several scans: " + sos);
        // cut right before the last scan: every scan that is there is complete, the image is not
        byte[] cut = java.util.Arrays.copyOf(whole, sos.get(sos.size() - 1));
        InvalidInputException e = renderFails(ImageSource.of("few-scans.jpg", cut));
        assertEquals(InvalidInputException.CORRUPT_IMAGE, e.code());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void jpegWithBogusSegmentLength() {
        InvalidInputException e = renderFails(TestImages.source("corrupt-bogus-segment-length.jpg"));
        assertEquals(InvalidInputException.CORRUPT_IMAGE, e.code());
    }

    @Test
    void jpegCutInsideItsHeader() {
        byte[] whole = TestImages.resource("icc-adobergb-canon7d.jpg");
        byte[] cut = java.util.Arrays.copyOf(whole, 300);
        InvalidInputException e = renderFails(ImageSource.of("cut.jpg", cut));
        assertEquals(InvalidInputException.CORRUPT_IMAGE, e.code());
    }

    /**
     * A file cut short is bad input whatever its format (exit 3, not a retryable I/O error): half of it, and a prefix
     * long enough to pass the header check of most formats. (GIF is not among them: ImageIO's reader renders what a
     * cut GIF holds, as browsers do.)
     */
    @ParameterizedTest
    @CsvSource({
        "tiff-balloons.tif, 2",
        "tiff-balloons.tif, 0",
        "tiff-cmyk-jpeg-fogra27.tif, 2",
        "webp-lossy.webp, 2",
        "webp-adobergb-icc.webp, 2",
        "png16-rgb.png, 2",
        "icc-adobergb-canon7d.jpg, 2",
        "arith-coded.jpg, 2",
        "progressive-big-icc.jpg, 2"
    })
    void truncatedFileIsBadInput(String name, int divisor) {
        byte[] whole = TestImages.resource(name);
        byte[] cut = java.util.Arrays.copyOf(whole, divisor == 0 ? 200 : whole.length / divisor);
        InvalidInputException e = renderFails(ImageSource.of("cut-" + name, cut));
        assertTrue(
                e.code().equals(InvalidInputException.CORRUPT_IMAGE)
                        || e.code().equals(InvalidInputException.UNSUPPORTED_FORMAT),
                e.code() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("cut-" + name), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    /** Malformed files that plugins fail on with plain I/O errors or runtime exceptions: never retried (exit 1). */
    @ParameterizedTest
    @CsvSource({
        "tiff-lzw-garbage.tif, CorruptImage, Corrupted TIFF LZW",
        "tiff-rowsperstrip0.tif, CorruptImage, / by zero",
        "bmp-pixel-offset-huge.bmp, CorruptImage, expected valid BMP data",
        "tiff-uint32-grey.tif, UnsupportedFormat, is not supported: expected 1 to 16 bits per integer sample, found 32",
        "tiff-float32.tif, UnsupportedFormat, expected 1 to 16 bits per integer sample, found 32 (floating point)",
        // the header says 10x10, the decoder would make 400 million pixels: refused before decoding
        "tiff-dup-dims-20000-then-10.tif, LimitExceeded, source is 20000x20000"
    })
    void malformedFilesThatPluginsTripOnAreBadInput(String name, String code, String message) {
        InvalidInputException e = renderFails(ImageSource.of(name, hostile(name)));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(name) || code.equals("LimitExceeded"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aGifFrameLargerThanItsScreenIsDecodedWithinTheBudget() {
        // a 1x1 screen and a 9000x9000 frame (81 MP, within the limits): the decode is subsampled for the frame's
        // size, not the screen's; with the screen's factor (1) a 256 MiB budget was blown
        Renderer small = new Renderer(1L << 20, false);
        var results = small.render(
                ImageSource.of("g.gif", hostile("gif-screen-1x1-frame-9000.gif")), SPEC.limits(), SPEC.renditions());
        assertEquals(SPEC.renditions().size(), results.size());
        assertEquals(1, results.get(0).width(), "renditions of the screen's size, as before");
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aJpegOfThousandsOfScansIsRefusedByEitherDecoder(boolean nativeJpeg) {
        // each scan is a pass over every coefficient: 20,000 empty scans made a 3 MB file decode for three minutes
        Renderer renderer = new Renderer(256L << 20, nativeJpeg);
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> renderer.render(
                        ImageSource.of("scans.jpg", hostile("jpeg-scans-600.jpg")), SPEC.limits(), SPEC.renditions()));
        assertEquals(InvalidInputException.LIMIT_EXCEEDED, e.code());
        assertEquals(
                "JPEG image scans.jpg has too many scans: expected at most 500 (a progressive JPEG has about ten),"
                        + " found more",
                e.getMessage());
        var fine = renderer.render(
                ImageSource.of("fine.jpg", hostile("jpeg-scans-400.jpg")), SPEC.limits(), SPEC.renditions());
        assertEquals(SPEC.renditions().size(), fine.size());
    }

    @ParameterizedTest
    @CsvSource({"png-icc-rgb-notags.png", "jpeg-icc-rgb-notags.jpg"})
    void aProfileTheColourEngineCannotLinkLeavesThePixelsAsStored(String name) {
        // the profile parses, but LCMS cannot link it ("Couldn't link the profiles"): render as browsers show it
        var results = new Renderer().render(ImageSource.of(name, hostile(name)), SPEC.limits(), SPEC.renditions());
        assertEquals(SPEC.renditions().size(), results.size());
    }

    private static byte[] hostile(String name) {
        try (var in = FailureTest.class.getResourceAsStream("/hostile/" + name)) {
            return java.util.Objects.requireNonNull(in, name).readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void decompressionBombIsRefusedFromItsHeaderAlone() {
        // A 30000x30000 PNG whose only IDAT is a few hundred bytes of zlib.
        TestImages.CountingSource bomb = new TestImages.CountingSource(png(30_000, 30_000));
        InvalidInputException e = renderFails(bomb);
        assertEquals(InvalidInputException.LIMIT_EXCEEDED, e.code());
        assertTrue(e.getMessage().contains("30000x30000"), e.getMessage());
        assertTrue(e.getMessage().contains("maxPixels"), e.getMessage());
        assertTrue(bomb.read <= bomb.bytes.length, "only the header was read, never decoded");
    }

    @Test
    void jpegDeclaringHugeDimensionsIsRefused() {
        byte[] jpeg = TestImages.encode(TestImages.markedCorner(16, 16), "jpeg");
        // Patch the SOF height/width to 60000x60000.
        for (int i = 2; i < jpeg.length - 8; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (60000 >> 8);
                jpeg[i + 6] = (byte) (60000 & 0xFF);
                jpeg[i + 7] = (byte) (60000 >> 8);
                jpeg[i + 8] = (byte) (60000 & 0xFF);
                break;
            }
        }
        InvalidInputException e = renderFails(ImageSource.of("big.jpg", jpeg));
        assertEquals(InvalidInputException.LIMIT_EXCEEDED, e.code());
    }

    @Test
    void tooManyBytes() {
        byte[] jpeg = TestImages.encode(TestImages.markedCorner(16, 16), "jpeg");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Renderer()
                .render(ImageSource.of("x.jpg", jpeg), Limits.DEFAULT.withMaxBytes(100), SPEC.renditions()));
        assertEquals(InvalidInputException.LIMIT_EXCEEDED, e.code());
        assertTrue(e.getMessage().contains("maxBytes"), e.getMessage());
    }

    /** A minimal valid-looking PNG with the given dimensions (the pixel data is far too short). */
    static byte[] png(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 8;
        ihdr[9] = 2;
        chunk(out, "IHDR", ihdr);
        Deflater d = new Deflater();
        d.setInput(new byte[10_000]);
        d.finish();
        byte[] z = new byte[20_000];
        int n = d.deflate(z);
        chunk(out, "IDAT", java.util.Arrays.copyOf(z, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
