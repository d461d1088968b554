package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory stays flat for a million keys: the planner runs a generated listing of 1,000,000 keys (no S3) in a JVM whose
 * heap is {@value #HEAP}, far less than the keys would take if they were held (about 110 bytes each). The control
 * test shows that heap is small enough to notice: the same run, with a fake that keeps every line, runs out of memory.
 */
class BackfillScaleTest {
    static final String HEAP = "32m";
    static final int KEYS = 1_000_000;

    record Run(int exit, String out) {}

    static Run child(boolean onlyMissing, boolean retain) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(
                        java.toString(),
                        "-Xmx" + HEAP,
                        // give up early rather than thrash when the heap is nearly full (the control)
                        "-XX:+UseParallelGC",
                        "-XX:GCTimeLimit=50",
                        "-XX:GCHeapFreeLimit=20",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MillionKeys.class.getName(),
                        String.valueOf(KEYS),
                        String.valueOf(onlyMissing),
                        String.valueOf(retain))
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }

    @Test
    void aMillionKeysAreChunkedAndSubmittedInASmallHeap() throws Exception {
        Run r = child(false, false);
        assertEquals(0, r.exit(), r.out());
        assertTrue(
                r.out().contains("images=1000000 chunks=100 jobs=100 verified=1000000"),
                "every key once, in order, in 100 chunks of 10,000:\n" + r.out());
    }

    @Test
    void aMillionKeysWithOnlyMissingInASmallHeap() throws Exception {
        Run r = child(true, false);
        assertEquals(0, r.exit(), r.out());
        assertTrue(
                r.out().contains("images=500000 chunks=50 jobs=50 verified=500000"),
                "the half without renditions, in order:\n" + r.out());
    }

    @Test
    void controlHoldingEveryKeyDoesNotFitThatHeap() throws Exception {
        Run r = child(false, true);
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(
                List.of(r.out().split("\n")).stream().anyMatch(l -> l.contains("java.lang.OutOfMemoryError")),
                "expected an OutOfMemoryError:\n" + r.out());
    }
}
