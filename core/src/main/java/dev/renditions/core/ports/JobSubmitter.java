package dev.renditions.core.ports;

import java.time.Instant;
import java.util.Optional;

/** Submits AWS Batch jobs. */
public interface JobSubmitter {
    /** @return the job id */
    String submit(JobRequest request);

    /**
     * Looks for a job submitted earlier under exactly this name, in any status, so that a caller that cannot tell
     * whether an earlier {@link #submit} created its job (a time-out, a 5xx, a process that died after the call) can
     * find it instead of submitting a second one. Meant for names that are unique per unit of work.
     *
     * @param queue the job queue (name or ARN) the job was submitted to
     * @param jobName the exact name it was submitted with (case-sensitive)
     * @param createdAtOrAfter ignore jobs created before this instant
     * @return the id of such a job (the most recently created when there are several), or empty when there is none
     * @throws UnsupportedOperationException from submitters that cannot look jobs up (the default)
     */
    default Optional<String> findJob(String queue, String jobName, Instant createdAtOrAfter) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot look jobs up");
    }
}
