package dev.renditions.core.ports;

/** Submits AWS Batch jobs. */
public interface JobSubmitter {
    /** @return the job id */
    String submit(JobRequest request);
}
