package dev.renditions.dispatcher.fakes;

import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Records submitted jobs with their creation time; can fail the next calls, before the job is created (the service
 * rejected the request) or after (the answer was lost: a time-out or 5xx after Batch created the job). Lists jobs by
 * name like ListJobs with a {@code JOB_NAME} filter.
 */
public final class FakeJobSubmitter implements JobSubmitter {
    private record Failure(RuntimeException error, boolean afterCreating) {}

    private record Created(JobRequest request, String id, Instant at) {}

    private final Clock clock;
    private final List<Created> created = new ArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final List<String> lookups = new ArrayList<>();
    private final Deque<RuntimeException> lookupFailures = new ArrayDeque<>();
    private int attempts;

    public FakeJobSubmitter() {
        this(Clock.systemUTC());
    }

    public FakeJobSubmitter(Clock clock) {
        this.clock = clock;
    }

    /** The next submit throws {@code e} and creates no job. */
    public void failNext(RuntimeException e) {
        failures.add(new Failure(e, false));
    }

    /** The next submit creates the job and then throws {@code e}, as a lost answer does. */
    public void failNextAfterCreating(RuntimeException e) {
        failures.add(new Failure(e, true));
    }

    /** The next {@link #findJob} throws {@code e}. */
    public void failNextLookup(RuntimeException e) {
        lookupFailures.add(e);
    }

    @Override
    public String submit(JobRequest request) {
        attempts++;
        Failure f = failures.poll();
        if (f != null && !f.afterCreating()) {
            throw f.error();
        }
        String id = "job-" + (created.size() + 1);
        created.add(new Created(request, id, clock.instant()));
        if (f != null) {
            throw f.error();
        }
        return id;
    }

    @Override
    public Optional<String> findJob(String queue, String jobName, Instant createdAtOrAfter) {
        lookups.add(queue + " " + jobName + " " + createdAtOrAfter);
        RuntimeException f = lookupFailures.poll();
        if (f != null) {
            throw f;
        }
        Created found = null;
        for (Created c : created) {
            if (c.request().queue().equals(queue)
                    && c.request().name().equals(jobName)
                    && !c.at().isBefore(createdAtOrAfter)) {
                found = c; // the last one is the most recent
            }
        }
        return Optional.ofNullable(found).map(Created::id);
    }

    /** Every job created, including those whose submit then failed. */
    public List<JobRequest> submitted() {
        return created.stream().map(Created::request).toList();
    }

    public int attempts() {
        return attempts;
    }

    /** Every {@link #findJob} call, as {@code queue name createdAtOrAfter}. */
    public List<String> lookups() {
        return List.copyOf(lookups);
    }
}
