package dev.renditions.worker.backfill;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Submits jobs no faster than {@code perSecond}, and waits and tries again when AWS Batch throttles.
 *
 * <p>AWS Batch allows 50 SubmitJob calls a second per account and Region, a fixed quota shared with everything else
 * that submits (the dispatcher Lambda, other backfills); the default pace ({@value #DEFAULT_RATE} a second) leaves most
 * of it to them. A throttled call ({@link TransientException#THROTTLED}, i.e. still throttled after the SDK's own
 * retries) created no job, so it is safe to send again: after attempt {@code n} the submitter waits
 * {@code min(maxDelay, baseDelay * 2^(n-1))}, half of it fixed and half random, up to {@code maxAttempts} attempts.
 * Other failures are not retried here: a 5xx or a time-out may or may not have created the job, and sending it again
 * could submit it twice (the SDK's standard retries already had their go).
 */
public final class PacedSubmitter {
    public static final double DEFAULT_RATE = 5;
    /** The account's SubmitJob quota (transactions per second); a higher pace can only be throttled. */
    public static final double MAX_RATE = 50;

    /** Backoff on throttling. */
    public record Backoff(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        /** 8 attempts; the 7 waits add up to at most about 1.5 minutes. */
        public static final Backoff DEFAULT = new Backoff(8, Duration.ofSeconds(1), Duration.ofSeconds(30));

        public Backoff {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
        }

        Duration delayAfter(int attempt) {
            long d = baseDelay.toNanos();
            long cap = maxDelay.toNanos();
            for (int i = 1; i < attempt && d < cap; i++) {
                d *= 2;
            }
            d = Math.min(d, cap);
            long half = d / 2;
            return Duration.ofNanos(
                    half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
        }
    }

    private final JobSubmitter jobs;
    private final long intervalNanos;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private long nextAllowed = Long.MIN_VALUE;
    private int throttled;

    public PacedSubmitter(
            JobSubmitter jobs, double perSecond, Backoff backoff, Sleeper sleeper, LongSupplier nanoTime) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        if (!(perSecond > 0) || perSecond > MAX_RATE) {
            throw new dev.renditions.core.errors.UsageException("--submit-rate must be above 0 and at most "
                    + (int) MAX_RATE + " (the SubmitJob quota), found " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** @return the job id */
    public String submit(JobRequest request) {
        for (int attempt = 1; ; attempt++) {
            pace();
            try {
                return jobs.submit(request);
            } catch (TransientException e) {
                if (!TransientException.THROTTLED.equals(e.code()) || attempt >= backoff.maxAttempts()) {
                    throw e;
                }
                throttled++;
                sleeper.sleep(backoff.delayAfter(attempt));
            }
        }
    }

    /** Throttled calls so far (each was sent again after a wait). */
    public int throttled() {
        return throttled;
    }

    private void pace() {
        long now = nanoTime.getAsLong();
        if (nextAllowed != Long.MIN_VALUE && now - nextAllowed < 0) {
            sleeper.sleep(Duration.ofNanos(nextAllowed - now));
            now = nextAllowed;
        }
        nextAllowed = now + intervalNanos;
    }
}
