package dev.renditions.imaging;

import java.util.stream.IntStream;

/**
 * Resizes {@link Raster8} images with the same two-step approach as libvips' thumbnailing: an integer box shrink for
 * the bulk of a large reduction, then a separable Lanczos-3 filter whose support widens with the remaining reduction,
 * so nothing aliases however large the reduction. Fixed-point arithmetic (14-bit weights) and row-parallel passes;
 * the result does not depend on the number of threads.
 */
final class Resampler {
    private static final int SHIFT = 14;
    private static final int ONE = 1 << SHIFT;
    private static final int HALF = 1 << (SHIFT - 1);
    /** Rows per parallel task. */
    private static final int BAND = 32;

    private Resampler() {}

    /** Resizes {@code src} to exactly {@code outW x outH}. */
    static Raster8 resize(Raster8 src, int outW, int outH) {
        if (outW == src.width && outH == src.height) {
            return src;
        }
        // Box-shrink by the largest integer factor that leaves the Lanczos step a reduction of at least 2x.
        int kx = Math.max(1, (int) Math.floor(src.width / (double) outW / 2.0));
        int ky = Math.max(1, (int) Math.floor(src.height / (double) outH / 2.0));
        Raster8 r = (kx > 1 || ky > 1) ? boxShrink(src, kx, ky) : src;
        // Vertical first: its inner loop runs along whole rows, which the JIT vectorises, so it should take the
        // larger share of the work.
        if (r.height != outH) {
            r = vertical(r, outH);
        }
        if (r.width != outW) {
            r = horizontal(r, outW);
        }
        return r;
    }

    /** Averages {@code kx x ky} blocks; a remainder of fewer than {@code k} pixels at the right and bottom is dropped. */
    static Raster8 boxShrink(Raster8 src, int kx, int ky) {
        int ow = Math.max(1, src.width / kx);
        int oh = Math.max(1, src.height / ky);
        kx = Math.min(kx, src.width);
        ky = Math.min(ky, src.height);
        int c = src.channels;
        Raster8 out = Raster8.allocate(ow, oh, c);
        int area = kx * ky;
        int fkx = kx;
        int fky = ky;
        byte[] s = src.data;
        byte[] d = out.data;
        int sw = src.width;
        parallelRows(oh, (y0, y1) -> {
            int[] acc = new int[ow * c];
            for (int y = y0; y < y1; y++) {
                java.util.Arrays.fill(acc, 0);
                for (int dy = 0; dy < fky; dy++) {
                    int row = (y * fky + dy) * sw * c;
                    for (int x = 0; x < ow; x++) {
                        int p = row + x * fkx * c;
                        int a = x * c;
                        for (int dx = 0; dx < fkx; dx++) {
                            for (int ch = 0; ch < c; ch++) {
                                acc[a + ch] += s[p++] & 0xFF;
                            }
                        }
                    }
                }
                int o = y * ow * c;
                for (int i = 0; i < acc.length; i++) {
                    d[o + i] = (byte) ((acc[i] + area / 2) / area);
                }
            }
        });
        return out;
    }

    /** Filter taps of one axis: for output i, {@code count[i]} weights starting at source index {@code start[i]}. */
    private record Taps(int[] start, int[] count, int[] weights, int maxTaps) {}

    static Taps taps(int in, int out) {
        double scale = in / (double) out;
        double stretch = Math.max(1.0, scale);
        double support = 3.0 * stretch;
        int maxTaps = (int) Math.ceil(support * 2) + 2;
        int[] start = new int[out];
        int[] count = new int[out];
        int[] weights = new int[out * maxTaps];
        double[] w = new double[maxTaps];
        for (int i = 0; i < out; i++) {
            double centre = (i + 0.5) * scale - 0.5;
            int lo = (int) Math.ceil(centre - support);
            int hi = (int) Math.floor(centre + support);
            // Clamp the window to the image; weights of taps outside fold onto the edge pixel.
            int first = Math.max(0, lo);
            int last = Math.min(in - 1, hi);
            int n = last - first + 1;
            java.util.Arrays.fill(w, 0, n, 0.0);
            double sum = 0;
            for (int j = lo; j <= hi; j++) {
                double v = lanczos3((j - centre) / stretch);
                int k = Math.min(Math.max(j, first), last) - first;
                w[k] += v;
                sum += v;
            }
            int isum = 0;
            int big = 0;
            for (int k = 0; k < n; k++) {
                int iv = (int) Math.round(w[k] / sum * ONE);
                weights[i * maxTaps + k] = iv;
                isum += iv;
                if (Math.abs(iv) > Math.abs(weights[i * maxTaps + big])) {
                    big = k;
                }
            }
            weights[i * maxTaps + big] += ONE - isum; // weights sum to exactly 1.0
            start[i] = first;
            count[i] = n;
        }
        return new Taps(start, count, weights, maxTaps);
    }

    static double lanczos3(double x) {
        if (x == 0) {
            return 1.0;
        }
        if (x <= -3 || x >= 3) {
            return 0.0;
        }
        double px = Math.PI * x;
        return 3.0 * Math.sin(px) * Math.sin(px / 3.0) / (px * px);
    }

    static Raster8 horizontal(Raster8 src, int outW) {
        Taps t = taps(src.width, outW);
        int c = src.channels;
        int h = src.height;
        int sw = src.width;
        Raster8 out = Raster8.allocate(outW, h, c);
        byte[] s = src.data;
        byte[] d = out.data;
        parallelRows(h, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                int srow = y * sw * c;
                int drow = y * outW * c;
                for (int x = 0; x < outW; x++) {
                    int base = x * t.maxTaps;
                    int p = srow + t.start[x] * c;
                    int n = t.count[x];
                    if (c == 3) {
                        int r = HALF;
                        int g = HALF;
                        int b = HALF;
                        for (int k = 0; k < n; k++, p += 3) {
                            int wt = t.weights[base + k];
                            r += wt * (s[p] & 0xFF);
                            g += wt * (s[p + 1] & 0xFF);
                            b += wt * (s[p + 2] & 0xFF);
                        }
                        int o = drow + x * 3;
                        d[o] = clamp(r);
                        d[o + 1] = clamp(g);
                        d[o + 2] = clamp(b);
                    } else {
                        int r = HALF;
                        int g = HALF;
                        int b = HALF;
                        int a = HALF;
                        for (int k = 0; k < n; k++, p += 4) {
                            int wt = t.weights[base + k];
                            r += wt * (s[p] & 0xFF);
                            g += wt * (s[p + 1] & 0xFF);
                            b += wt * (s[p + 2] & 0xFF);
                            a += wt * (s[p + 3] & 0xFF);
                        }
                        storePremultiplied(d, drow + x * 4, r, g, b, a);
                    }
                }
            }
        });
        return out;
    }

    static Raster8 vertical(Raster8 src, int outH) {
        Taps t = taps(src.height, outH);
        int c = src.channels;
        int w = src.width;
        int rowBytes = w * c;
        Raster8 out = Raster8.allocate(w, outH, c);
        byte[] s = src.data;
        byte[] d = out.data;
        parallelRows(outH, (y0, y1) -> {
            int[] acc = new int[rowBytes];
            for (int y = y0; y < y1; y++) {
                java.util.Arrays.fill(acc, HALF);
                int base = y * t.maxTaps;
                int n = t.count[y];
                for (int k = 0; k < n; k++) {
                    int wt = t.weights[base + k];
                    int p = (t.start[y] + k) * rowBytes;
                    for (int i = 0; i < rowBytes; i++) {
                        acc[i] += wt * (s[p + i] & 0xFF);
                    }
                }
                int o = y * rowBytes;
                if (c == 3) {
                    for (int i = 0; i < rowBytes; i++) {
                        d[o + i] = clamp(acc[i]);
                    }
                } else {
                    for (int i = 0; i < rowBytes; i += 4) {
                        storePremultiplied(d, o + i, acc[i], acc[i + 1], acc[i + 2], acc[i + 3]);
                    }
                }
            }
        });
        return out;
    }

    /** Stores one premultiplied pixel, keeping colour <= alpha (ringing could otherwise break the invariant). */
    private static void storePremultiplied(byte[] d, int o, int r, int g, int b, int a) {
        int av = clampInt(a);
        d[o] = (byte) Math.min(clampInt(r), av);
        d[o + 1] = (byte) Math.min(clampInt(g), av);
        d[o + 2] = (byte) Math.min(clampInt(b), av);
        d[o + 3] = (byte) av;
    }

    private static byte clamp(int acc) {
        return (byte) clampInt(acc);
    }

    private static int clampInt(int acc) {
        int v = acc >> SHIFT;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    interface RowRange {
        void run(int from, int to);
    }

    static void parallelRows(int rows, RowRange body) {
        int bands = (rows + BAND - 1) / BAND;
        if (bands <= 1) {
            body.run(0, rows);
            return;
        }
        IntStream.range(0, bands).parallel().forEach(b -> body.run(b * BAND, Math.min(rows, (b + 1) * BAND)));
    }
}
