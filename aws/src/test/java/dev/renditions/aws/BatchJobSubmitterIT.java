package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.aws.testing.BatchFixture;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.ports.JobRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.batch.model.JobDetail;

/** SubmitJob on moto's Batch (non-Docker), checked through DescribeJobs. EC2 definitions: see BatchFixture. */
@ExtendWith(MotoExtension.class)
class BatchJobSubmitterIT {
    static BatchFixture batch;
    static BatchJobSubmitter submitter;

    @BeforeAll
    static void setUp(MotoServer moto) {
        batch = BatchFixture.create(
                moto,
                "renditions-it",
                List.of("render", "--source", "Ref::source", "--spec", "Ref::spec"),
                Map.of("spec", "default"));
        submitter = new BatchJobSubmitter(moto.batch());
    }

    @Test
    void arrayJob(MotoServer moto) {
        Map<String, String> parameters = Map.of(
                "source",
                "s3://in/uploads/cat.jpg",
                "sourceVersion",
                "-",
                "sourceEtag",
                "abc",
                "output",
                "s3://out/r/");
        Map<String, String> tags = Map.of("app", "renditions", "source-bucket", "in");
        String id = submitter.submit(new JobRequest(
                "uploads_cat_jpg", batch.jobQueueName(), batch.jobDefinitionName(), 3, parameters, tags));

        JobDetail job = BatchFixture.describe(moto, id);
        assertEquals("uploads_cat_jpg", job.jobName());
        assertEquals(batch.jobQueueArn(), job.jobQueue());
        assertEquals(3, job.arrayProperties().size());
        Map<String, String> merged = new java.util.HashMap<>(parameters);
        merged.put("spec", "default"); // the definition's default parameter
        assertEquals(merged, job.parameters());
        assertEquals(tags, job.tags());

        JobDetail child = BatchFixture.describe(moto, id + ":2"); // moto leaves arrayProperties out on children
        assertEquals("uploads_cat_jpg", child.jobName());
    }

    @Test
    void plainJob(MotoServer moto) {
        String id = submitter.submit(new JobRequest(
                "single", batch.jobQueueArn(), batch.jobDefinitionArn(), 1, Map.of("source", "s3://in/a.png"), null));
        JobDetail job = BatchFixture.describe(moto, id);
        assertEquals("single", job.jobName());
        assertTrue(job.arrayProperties() == null || job.arrayProperties().size() == null, job.toString());
        assertEquals("s3://in/a.png", job.parameters().get("source"));
        String again = submitter.submit(
                new JobRequest("single", batch.jobQueueArn(), batch.jobDefinitionArn(), 0, null, null));
        assertNotEquals(id, again, "SubmitJob is not idempotent: a second call is a second job");
        List<String> onQueue = batch.jobIds(moto);
        assertTrue(onQueue.containsAll(List.of(id, again)), onQueue.toString());
    }

    @Test
    void findJobFindsASubmittedJobByItsExactName(MotoServer moto) {
        java.time.Instant before = java.time.Instant.now().minusSeconds(60);
        String id = submitter.submit(new JobRequest(
                "renditions-find_me-0a1b2c3d", batch.jobQueueName(), batch.jobDefinitionName(), 3, null, null));
        submitter.submit(new JobRequest(
                "renditions-find_me-0a1b2c3dX", batch.jobQueueName(), batch.jobDefinitionName(), 0, null, null));
        assertEquals(
                java.util.Optional.of(id),
                submitter.findJob(batch.jobQueueName(), "renditions-find_me-0a1b2c3d", before));
        assertEquals(
                java.util.Optional.of(id),
                submitter.findJob(batch.jobQueueArn(), "renditions-find_me-0a1b2c3d", before));
        assertEquals(
                java.util.Optional.empty(),
                submitter.findJob(batch.jobQueueName(), "RENDITIONS-find_me-0a1b2c3d", before),
                "ListJobs matches names case-insensitively; the adapter compares them exactly");
        assertEquals(
                java.util.Optional.empty(),
                submitter.findJob(batch.jobQueueName(), "renditions-find_me-0a1b2c3d", before.plusSeconds(3600)),
                "created before the cut-off");
        assertEquals(
                java.util.Optional.empty(),
                submitter.findJob(batch.jobQueueName(), "renditions-never-ffffffff", before));
    }

    @Test
    void anUnknownQueueIsAConfigurationError() {
        dev.renditions.core.errors.UsageException e = assertThrows(
                dev.renditions.core.errors.UsageException.class,
                () -> submitter.submit(new JobRequest("x", "no-such-queue", batch.jobDefinitionName(), 2, null, null)));
        assertTrue(e.getMessage().contains("batch:SubmitJob on job queue no-such-queue"), e.getMessage());
        assertEquals(2, e.exitCode());
    }
}
