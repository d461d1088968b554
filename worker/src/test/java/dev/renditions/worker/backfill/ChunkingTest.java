package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.renditions.core.errors.UsageException;
import org.junit.jupiter.api.Test;

class ChunkingTest {
    @Test
    void twentyFiveHundredImagesOnePerChildCappedAtAThousand() {
        Chunking c = new Chunking(1, 1000);
        assertEquals(3, c.chunks(2500));
        assertEquals(1000, c.imagesIn(0, 2500));
        assertEquals(1000, c.imagesIn(1, 2500));
        assertEquals(500, c.imagesIn(2, 2500));
        assertEquals(500, c.arraySize(500));
        assertThrows(IndexOutOfBoundsException.class, () -> c.imagesIn(3, 2500));
    }

    @Test
    void severalImagesPerChild() {
        Chunking c = new Chunking(10, 10_000);
        assertEquals(100_000, c.imagesPerChunk());
        assertEquals(10, c.chunks(1_000_000));
        assertEquals(10_000, c.children(100_000));
        assertEquals(3, c.children(21), "the last child takes the remainder");
        assertEquals(0, c.arraySize(10), "one child: a plain job");
        assertEquals(0, c.arraySize(1));
        assertEquals(2, c.arraySize(11));
        assertEquals(0, c.chunks(0));
    }

    @Test
    void limits() {
        assertThrows(UsageException.class, () -> new Chunking(0, 10));
        assertThrows(UsageException.class, () -> new Chunking(1001, 10));
        assertThrows(UsageException.class, () -> new Chunking(1, 0));
        assertThrows(UsageException.class, () -> new Chunking(1, 10_001));
        assertEquals(0, new Chunking(1, 1).arraySize(1), "max-array-size 1: every job is plain");
    }
}
