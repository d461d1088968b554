package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.ports.JobRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacedSubmitterTest {
    static final JobRequest JOB = new JobRequest("j", "q", "d", 2, null, null);

    @Test
    void submissionsArePacedOnAClockThatOnlySleepsMove() {
        AtomicLong clock = new AtomicLong();
        List<Duration> sleeps = new ArrayList<>();
        PacedSubmitter s = new PacedSubmitter(
                new FakeJobs(),
                5,
                PacedSubmitter.Backoff.DEFAULT,
                d -> {
                    sleeps.add(d);
                    clock.addAndGet(d.toNanos());
                },
                clock::get);
        for (int i = 0; i < 4; i++) {
            s.submit(JOB);
        }
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200)), sleeps);

        clock.addAndGet(Duration.ofSeconds(5).toNanos()); // a slow caller is never made to wait
        s.submit(JOB);
        assertEquals(3, sleeps.size());
    }

    @Test
    void throttlingIsRetriedUpToTheLimitWithGrowingWaits() {
        TransientException throttled = new TransientException(TransientException.THROTTLED, "slow down", null);
        FakeJobs jobs = new FakeJobs();
        for (int i = 1; i <= 4; i++) {
            jobs.failAt(i, throttled);
        }
        List<Duration> sleeps = new ArrayList<>();
        PacedSubmitter s = new PacedSubmitter(
                jobs,
                50,
                new PacedSubmitter.Backoff(4, Duration.ofSeconds(1), Duration.ofSeconds(3)),
                sleeps::add,
                () -> 0L);
        TransientException e = assertThrows(TransientException.class, () -> s.submit(JOB));
        assertEquals(TransientException.THROTTLED, e.code());
        assertEquals(4, jobs.calls);
        // pacing waits grow by 20 ms a call here (the clock stands still); the backoff waits are 500 ms or more
        List<Duration> backoff =
                sleeps.stream().filter(d -> d.toMillis() >= 500).toList();
        assertEquals(3, backoff.size(), sleeps.toString());
        long[][] bounds = {{500, 1000}, {1000, 2000}, {1500, 3000}};
        for (int i = 0; i < 3; i++) {
            long ms = backoff.get(i).toMillis();
            assertTrue(ms >= bounds[i][0] && ms <= bounds[i][1], "wait " + i + ": " + ms + " ms");
        }
    }

    @Test
    void theRateIsBoundedByTheQuota() {
        assertThrows(
                UsageException.class,
                () -> new PacedSubmitter(
                        new FakeJobs(), 51, PacedSubmitter.Backoff.DEFAULT, Sleeper.REAL, System::nanoTime));
        assertThrows(
                UsageException.class,
                () -> new PacedSubmitter(
                        new FakeJobs(), 0, PacedSubmitter.Backoff.DEFAULT, Sleeper.REAL, System::nanoTime));
    }
}
