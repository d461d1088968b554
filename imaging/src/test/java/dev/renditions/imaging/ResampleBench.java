package dev.renditions.imaging;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times {@link Resampler#resize} alone, for comparing implementations in a fresh (cold) JVM or in a warm loop; not a
 * test. Arguments: {@code SOURCE W H CHANNELS OUT_W OUT_H [ITERATIONS]}, where SOURCE is a file of raw 8-bit RGB
 * (e.g. {@code vips rawsave photo.jpg photo.raw}) or {@code gen} for a generated raster. With 4 channels an alpha
 * ramp is added and the colour premultiplied. One iteration prints the time of that call; more print the median and
 * minimum of the second half. Example, cold and C1 only:
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp imaging/target/classes:imaging/target/test-classes \
 *     dev.renditions.imaging.ResampleBench photo.raw 4640 3480 3 2560 1920
 * </pre>
 */
public final class ResampleBench {
    private ResampleBench() {}

    public static void main(String[] a) throws IOException {
        int w = Integer.parseInt(a[1]);
        int h = Integer.parseInt(a[2]);
        int c = Integer.parseInt(a[3]);
        int ow = Integer.parseInt(a[4]);
        int oh = Integer.parseInt(a[5]);
        int iterations = a.length > 6 ? Integer.parseInt(a[6]) : 1;
        Raster8 src = a[0].equals("gen") ? ResamplerGoldenTest.generate(w, h, c, 1) : load(Path.of(a[0]), w, h, c);
        long[] t = new long[iterations];
        int sink = 0;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            Raster8 out = Resampler.resize(src, ow, oh);
            t[i] = System.nanoTime() - t0;
            sink += out.data[out.data.length / 2];
        }
        if (iterations == 1) {
            System.out.println("resize " + t[0] / 1000 + " us");
        } else {
            long[] last = Arrays.copyOfRange(t, iterations / 2, iterations);
            Arrays.sort(last);
            System.out.println("median " + last[last.length / 2] / 1000 + " us, min " + last[0] / 1000 + " us");
        }
        if (sink == Integer.MIN_VALUE) {
            System.out.println();
        }
    }

    private static Raster8 load(Path file, int w, int h, int c) throws IOException {
        byte[] rgb = new byte[(int) Files.size(file)];
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            for (int off = 0; off < rgb.length; ) { // chunks: one read of it all allocates a direct buffer as large
                off += in.read(rgb, off, Math.min(1 << 20, rgb.length - off));
            }
        }
        if (c == 3) {
            return new Raster8(w, h, 3, rgb);
        }
        byte[] d = new byte[w * h * 4];
        for (int i = 0, j = 0; j < d.length; i += 3, j += 4) {
            int px = i / 3;
            int alpha = (px % w) * 2 < w ? 255 : 128 + ((px / w) & 127);
            d[j] = (byte) ((rgb[i] & 0xFF) * alpha / 255);
            d[j + 1] = (byte) ((rgb[i + 1] & 0xFF) * alpha / 255);
            d[j + 2] = (byte) ((rgb[i + 2] & 0xFF) * alpha / 255);
            d[j + 3] = (byte) alpha;
        }
        return new Raster8(w, h, 4, d);
    }
}
