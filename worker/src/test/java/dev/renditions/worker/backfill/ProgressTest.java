package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void plainLinesEveryNObjectsOrEveryPeriod() {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress.Lines(new PrintWriter(out), clock::get, 1000, Duration.ofSeconds(10));
        for (int i = 1; i <= 2500; i++) {
            p.listing(i, i / 2, 0);
        }
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        p.listing(2501, 1250, 1);
        p.submitted(1, 2, "job-1", true);
        p.submitted(2, 2, "job-2", false);
        p.finish();
        assertEquals(
                """
                backfill: listed 1000 objects, 500 images selected, 0 chunks written
                backfill: listed 2000 objects, 1000 images selected, 0 chunks written
                backfill: listed 2501 objects, 1250 images selected, 1 chunks written
                backfill: job 1/2 job-1 submitted
                backfill: job 2/2 job-2 (recorded)
                """,
                out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aTerminalGetsOneLineRedrawnInPlace() {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress.Terminal(new PrintWriter(out), clock::get);
        p.listing(1, 1, 0);
        p.listing(2, 2, 0); // within 100 ms: not drawn
        clock.addAndGet(Duration.ofMillis(150).toNanos());
        p.submitted(1, 2, "job-1", true);
        p.submitted(2, 2, "job-2", true); // the last one is always drawn
        p.finish();
        String s = out.toString();
        assertEquals(3, s.chars().filter(c -> c == '\r').count(), s);
        assertTrue(s.contains("[###############...............] 1/2 jobs"), s);
        assertTrue(s.contains("[##############################] 2/2 jobs"), s);
        assertTrue(s.endsWith(System.lineSeparator()), "the line is ended at the finish");
        assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line break, at the end");
    }
}
