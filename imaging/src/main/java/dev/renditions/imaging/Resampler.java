package dev.renditions.imaging;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resizes {@link Raster8} images with the same two-step approach as libvips' thumbnailing: an integer box shrink for
 * the bulk of a large reduction, then a separable Lanczos-3 filter whose support widens with the remaining reduction,
 * so nothing aliases however large the reduction. Fixed-point arithmetic (14-bit weights); the vertical pass runs
 * first and its output is rounded and clamped to 8 bits before the horizontal pass.
 *
 * <p>Written for a cold JVM that may run C1 only: the passes are fused row by row (each output row is filtered
 * vertically into a small per-thread buffer, then horizontally), the inner loops are simple and small so they compile
 * early, both passes multiply two 8-bit values packed in a long at once, the vertical pass sums several source rows
 * per sweep, and rows are shared among plain threads rather than a parallel stream. Every output row is computed independently, so the result does not depend on the thread count.
 */
final class Resampler {
    private static final int SHIFT = 14;
    private static final int ONE = 1 << SHIFT;
    private static final int HALF = 1 << (SHIFT - 1);
    /** Output rows per unit of parallel work, at least and at most. */
    private static final int MIN_BAND = 16;

    private static final int MAX_BAND = 64;
    /** Below this many multiply-adds a pass runs on the calling thread alone: a thread costs more than it saves. */
    private static final long PARALLEL_MIN_WORK = 1 << 20;

    private Resampler() {}

    /** Resizes {@code src} to exactly {@code outW x outH}. */
    static Raster8 resize(Raster8 src, int outW, int outH) {
        return resize(src, outW, outH, Runtime.getRuntime().availableProcessors());
    }

    /** Resizes {@code src} to exactly {@code outW x outH} using up to {@code threads} threads. */
    static Raster8 resize(Raster8 src, int outW, int outH, int threads) {
        if (outW == src.width && outH == src.height) {
            return src;
        }
        // Box-shrink by the largest integer factor that leaves the Lanczos step a reduction of at least 2x.
        int kx = Math.max(1, (int) Math.floor(src.width / (double) outW / 2.0));
        int ky = Math.max(1, (int) Math.floor(src.height / (double) outH / 2.0));
        Raster8 r = (kx > 1 || ky > 1) ? boxShrink(src, kx, ky, threads) : src;
        if (r.width == outW && r.height == outH) {
            return r;
        }
        Taps v = r.height != outH ? taps(r.height, outH) : null;
        Taps h = r.width != outW ? taps(r.width, outW) : null;
        Lanczos pass = new Lanczos(r, outW, outH, v, h);
        long work = (long) outH
                * ((v == null ? 0 : (long) v.maxTaps * r.width) + (h == null ? 0 : (long) h.maxTaps * outW))
                * r.channels;
        runBands(pass, threads, work);
        return pass.out;
    }

    /** Averages {@code kx x ky} blocks; a remainder of fewer than {@code k} pixels at the right and bottom is dropped. */
    static Raster8 boxShrink(Raster8 src, int kx, int ky, int threads) {
        BoxShrink pass = new BoxShrink(src, kx, ky);
        runBands(pass, threads, (long) src.width * src.height * src.channels);
        return pass.out;
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
            Arrays.fill(w, 0, n, 0.0);
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

    /** The Lanczos step: vertical, horizontal or both, fused row by row. */
    private static final class Lanczos extends Bands {
        private final byte[] s;
        private final int c;
        private final int inW;
        private final int outW;
        private final Taps v;
        private final Taps h;
        final Raster8 out;

        Lanczos(Raster8 src, int outW, int outH, Taps v, Taps h) {
            super(outH);
            this.s = src.data;
            this.c = src.channels;
            this.inW = src.width;
            this.outW = outW;
            this.v = v;
            this.h = h;
            this.out = Raster8.allocate(outW, outH, c);
        }

        @Override
        public void run() {
            int inRow = inW * c;
            int outRow = outW * c;
            byte[] d = out.data;
            long[] lanes = h != null ? new long[2 * inW] : null;
            if (v == null) {
                for (int y0 = claim(); y0 >= 0; y0 = claim()) {
                    for (int y = y0, y1 = end(y0); y < y1; y++) {
                        toLanes(s, y * inRow, c, lanes);
                        horizontalRow(lanes, h, c, d, y * outRow);
                    }
                }
                return;
            }
            int pairs = (inRow + 1) / 2;
            Rows rows = new Rows(s, inRow, pairs, v.maxTaps);
            long[] acc = new long[pairs];
            byte[] tmp = h == null ? new byte[pairs * 2] : null;
            for (int y0 = claim(); y0 >= 0; y0 = claim()) {
                for (int y = y0, y1 = end(y0); y < y1; y++) {
                    verticalRow(rows, v, y, acc);
                    if (h != null) {
                        if (c == 3) {
                            storeLanes3(acc, lanes);
                        } else {
                            storeLanes4(acc, lanes);
                        }
                        horizontalRow(lanes, h, c, d, y * outRow);
                    } else {
                        if (c == 3) {
                            store(acc, tmp);
                        } else {
                            storeLanes4(acc, acc);
                            unpack(acc, tmp);
                        }
                        System.arraycopy(tmp, 0, d, y * outRow, outRow);
                    }
                }
            }
        }
    }

    /**
     * A thread's copies of the source rows the vertical filter is reading, two bytes to a long: byte {@code 2j} in
     * the low 32 bits of element {@code j}, byte {@code 2j + 1} in the high 32 bits. One 64-bit multiply-add then
     * filters two bytes: the low lane's sum always fits in an int, so the lanes separate exactly afterwards.
     */
    private static final class Rows {
        private final byte[] s;
        private final int rowBytes;
        private final long[][] ring;
        private final int[] held;

        Rows(byte[] s, int rowBytes, int pairs, int size) {
            this.s = s;
            this.rowBytes = rowBytes;
            this.ring = new long[size][pairs];
            this.held = new int[size];
            Arrays.fill(held, -1);
        }

        /** Source row {@code y}; valid while the rows asked for since span fewer than the ring's size. */
        long[] row(int y) {
            int slot = y % ring.length;
            long[] r = ring[slot];
            if (held[slot] != y) {
                pack(s, y * rowBytes, rowBytes, r);
                held[slot] = y;
            }
            return r;
        }
    }

    private static void pack(byte[] s, int off, int rowBytes, long[] r) {
        int n = rowBytes / 2;
        int j = 0;
        for (int p = off; j + 1 < n; j += 2, p += 4) {
            r[j] = (s[p] & 0xFF) | ((long) (s[p + 1] & 0xFF) << 32);
            r[j + 1] = (s[p + 2] & 0xFF) | ((long) (s[p + 3] & 0xFF) << 32);
        }
        if (j < n) {
            int p = off + 2 * j;
            r[j] = (s[p] & 0xFF) | ((long) (s[p + 1] & 0xFF) << 32);
        }
        if ((rowBytes & 1) != 0) {
            r[n] = s[off + rowBytes - 1] & 0xFF;
        }
    }

    /** {@link #HALF} in both lanes. */
    private static final long HALF2 = HALF | ((long) HALF << 32);

    /**
     * Sums output row {@code y} of the vertical pass into {@code acc} (two bytes an element, as in {@link Rows}): each
     * sweep along the row adds up to four source rows, so the accumulator is loaded and stored a quarter as often as
     * with one row per sweep.
     */
    private static void verticalRow(Rows rows, Taps t, int y, long[] acc) {
        int[] w = t.weights;
        int n = t.count[y];
        int k = y * t.maxTaps;
        int sy = t.start[y];
        if (n <= 4) {
            Arrays.fill(acc, HALF2);
        } else {
            set4(
                    rows.row(sy),
                    rows.row(sy + 1),
                    rows.row(sy + 2),
                    rows.row(sy + 3),
                    w[k],
                    w[k + 1],
                    w[k + 2],
                    w[k + 3],
                    acc);
            sy += 4;
            k += 4;
            n -= 4;
            while (n > 4) {
                add4(
                        rows.row(sy),
                        rows.row(sy + 1),
                        rows.row(sy + 2),
                        rows.row(sy + 3),
                        w[k],
                        w[k + 1],
                        w[k + 2],
                        w[k + 3],
                        acc);
                sy += 4;
                k += 4;
                n -= 4;
            }
        }
        // 1 to 4 taps left
        switch (n) {
            case 1 -> add1(rows.row(sy), w[k], acc);
            case 2 -> add2(rows.row(sy), rows.row(sy + 1), w[k], w[k + 1], acc);
            case 3 -> add3(rows.row(sy), rows.row(sy + 1), rows.row(sy + 2), w[k], w[k + 1], w[k + 2], acc);
            default -> add4(
                    rows.row(sy),
                    rows.row(sy + 1),
                    rows.row(sy + 2),
                    rows.row(sy + 3),
                    w[k],
                    w[k + 1],
                    w[k + 2],
                    w[k + 3],
                    acc);
        }
    }

    /**
     * Rounds and clamps an RGB row of packed sums into the layout the horizontal filter reads: red and green of pixel
     * {@code x} in {@code lanes[2x]}, blue in {@code lanes[2x + 1]}. Three packed sums hold two pixels.
     */
    private static void storeLanes3(long[] acc, long[] lanes) {
        int w = lanes.length / 2;
        int x = 0;
        for (int j = 0, q = 0; x + 1 < w; x += 2, j += 3, q += 4) {
            long v0 = acc[j];
            long v1 = acc[j + 1];
            long v2 = acc[j + 2];
            int r0 = (int) v0;
            int b0 = (int) v1;
            int g1 = (int) v2;
            lanes[q] = clampInt(r0) | (long) clampInt((int) ((v0 - r0) >> 32)) << 32;
            lanes[q + 1] = clampInt(b0);
            lanes[q + 2] = clampInt((int) ((v1 - b0) >> 32)) | (long) clampInt(g1) << 32;
            lanes[q + 3] = clampInt((int) ((v2 - g1) >> 32));
        }
        if (x < w) {
            long v0 = acc[3 * x / 2];
            int r0 = (int) v0;
            lanes[2 * x] = clampInt(r0) | (long) clampInt((int) ((v0 - r0) >> 32)) << 32;
            lanes[2 * x + 1] = clampInt((int) acc[3 * x / 2 + 1]);
        }
    }

    /**
     * Rounds and clamps a premultiplied RGBA row of packed sums (red and green of pixel {@code x} in {@code acc[2x]},
     * blue and alpha in {@code acc[2x + 1]}) into the same layout in {@code lanes}, keeping colour <= alpha.
     */
    private static void storeLanes4(long[] acc, long[] lanes) {
        for (int q = 0; q + 1 < acc.length; q += 2) {
            long v0 = acc[q];
            long v1 = acc[q + 1];
            int r = (int) v0;
            int b = (int) v1;
            int a = clampInt((int) ((v1 - b) >> 32));
            lanes[q] = Math.min(clampInt(r), a) | (long) Math.min(clampInt((int) ((v0 - r) >> 32)), a) << 32;
            lanes[q + 1] = Math.min(clampInt(b), a) | (long) a << 32;
        }
    }

    /** Rounds, clamps and stores both lanes of each packed sum: element {@code j} to {@code d[2j]} and {@code d[2j+1]}. */
    private static void store(long[] acc, byte[] d) {
        int len = acc.length;
        for (int j = 0; j < len; j++) {
            long v = acc[j];
            int lo = (int) v;
            int a = lo >> SHIFT;
            int b = (int) ((v - lo) >> (32 + SHIFT));
            if ((a & ~0xFF) != 0) {
                a = (~a >> 31) & 0xFF;
            }
            if ((b & ~0xFF) != 0) {
                b = (~b >> 31) & 0xFF;
            }
            d[2 * j] = (byte) a;
            d[2 * j + 1] = (byte) b;
        }
    }

    private static void set4(long[] s0, long[] s1, long[] s2, long[] s3, int w0, int w1, int w2, int w3, long[] acc) {
        int len = acc.length;
        for (int j = 0; j < len; j++) {
            acc[j] = HALF2 + w0 * s0[j] + w1 * s1[j] + w2 * s2[j] + w3 * s3[j];
        }
    }

    private static void add4(long[] s0, long[] s1, long[] s2, long[] s3, int w0, int w1, int w2, int w3, long[] acc) {
        int len = acc.length;
        for (int j = 0; j < len; j++) {
            acc[j] += w0 * s0[j] + w1 * s1[j] + w2 * s2[j] + w3 * s3[j];
        }
    }

    private static void add3(long[] s0, long[] s1, long[] s2, int w0, int w1, int w2, long[] acc) {
        int len = acc.length;
        for (int j = 0; j < len; j++) {
            acc[j] += w0 * s0[j] + w1 * s1[j] + w2 * s2[j];
        }
    }

    private static void add2(long[] s0, long[] s1, int w0, int w1, long[] acc) {
        int len = acc.length;
        for (int j = 0; j < len; j++) {
            acc[j] += w0 * s0[j] + w1 * s1[j];
        }
    }

    private static void add1(long[] s0, int w0, long[] acc) {
        int len = acc.length;
        for (int j = 0; j < len; j++) {
            acc[j] += w0 * s0[j];
        }
    }

    /** Bytes of pixels already rounded and clamped, two to a long, back to bytes. */
    private static void unpack(long[] lanes, byte[] d) {
        for (int j = 0; j < lanes.length; j++) {
            long v = lanes[j];
            d[2 * j] = (byte) v;
            d[2 * j + 1] = (byte) (v >>> 32);
        }
    }

    /** Splits a row of pixels at {@code s[off..]} into the lanes {@link #horizontalRow} reads. */
    private static void toLanes(byte[] s, int off, int c, long[] lanes) {
        for (int q = 0, p = off; q < lanes.length; q += 2, p += c) {
            lanes[q] = (s[p] & 0xFF) | ((long) (s[p + 1] & 0xFF) << 32);
            lanes[q + 1] = (s[p + 2] & 0xFF) | (c == 4 ? (long) (s[p + 3] & 0xFF) << 32 : 0);
        }
    }

    /**
     * Filters one row horizontally into {@code d[dOff..]}. The source pixels are in two-lane longs, red and green of
     * pixel {@code x} in {@code lanes[2x]}, blue (and alpha) in {@code lanes[2x + 1]}: a tap costs two multiplies
     * rather than one per channel.
     */
    private static void horizontalRow(long[] lanes, Taps t, int c, byte[] d, int dOff) {
        int[] start = t.start;
        int[] count = t.count;
        int[] w = t.weights;
        int maxTaps = t.maxTaps;
        for (int x = 0, o = dOff, k0 = 0; x < start.length; x++, o += c, k0 += maxTaps) {
            long s0 = HALF2;
            long s1 = HALF2;
            int k = k0;
            int end = k0 + count[x];
            int q = 2 * start[x];
            for (; k < end; k++, q += 2) {
                int w0 = w[k];
                s0 += w0 * lanes[q];
                s1 += w0 * lanes[q + 1];
            }
            int r = (int) s0;
            int g = (int) ((s0 - r) >> 32);
            int b = (int) s1;
            if (c == 3) {
                d[o] = (byte) clampInt(r);
                d[o + 1] = (byte) clampInt(g);
                d[o + 2] = (byte) clampInt(b);
            } else {
                storePremultiplied(d, o, r, g, b, (int) ((s1 - b) >> 32));
            }
        }
    }

    /** The box shrink, by output row. */
    private static final class BoxShrink extends Bands {
        private final byte[] s;
        private final int sw;
        private final int c;
        private final int kx;
        private final int ky;
        final Raster8 out;

        BoxShrink(Raster8 src, int kx, int ky) {
            super(Math.max(1, src.height / ky));
            this.s = src.data;
            this.sw = src.width;
            this.c = src.channels;
            this.kx = Math.min(kx, src.width);
            this.ky = Math.min(ky, src.height);
            this.out = Raster8.allocate(Math.max(1, src.width / kx), rows, c);
        }

        @Override
        public void run() {
            int ow = out.width;
            int[] acc = new int[ow * c];
            byte[] d = out.data;
            int area = kx * ky;
            int rowBytes = sw * c;
            int step = kx * c;
            for (int y0 = claim(); y0 >= 0; y0 = claim()) {
                int y1 = end(y0);
                for (int y = y0; y < y1; y++) {
                    Arrays.fill(acc, 0);
                    for (int dy = 0; dy < ky; dy++) {
                        int row = (y * ky + dy) * rowBytes;
                        if (c == 3) {
                            boxRow3(s, row, kx, acc);
                        } else {
                            for (int a = 0, p = row; a < acc.length; a += c, p += step) {
                                for (int q = p, end = p + step; q < end; q += c) {
                                    for (int ch = 0; ch < c; ch++) {
                                        acc[a + ch] += s[q + ch] & 0xFF;
                                    }
                                }
                            }
                        }
                    }
                    int o = y * acc.length;
                    int len = acc.length;
                    for (int i = 0; i < len; i++) {
                        d[o + i] = (byte) ((acc[i] + area / 2) / area);
                    }
                }
            }
        }
    }

    /** Adds {@code kx}-pixel runs of one RGB source row into the per-output-pixel sums. */
    private static void boxRow3(byte[] s, int row, int kx, int[] acc) {
        int step = kx * 3;
        for (int a = 0, p = row; a < acc.length; a += 3, p += step) {
            int r = 0;
            int g = 0;
            int b = 0;
            for (int q = p, end = p + step; q < end; q += 3) {
                r += s[q] & 0xFF;
                g += s[q + 1] & 0xFF;
                b += s[q + 2] & 0xFF;
            }
            acc[a] += r;
            acc[a + 1] += g;
            acc[a + 2] += b;
        }
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
        // one test in the common case; out of range, ~v >> 31 is 0 for v < 0 and all ones for v > 255
        return (v & ~0xFF) == 0 ? v : (~v >> 31) & 0xFF;
    }

    /**
     * Rows of output cut into bands that threads claim one at a time until none is left; {@link #run()} is the loop
     * each thread runs.
     */
    private abstract static class Bands implements Runnable {
        final int rows;
        private final AtomicInteger next = new AtomicInteger();
        private int band;
        private int bands;

        Bands(int rows) {
            this.rows = rows;
            plan(1);
        }

        /**
         * Sizes the bands for {@code threads}: the more rows a band has, the fewer source rows two threads both read,
         * but the longer a thread may wait for the last band. Call before the threads start.
         */
        final void plan(int threads) {
            band = threads <= 1 ? rows : Math.max(MIN_BAND, Math.min(MAX_BAND, rows / (4 * threads)));
            bands = (rows + band - 1) / band;
        }

        /** First row of the next unclaimed band, or -1 when all are claimed. */
        final int claim() {
            int b = next.getAndIncrement();
            return b < bands ? b * band : -1;
        }

        /** End (exclusive) of the band starting at {@code y0}. */
        final int end(int y0) {
            return Math.min(rows, y0 + band);
        }

        /** Lets threads still running stop after their current band. */
        final void abandon() {
            next.set(bands);
        }
    }

    /** A helper thread's body: runs the bands and keeps what it threw for the caller. */
    private static final class Helper implements Runnable {
        private final Bands task;
        private volatile Throwable failure;

        Helper(Bands task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (Throwable t) {
                task.abandon();
                failure = t;
            }
        }
    }

    /**
     * Runs {@code task} on the calling thread and, when there is enough {@code work} (multiply-adds) and more than one
     * band, on up to {@code threads - 1} helper threads; returns when every band is done.
     */
    static void runBands(Bands task, int threads, long work) {
        int n = Math.min(threads, (task.rows + MIN_BAND - 1) / MIN_BAND);
        if (n <= 1 || work < PARALLEL_MIN_WORK) {
            task.run();
            return;
        }
        task.plan(n);
        Helper[] helpers = new Helper[n - 1];
        Thread[] started = new Thread[n - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(task);
            started[i] = new Thread(helpers[i], "resampler");
            started[i].setDaemon(true);
            started[i].start();
        }
        Throwable failure = null;
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            task.abandon();
            failure = e;
        }
        boolean interrupted = false;
        for (int i = 0; i < started.length; i++) {
            while (true) {
                try {
                    started[i].join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers write into the output: wait for them regardless
                }
            }
            if (failure == null) {
                failure = helpers[i].failure;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
