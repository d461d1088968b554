package dev.renditions.worker.backfill;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.ports.JobRequest;

/**
 * How selected images are cut into jobs. The images, in the order they were listed, fill chunks of
 * {@code maxArraySize * imagesPerChild}; chunk {@code n} is one AWS Batch job whose child {@code i} renders lines
 * {@code [i*K, i*K+K)} of the chunk's manifest ({@code K = imagesPerChild}). A chunk whose images fit in one child is a
 * plain job (no array: Batch arrays have 2 to 10,000 children).
 */
public record Chunking(int imagesPerChild, int maxArraySize) {
    /**
     * Images per child when not given. Each child is a container: it pays the task start (tens of seconds on Fargate)
     * and the JVM start once, then spends a few seconds per image (one decode, every rendition cut from it). One image
     * per child would spend most of a backfill starting containers; ten amortise the start about tenfold while a
     * child still finishes far inside the manifest job definitions' 3600-second attempt timeout even with sources at the
     * 100-megapixel limit, and a retried child (Batch retries the whole child) redoes little, since the worker skips
     * renditions that are already up to date. A million images then make 100,000 children in 10 array jobs.
     */
    public static final int DEFAULT_IMAGES_PER_CHILD = 10;

    public static final int MAX_IMAGES_PER_CHILD = 1_000;

    public Chunking {
        if (imagesPerChild < 1 || imagesPerChild > MAX_IMAGES_PER_CHILD) {
            throw new UsageException(
                    "--images-per-child must be 1 to " + MAX_IMAGES_PER_CHILD + ", found " + imagesPerChild);
        }
        if (maxArraySize < 1 || maxArraySize > JobRequest.MAX_ARRAY_SIZE) {
            throw new UsageException(
                    "--max-array-size must be 1 to " + JobRequest.MAX_ARRAY_SIZE + ", found " + maxArraySize);
        }
    }

    public long imagesPerChunk() {
        return (long) imagesPerChild * maxArraySize;
    }

    /** Number of chunks (jobs) for {@code images} images. */
    public long chunks(long images) {
        return ceilDiv(images, imagesPerChunk());
    }

    /** Images in chunk {@code n} of a plan of {@code images} images. */
    public long imagesIn(long n, long images) {
        long start = n * imagesPerChunk();
        if (n < 0 || start >= images) {
            throw new IndexOutOfBoundsException("chunk " + n + " of a plan of " + images + " images");
        }
        return Math.min(imagesPerChunk(), images - start);
    }

    /** Children of a chunk of {@code imagesInChunk} images. */
    public int children(long imagesInChunk) {
        return (int) ceilDiv(imagesInChunk, imagesPerChild);
    }

    /** The {@link JobRequest#arraySize()} for a chunk: 0 (a plain job) when one child is enough. */
    public int arraySize(long imagesInChunk) {
        int c = children(imagesInChunk);
        return c == 1 ? 0 : c;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
