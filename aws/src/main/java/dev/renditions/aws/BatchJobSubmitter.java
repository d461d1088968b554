package dev.renditions.aws;

import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.ListJobsRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * {@link JobSubmitter} on AWS Batch: one SubmitJob call. {@code arrayProperties.size} is sent only for an array
 * ({@link JobRequest#isArray()}: 2 to 10,000 children); tags are propagated to the ECS tasks (cost allocation).
 * SubmitJob has no idempotency token: callers that must not submit twice deduplicate before calling, and use
 * {@link #findJob} (ListJobs) when an earlier submit may or may not have created its job.
 */
public final class BatchJobSubmitter implements JobSubmitter {
    /** The largest page ListJobs returns. */
    static final int PAGE_SIZE = 100;

    private final BatchClient batch;

    public BatchJobSubmitter(BatchClient batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    @Override
    public String submit(JobRequest request) {
        SubmitJobRequest.Builder b = SubmitJobRequest.builder()
                .jobName(request.name())
                .jobQueue(request.queue())
                .jobDefinition(request.definition())
                .propagateTags(true);
        if (!request.parameters().isEmpty()) {
            b.parameters(request.parameters());
        }
        if (!request.tags().isEmpty()) {
            b.tags(request.tags());
        }
        if (request.isArray()) {
            b.arrayProperties(a -> a.size(request.arraySize()));
        }
        try {
            return batch.submitJob(b.build()).jobId();
        } catch (SdkException e) {
            throw AwsErrors.classify(
                    e, "batch:SubmitJob", "job queue " + request.queue() + " with definition " + request.definition());
        }
    }

    /**
     * ListJobs on the queue with a {@code JOB_NAME} filter, every page. Facts from the Batch API reference
     * (ListJobs, {@code filters} and {@code jobStatus}): with a filter, {@code jobStatus} is ignored and jobs in any
     * status are returned (so a job that already ran or failed is found too); only one filter can be used at a time
     * (so the creation time is compared here, not with {@code AFTER_CREATED_AT}); the name match is case-insensitive
     * (so the name is compared exactly here). Array children carry the parent's name and are skipped: the parent is
     * what SubmitJob returned. ListJobs has no resource-level permissions: {@code batch:ListJobs} is granted on
     * {@code *}. Its results may lag a submit by a short while, which callers must allow for.
     */
    @Override
    public Optional<String> findJob(String queue, String jobName, Instant createdAtOrAfter) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(jobName, "jobName");
        long cutoff = createdAtOrAfter.toEpochMilli();
        ListJobsRequest request = ListJobsRequest.builder()
                .jobQueue(queue)
                .filters(
                        KeyValuesPair.builder().name("JOB_NAME").values(jobName).build())
                .maxResults(PAGE_SIZE)
                .build();
        try {
            JobSummary found = null;
            // Every page, no early stop: AWS sorts newest first, but moto does not, and there are only as many
            // jobs of one name as there were submits of one dispatch.
            for (JobSummary j : batch.listJobsPaginator(request).jobSummaryList()) {
                boolean recent = j.createdAt() == null || j.createdAt() >= cutoff;
                if (jobName.equals(j.jobName()) && recent && !isArrayChild(j) && (found == null || newer(j, found))) {
                    found = j;
                }
            }
            return Optional.ofNullable(found).map(JobSummary::jobId);
        } catch (SdkException e) {
            throw AwsErrors.classify(e, "batch:ListJobs", "job queue " + queue + " (job name " + jobName + ")");
        }
    }

    /**
     * Children carry their parent's name; what SubmitJob returned, and what is recorded, is the parent. moto lists
     * the children of an array on its queue (ids {@code <parent>:<index>}).
     */
    private static boolean isArrayChild(JobSummary j) {
        return (j.arrayProperties() != null && j.arrayProperties().index() != null)
                || (j.jobId() != null && j.jobId().contains(":"));
    }

    private static boolean newer(JobSummary a, JobSummary b) {
        return a.createdAt() != null && (b.createdAt() == null || a.createdAt() > b.createdAt());
    }
}
