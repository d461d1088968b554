package dev.renditions.worker.backfill;

import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.PutOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes manifest lines into chunk files as they come: lines go to one local temporary file, which is uploaded as
 * {@code chunks/NNNNNN.csv} when it holds a chunk's worth ({@code imagesPerChunk}) and then reused. Memory stays
 * constant whatever the number of lines; disk holds one chunk at most. With no store (a dry run) lines are only
 * counted.
 */
final class ChunkWriter implements AutoCloseable {
    static final PutOptions CSV = new PutOptions("text/csv; charset=utf-8", null, null);

    private final ObjectStore store;
    private final PlanLayout layout;
    private final long imagesPerChunk;
    private Path temp;
    private BufferedWriter out;
    private long inChunk;
    private long chunks;
    private long lines;

    /** @param store null for a dry run */
    ChunkWriter(ObjectStore store, PlanLayout layout, long imagesPerChunk) {
        this.store = store;
        this.layout = layout;
        this.imagesPerChunk = imagesPerChunk;
    }

    void add(String line) {
        lines++;
        inChunk++;
        if (store != null) {
            try {
                if (out == null) {
                    if (temp == null) {
                        temp = Files.createTempFile("backfill-chunk-", ".csv");
                    }
                    out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                }
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("writing a manifest chunk to " + temp, e);
            }
        }
        if (inChunk == imagesPerChunk) {
            flushChunk();
        }
    }

    /** Uploads the last, partly filled chunk. */
    void finish() {
        if (inChunk > 0) {
            flushChunk();
        }
    }

    long chunksWritten() {
        return chunks;
    }

    long lines() {
        return lines;
    }

    private void flushChunk() {
        if (store != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("writing a manifest chunk to " + temp, e);
            }
            out = null;
            store.put(layout.chunk(chunks), temp, CSV);
        }
        chunks++;
        inChunk = 0;
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
