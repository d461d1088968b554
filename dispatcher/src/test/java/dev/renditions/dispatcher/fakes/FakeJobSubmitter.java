package dev.renditions.dispatcher.fakes;

import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records submitted jobs; can fail the next calls. */
public final class FakeJobSubmitter implements JobSubmitter {
    private final List<JobRequest> submitted = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private int attempts;

    public void failNext(RuntimeException e) {
        failures.add(e);
    }

    @Override
    public String submit(JobRequest request) {
        attempts++;
        RuntimeException f = failures.poll();
        if (f != null) {
            throw f;
        }
        submitted.add(request);
        return "job-" + submitted.size();
    }

    public List<JobRequest> submitted() {
        return List.copyOf(submitted);
    }

    public int attempts() {
        return attempts;
    }
}
