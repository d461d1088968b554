package dev.renditions.worker.backfill;

import dev.renditions.core.errors.TransientException;
import java.time.Duration;

/** Waits; tests pass one that only records. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d);

    Sleeper REAL = d -> {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(TransientException.INTERNAL, "interrupted while pacing submissions", e);
        }
    };
}
