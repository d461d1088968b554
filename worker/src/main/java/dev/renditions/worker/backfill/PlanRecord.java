package dev.renditions.worker.backfill;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.renditions.core.events.BackfillSubmittedDetail;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code plan.json}: a committed plan. Written once, with {@code If-None-Match: *}, after every chunk file is in place;
 * from then on the plan is frozen: re-runs and {@code --resume} read it and the chunk files, they never list again.
 * Chunk {@code n} holds the images {@code [n*imagesPerChunk, ...)} of the plan (see {@link Chunking}).
 *
 * @param spec the {@code spec} job parameter ({@code default} or an {@code s3://} URI)
 * @param objects objects listed (or inventory rows read)
 * @param images objects selected: the lines of all chunks together
 * @param bytes total size of the selected objects (those whose size was known)
 * @param skipped objects not selected, by {@link Verdict#jsonName()} (in alphabetical order)
 */
@JsonPropertyOrder({
    "format",
    "planId",
    "createdAt",
    "source",
    "output",
    "spec",
    "specHash",
    "renditions",
    "jobQueue",
    "jobDefinition",
    "imagesPerChild",
    "maxArraySize",
    "objects",
    "images",
    "bytes",
    "skipped",
    "chunks"
})
public record PlanRecord(
        int format,
        String planId,
        String createdAt,
        BackfillSubmittedDetail.Source source,
        String output,
        String spec,
        String specHash,
        List<String> renditions,
        String jobQueue,
        String jobDefinition,
        int imagesPerChild,
        int maxArraySize,
        long objects,
        long images,
        long bytes,
        Map<String, Long> skipped,
        long chunks) {
    public static final int FORMAT = 1;

    public PlanRecord {
        Objects.requireNonNull(planId, "planId");
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        skipped = skipped == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(skipped)); // stable order
    }

    public Chunking chunking() {
        return new Chunking(imagesPerChild, maxArraySize);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Children over all jobs. */
    public long children() {
        Chunking c = chunking();
        long total = 0;
        for (long n = 0; n < chunks; n++) {
            total += c.children(c.imagesIn(n, images));
        }
        return total;
    }

    /** Jobs that are arrays (the others are plain jobs with one child). */
    public long arrays() {
        Chunking c = chunking();
        long arrays = 0;
        for (long n = 0; n < chunks; n++) {
            if (c.arraySize(c.imagesIn(n, images)) > 0) {
                arrays++;
            }
        }
        return arrays;
    }

    /** Renditions to make: every rendition of every selected image. */
    public long renditionCount() {
        return images * renditions.size();
    }
}
