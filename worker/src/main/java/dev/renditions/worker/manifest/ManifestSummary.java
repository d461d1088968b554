package dev.renditions.worker.manifest;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
import java.util.Objects;

/**
 * What a manifest child did, counted in images: rendered (at least one rendition written), skipped (every rendition
 * already up to date, or the source superseded), failed (invalid input, announced, not retryable) and transient
 * (announced where possible, retryable).
 *
 * @param slice the child's slice
 * @param firstTransient the first transient failure, or null
 * @param stoppedAt the position of the image whose usage error stopped the child, or -1
 */
public record ManifestSummary(
        ManifestSlice slice,
        int rendered,
        int skipped,
        int failed,
        int transientFailures,
        RenditionException firstTransient,
        long stoppedAt) {
    public ManifestSummary {
        Objects.requireNonNull(slice, "slice");
    }

    /** 1 when an image failed transiently (so that AWS Batch retries the child), else 0. */
    public int exitCode() {
        return transientFailures > 0 ? ExitCodes.TRANSIENT : ExitCodes.OK;
    }

    /**
     * The exit-1 failure to report when {@link #exitCode()} is 1: a {@link TransientException} with the first
     * transient failure's code and the count.
     */
    public TransientException retryable() {
        if (firstTransient == null) {
            throw new IllegalStateException("no transient failure");
        }
        return new TransientException(
                firstTransient.code(),
                transientFailures + " of " + slice.entries().size() + " images of manifest child " + slice.child()
                        + " failed transiently (first: " + firstTransient.getMessage() + "); exit 1 so that AWS Batch"
                        + " retries the child, which skips the images already up to date",
                firstTransient);
    }

    /** The one-line summary on stderr. */
    public String line() {
        StringBuilder b = new StringBuilder("manifest ")
                .append(slice.manifest().uri())
                .append(" child ")
                .append(slice.child());
        int n = slice.entries().size();
        if (n == 0) {
            return b.append(": nothing to do, the manifest has ")
                    .append(slice.manifestImages())
                    .append(" images and this child's slice starts at image ")
                    .append(slice.first())
                    .append(" (")
                    .append(slice.imagesPerChild())
                    .append(" per child)")
                    .toString();
        }
        b.append(" (images ")
                .append(slice.first())
                .append(n == 1 ? "" : " to " + (slice.first() + n - 1))
                .append("): rendered ")
                .append(rendered)
                .append(", skipped ")
                .append(skipped)
                .append(", failed ")
                .append(failed)
                .append(", transient ")
                .append(transientFailures);
        if (stoppedAt >= 0) {
            b.append("; stopped at image ").append(stoppedAt).append(" by a usage or configuration error");
        }
        return b.toString();
    }

    /** Counts as the child goes. */
    static final class Builder {
        private final ManifestSlice slice;
        private int rendered;
        private int skipped;
        private int failed;
        private int transientFailures;
        private RenditionException firstTransient;
        private long stoppedAt = -1;

        Builder(ManifestSlice slice) {
            this.slice = slice;
        }

        void rendered() {
            rendered++;
        }

        void skipped() {
            skipped++;
        }

        void failed() {
            failed++;
        }

        void transientFailure(RenditionException e) {
            transientFailures++;
            if (firstTransient == null) {
                firstTransient = e;
            }
        }

        void stopped(long position) {
            stoppedAt = position;
        }

        ManifestSummary build() {
            return new ManifestSummary(slice, rendered, skipped, failed, transientFailures, firstTransient, stoppedAt);
        }
    }
}
