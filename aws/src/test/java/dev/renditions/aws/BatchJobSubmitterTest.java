package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.ports.JobRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.ListJobsRequest;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobResponse;

/** Checks the exact SubmitJob and ListJobs requests. */
class BatchJobSubmitterTest {
    static final class FakeBatch implements BatchClient {
        final List<SubmitJobRequest> requests = new ArrayList<>();
        final List<ListJobsRequest> listRequests = new ArrayList<>();
        /** ListJobs pages, in order; each but the last carries a next token. */
        final List<List<JobSummary>> pages = new ArrayList<>();

        @Override
        public ListJobsResponse listJobs(ListJobsRequest request) {
            listRequests.add(request);
            int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            return ListJobsResponse.builder()
                    .jobSummaryList(pages.isEmpty() ? List.of() : pages.get(page))
                    .nextToken(page + 1 < pages.size() ? String.valueOf(page + 1) : null)
                    .build();
        }

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

    static JobSummary job(String id, String name, Instant createdAt) {
        return JobSummary.builder()
                .jobId(id)
                .jobName(name)
                .createdAt(createdAt.toEpochMilli())
                .build();
    }

    @Test
    void findJobListsTheQueueByNameOnEveryPageAndComparesNameAndTimeItself() {
        Instant cutoff = Instant.parse("2026-01-02T03:00:00Z");
        FakeBatch fake = new FakeBatch();
        fake.pages.add(List.of(
                job("newest-other-case", "Renditions-cat_jpg-0a1b2c3d", cutoff.plusSeconds(90)),
                job("too-old", "renditions-cat_jpg-0a1b2c3d", cutoff.minusMillis(1))));
        fake.pages.add(List.of(
                job("match-newer:2", "renditions-cat_jpg-0a1b2c3d", cutoff.plusSeconds(40)), // an array child
                job("match-older", "renditions-cat_jpg-0a1b2c3d", cutoff),
                job("match-newer", "renditions-cat_jpg-0a1b2c3d", cutoff.plusSeconds(30))));
        fake.pages.add(List.of());

        Optional<String> found =
                new BatchJobSubmitter(fake).findJob("renditions-queue", "renditions-cat_jpg-0a1b2c3d", cutoff);

        assertEquals(Optional.of("match-newer"), found);
        assertEquals(3, fake.listRequests.size(), "every page");
        ListJobsRequest first = fake.listRequests.get(0);
        assertEquals("renditions-queue", first.jobQueue());
        assertEquals(
                List.of(KeyValuesPair.builder()
                        .name("JOB_NAME")
                        .values("renditions-cat_jpg-0a1b2c3d")
                        .build()),
                first.filters(),
                "one filter: ListJobs takes only one at a time");
        assertNull(first.jobStatus(), "ignored with a filter anyway: jobs in every status are listed");
        assertEquals(BatchJobSubmitter.PAGE_SIZE, first.maxResults());
        assertNull(first.arrayJobId());
        assertEquals("1", fake.listRequests.get(1).nextToken());
    }

    @Test
    void findJobIsEmptyWhenNoJobHasThatName() {
        FakeBatch fake = new FakeBatch();
        assertEquals(
                Optional.empty(), new BatchJobSubmitter(fake).findJob("q", "renditions-x-00000000", Instant.EPOCH));
        assertEquals(1, fake.listRequests.size());
    }
}
