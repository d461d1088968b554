package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.ports.JobRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobResponse;

/** Checks the exact SubmitJob request. */
class BatchJobSubmitterTest {
    static final class FakeBatch implements BatchClient {
        final List<SubmitJobRequest> requests = new ArrayList<>();

        @Override
        public SubmitJobResponse submitJob(SubmitJobRequest request) {
            requests.add(request);
            return SubmitJobResponse.builder()
                    .jobId("job-" + requests.size())
                    .jobName(request.jobName())
                    .build();
        }

        @Override
        public String serviceName() {
            return "batch";
        }

        @Override
        public void close() {}
    }

    @Test
    void arrayJob() {
        FakeBatch fake = new FakeBatch();
        String id = new BatchJobSubmitter(fake)
                .submit(new JobRequest(
                        "uploads_cat_jpg", "q", "d:3", 3, Map.of("source", "s3://b/k"), Map.of("app", "renditions")));
        assertEquals("job-1", id);
        SubmitJobRequest r = fake.requests.get(0);
        assertEquals("uploads_cat_jpg", r.jobName());
        assertEquals("q", r.jobQueue());
        assertEquals("d:3", r.jobDefinition());
        assertEquals(3, r.arrayProperties().size());
        assertEquals(Map.of("source", "s3://b/k"), r.parameters());
        assertEquals(Map.of("app", "renditions"), r.tags());
        assertTrue(r.propagateTags());
    }

    @Test
    void plainJobHasNoArrayProperties() {
        FakeBatch fake = new FakeBatch();
        new BatchJobSubmitter(fake).submit(new JobRequest("one", "q", "d", 1, Map.of(), Map.of()));
        new BatchJobSubmitter(fake).submit(new JobRequest("zero", "q", "d", 0, Map.of(), Map.of()));
        for (SubmitJobRequest r : fake.requests) {
            assertNull(r.arrayProperties(), r.jobName());
            assertTrue(r.parameters().isEmpty());
            assertTrue(r.tags().isEmpty());
        }
    }
}
