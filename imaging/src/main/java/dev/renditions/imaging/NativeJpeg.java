package dev.renditions.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * JPEG decoding at M/8 of the stored size (M = 1..8, libjpeg's DCT-domain scaling) and JPEG encoding through the
 * system's libjpeg-turbo, by a small JNI library built with the project when the libjpeg headers are present
 * ({@code imaging/src/main/c}). Optional: when the library is not in the jar, cannot be loaded, or
 * {@code -Drenditions.nativeJpeg=false} is set, {@link #available()} is false and ImageIO decodes and encodes instead.
 *
 * <p>A decode reads the JPEG bytes and writes the pixels in place, inside a JNI critical section that lasts the whole
 * decode (tens of milliseconds for 16 MP): garbage collections wait for it to end.
 */
final class NativeJpeg {
    /** Classpath location of the library for this platform. */
    static final String RESOURCE = "/dev/renditions/imaging/native/" + platform() + "/librenditions-jpeg.so";

    /** The scale denominator: {@link #decode} takes the numerator. */
    static final int SCALE_DENOMINATOR = 8;

    private static final boolean AVAILABLE = load();

    /**
     * Result of one decode: RGB pixels, the first warning libjpeg gave (null when none), and whether the data ended
     * before the image did (entropy-coded data cut short, or a progressive image missing scans: libjpeg filled the rest
     * in). A file that lacks only its final EOI marker is complete, with the warning "Premature end of JPEG file".
     */
    record Result(Raster8 raster, String warning, boolean truncated) {}

    /** Thrown by {@link #decode} (from the native code) for a JPEG of more than {@link JpegScans#MAX_SCANS} scans. */
    static final class ScanLimitExceeded extends IOException {
        ScanLimitExceeded(String message) {
            super(message);
        }
    }

    private NativeJpeg() {}

    static boolean available() {
        return AVAILABLE;
    }

    /** The size libjpeg decodes a {@code size}-pixel side to at {@code scale}/8: rounded up. */
    static int scaledSide(int size, int scale) {
        return (int) (((long) size * scale + SCALE_DENOMINATOR - 1) / SCALE_DENOMINATOR);
    }

    /**
     * Decodes at {@code scale}/8 of the stored size (each side rounded up, as libjpeg does), straight into the
     * returned raster's array.
     *
     * @param scale 1 to 8
     * @throws IOException when libjpeg cannot decode the data
     */
    static Result decode(byte[] jpeg, int scale) throws IOException {
        requireAvailable();
        if (scale < 1 || scale > SCALE_DENOMINATOR) {
            throw new IllegalArgumentException("scale must be 1 to 8 (eighths), found " + scale);
        }
        int[] size = new int[2];
        outputSize(jpeg, jpeg.length, scale, size);
        Raster8 raster = Raster8.allocate(size[0], size[1], 3);
        int[] info = new int[4];
        byte[] warning = new byte[200];
        decode(jpeg, jpeg.length, scale, raster.data, info, warning);
        String w = null;
        if (info[2] > 0) {
            int n = 0;
            while (n < warning.length && warning[n] != 0) {
                n++;
            }
            w = new String(warning, 0, n, StandardCharsets.ISO_8859_1);
        }
        return new Result(raster, w, info[3] != 0);
    }

    /**
     * Encodes an RGB raster: 4:2:0 chroma subsampling, libjpeg's quality scaling ({@code jpeg_set_quality(quality,
     * TRUE)}), progressive ({@code jpeg_simple_progression}) or baseline with optimised Huffman tables, a JFIF APP0
     * segment and no other marker segment. The same pixels and settings always give the same bytes.
     *
     * @param quality 1 to 100
     * @throws IOException when libjpeg refuses the image (a side over 65,500 pixels)
     */
    static byte[] encode(Raster8 rgb, int quality, boolean progressive) throws IOException {
        requireAvailable();
        if (rgb.channels != 3) {
            throw new IllegalArgumentException("only RGB rasters are encoded, found " + rgb.channels + " channels");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1 to 100, found " + quality);
        }
        return encode(rgb.data, rgb.width, rgb.height, quality, progressive);
    }

    private static void requireAvailable() {
        if (!AVAILABLE) {
            throw new IllegalStateException("native JPEG support is not available");
        }
    }

    private static native void outputSize(byte[] jpeg, int length, int scale, int[] size) throws IOException;

    private static native void decode(byte[] jpeg, int length, int scale, byte[] rgb, int[] info, byte[] warning)
            throws IOException;

    private static native byte[] encode(byte[] rgb, int width, int height, int quality, boolean progressive)
            throws IOException;

    private static boolean load() {
        if ("false".equalsIgnoreCase(System.getProperty("renditions.nativeJpeg"))) {
            return false;
        }
        try (InputStream in = NativeJpeg.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return false;
            }
            Path tmp = Files.createTempFile("renditions-jpeg-", ".so");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(tmp); // the mapping stays valid once loaded
            }
            return true;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return false;
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux" : "other";
        String arch = System.getProperty("os.arch", "");
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return os + "-" + arch;
    }
}
