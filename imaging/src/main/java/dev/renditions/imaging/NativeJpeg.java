package dev.renditions.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Scaled JPEG decoding (1/1, 1/2, 1/4, 1/8) through the system's libjpeg-turbo, by a small JNI library built with the
 * project when the libjpeg headers are present ({@code imaging/src/main/c}). Optional: when the library is not in the
 * jar, cannot be loaded, or {@code -Drenditions.nativeJpeg=false} is set, {@link #available()} is false and ImageIO
 * decodes instead.
 */
final class NativeJpeg {
    /** Classpath location of the library for this platform. */
    static final String RESOURCE = "/dev/renditions/imaging/native/" + platform() + "/librenditions-jpeg.so";

    private static final boolean AVAILABLE = load();

    /** Result of one decode: RGB pixels and the first warning libjpeg gave (null when none). */
    record Result(Raster8 raster, String warning) {}

    private NativeJpeg() {}

    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Decodes at {@code 1/denominator} of the stored size (rounded up, as libjpeg does).
     *
     * @throws IOException when libjpeg cannot decode the data
     */
    static Result decode(byte[] jpeg, int denominator) throws IOException {
        if (!AVAILABLE) {
            throw new IllegalStateException("native JPEG decoding is not available");
        }
        if (denominator != 1 && denominator != 2 && denominator != 4 && denominator != 8) {
            throw new IllegalArgumentException("denominator must be 1, 2, 4 or 8, found " + denominator);
        }
        int[] info = new int[3];
        byte[] warning = new byte[200];
        byte[] rgb = decode(jpeg, jpeg.length, denominator, info, warning);
        String w = null;
        if (info[2] > 0) {
            int n = 0;
            while (n < warning.length && warning[n] != 0) {
                n++;
            }
            w = new String(warning, 0, n, StandardCharsets.ISO_8859_1);
        }
        return new Result(new Raster8(info[0], info[1], 3, rgb), w);
    }

    private static native byte[] decode(byte[] jpeg, int length, int denominator, int[] info, byte[] warning)
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
