package dev.renditions.aws;

import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * {@link JobSubmitter} on AWS Batch: one SubmitJob call. {@code arrayProperties.size} is sent only for an array
 * ({@link JobRequest#isArray()}: 2 to 10,000 children); tags are propagated to the ECS tasks (cost allocation).
 * SubmitJob has no idempotency token: callers that must not submit twice deduplicate before calling.
 */
public final class BatchJobSubmitter implements JobSubmitter {
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
}
