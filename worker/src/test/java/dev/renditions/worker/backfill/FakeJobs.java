package dev.renditions.worker.backfill;

import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records submissions and answers job ids {@code job-1}, {@code job-2}, ...; fails chosen calls on demand. */
public class FakeJobs implements JobSubmitter {
    public final List<JobRequest> submitted = new ArrayList<>();
    public final List<String> ids = new ArrayList<>();
    final Map<Integer, RenditionException> failAt = new HashMap<>();
    private final String idPrefix;
    public int calls;

    public FakeJobs() {
        this("job-");
    }

    FakeJobs(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    /** Call number {@code call} (from 1) throws {@code e} and submits nothing. */
    public FakeJobs failAt(int call, RenditionException e) {
        failAt.put(call, e);
        return this;
    }

    @Override
    public String submit(JobRequest request) {
        calls++;
        RenditionException f = failAt.get(calls);
        if (f != null) {
            throw f;
        }
        submitted.add(request);
        String id = idPrefix + submitted.size();
        ids.add(id);
        return id;
    }
}
