package dev.renditions.worker.backfill;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress on stderr while a backfill runs. On a terminal one line is redrawn in place (a counter while listing, a bar
 * while submitting); otherwise (a log, a CI job) a plain line every {@code everyObjects} objects or
 * {@code everyTime}, whichever comes first, and one line per job submitted.
 */
public interface Progress {
    /** The output prefix is being listed for {@code --only-missing}. */
    default void indexing(long files) {}

    /** Sources are being listed and filtered. */
    default void listing(long objects, long images, long chunksWritten) {}

    /** Job {@code done} of {@code total} is recorded. */
    default void submitted(long done, long total, String jobId, boolean now) {}

    /** The run is over: end the line in place, if any. */
    default void finish() {}

    Progress NONE = new Progress() {};

    static Progress printer(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
        return terminal ? new Terminal(err, nanoTime) : new Lines(err, nanoTime, 10_000, Duration.ofSeconds(10));
    }

    /** Plain lines, for logs. */
    final class Lines implements Progress {
        private final PrintWriter err;
        private final LongSupplier nanoTime;
        private final long everyObjects;
        private final long everyNanos;
        private long lastCount;
        private long lastTime;

        public Lines(PrintWriter err, LongSupplier nanoTime, long everyObjects, Duration everyTime) {
            this.err = Objects.requireNonNull(err, "err");
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            this.everyObjects = everyObjects;
            this.everyNanos = everyTime.toNanos();
            this.lastTime = nanoTime.getAsLong();
        }

        @Override
        public void indexing(long files) {
            if (due(files)) {
                err.println("backfill: listing the output prefix: " + files + " objects");
                err.flush();
            }
        }

        @Override
        public void listing(long objects, long images, long chunksWritten) {
            if (due(objects)) {
                err.println("backfill: listed " + objects + " objects, " + images + " images selected, " + chunksWritten
                        + " chunks written");
                err.flush();
            }
        }

        @Override
        public void submitted(long done, long total, String jobId, boolean now) {
            err.println("backfill: job " + done + "/" + total + " " + jobId + (now ? " submitted" : " (recorded)"));
            err.flush();
            lastCount = 0;
        }

        private boolean due(long count) {
            long t = nanoTime.getAsLong();
            if (count < lastCount) {
                lastCount = 0; // a new phase
            }
            if (count - lastCount >= everyObjects || t - lastTime >= everyNanos) {
                lastCount = count;
                lastTime = t;
                return true;
            }
            return false;
        }
    }

    /** One line redrawn with {@code \r}, at most 10 times a second. */
    final class Terminal implements Progress {
        private static final long REDRAW_NANOS = 100_000_000L;
        private static final int BAR = 30;
        private final PrintWriter err;
        private final LongSupplier nanoTime;
        private long lastDraw = Long.MIN_VALUE;
        private int lastWidth;

        public Terminal(PrintWriter err, LongSupplier nanoTime) {
            this.err = Objects.requireNonNull(err, "err");
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        }

        @Override
        public void indexing(long files) {
            draw("listing the output prefix: " + files + " objects", false);
        }

        @Override
        public void listing(long objects, long images, long chunksWritten) {
            draw(
                    "listing: " + objects + " objects, " + images + " images, " + chunksWritten + " chunks written",
                    false);
        }

        @Override
        public void submitted(long done, long total, String jobId, boolean now) {
            int filled = total == 0 ? BAR : (int) (BAR * done / total);
            draw(
                    "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total + " jobs",
                    done == total);
        }

        @Override
        public void finish() {
            if (lastWidth > 0) {
                err.println();
                err.flush();
                lastWidth = 0;
            }
        }

        private void draw(String text, boolean force) {
            long t = nanoTime.getAsLong();
            if (!force && lastDraw != Long.MIN_VALUE && t - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = t;
            String pad = text.length() < lastWidth ? " ".repeat(lastWidth - text.length()) : "";
            err.print("\r" + text + pad);
            err.flush();
            lastWidth = text.length();
        }
    }
}
