package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.BackfillSubmittedDetail;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.worker.backfill.BackfillPlanner.Mode;
import dev.renditions.worker.backfill.BackfillResult.Status;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackfillPlannerTest {
    static final Chunking ONE_PER_CHILD_CAP_1000 = new Chunking(1, 1000);

    @Test
    void threeArrayJobsCoverEveryImageExactlyOnce() {
        Fixtures f = new Fixtures().images(2500).clutter();
        BackfillResult r = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);

        assertEquals(Status.SUBMITTED, r.status());
        assertEquals(3, f.jobs.submitted.size());
        assertEquals(
                List.of(1000, 1000, 500),
                f.jobs.submitted.stream().map(JobRequest::arraySize).toList());
        List<List<ManifestCsv.Entry>> chunks = f.chunks(r);
        assertEquals(List.of(1000, 1000, 500), chunks.stream().map(List::size).toList());
        List<String> keys = chunks.stream()
                .flatMap(List::stream)
                .map(ManifestCsv.Entry::key)
                .toList();
        Set<String> expected = new HashSet<>(
                IntStream.range(0, 2500).mapToObj(Fixtures::imageKey).toList());
        assertEquals(2500, keys.size(), "no image twice");
        assertEquals(expected, new HashSet<>(keys), "every image, and nothing else");
        assertTrue(
                chunks.stream().flatMap(List::stream).allMatch(e -> e.bucket().equals(Fixtures.BUCKET)));

        assertEquals(2500 + Fixtures.CLUTTER_OBJECTS, r.plan().objects());
        assertEquals(2500, r.plan().images());
        assertEquals(
                Map.of("excludedPrefix", 2L, "notImage", 3L, "empty", 1L),
                r.plan().skipped(),
                "skip reasons");
        assertEquals(3, r.plan().arrays());
        assertEquals(2500, r.plan().children());
        assertEquals(7500, r.plan().renditionCount());
        assertEquals(
                List.of("job-1", "job-2", "job-3"),
                r.jobs().stream().map(BackfillResult.JobRecord::jobId).toList());
    }

    @Test
    void anOutputUnderTheWatchedInputPrefixIsRefusedBeforeAnythingIsWrittenOrSubmitted() {
        Fixtures f = new Fixtures().images(25);
        BackfillRequest r = f.request(new Chunking(10, 2));
        // renditions under uploads/ of the source bucket would be uploads themselves: every child would refuse them
        BackfillRequest unsafe = Fixtures.copy(
                r,
                c -> c.output =
                        dev.renditions.core.keys.S3Location.parse("s3://" + Fixtures.BUCKET + "/uploads/renditions/"));
        for (Mode mode : Mode.values()) {
            UsageException e =
                    assertThrows(UsageException.class, () -> f.planner().run(unsafe, mode), mode.name());
            assertEquals(UsageException.UNSAFE_OUTPUT, e.code());
        }
        assertEquals(List.of(), f.store.writes);
        assertEquals(0, f.jobs.calls);
        // with the prefix the upload rule really watches elsewhere, the same output is fine
        BackfillRequest watchedElsewhere = Fixtures.copy(unsafe, c -> c.inputPrefix = "incoming/");
        assertEquals(
                Status.DRY_RUN, f.planner().run(watchedElsewhere, Mode.DRY_RUN).status());
    }

    @Test
    void jobsCarryTheManifestParameterContract() {
        Fixtures f = new Fixtures().images(25);
        BackfillResult r = f.planner().run(f.request(new Chunking(10, 2)), Mode.SUBMIT);

        // 25 images, 10 a child, 2 children a job: chunks of 20 and 5 -> an array of 2 and a plain job
        assertEquals(
                List.of(2, 0),
                f.jobs.submitted.stream().map(JobRequest::arraySize).toList());
        JobRequest first = f.jobs.submitted.get(0);
        assertEquals("renditions-queue", first.queue());
        assertEquals("renditions-worker-manifest", first.definition());
        assertEquals("renditions-backfill-" + r.planId() + "-000000", first.name());
        assertTrue(first.name().matches("[A-Za-z0-9_-]{1,128}"), first.name());
        assertEquals(
                Map.of(
                        "manifest", "s3://media/.backfill/" + r.planId() + "/chunks/000000.csv",
                        "imagesPerChild", "10",
                        "output", "s3://media/renditions/",
                        "spec", "default"),
                first.parameters());
        assertEquals(Map.of("application", "renditions", "backfill-plan", r.planId()), first.tags());
        assertEquals(
                "s3://media/.backfill/" + r.planId() + "/chunks/000001.csv",
                f.jobs.submitted.get(1).parameters().get("manifest"));
        assertEquals(List.of(20, 5), f.chunks(r).stream().map(List::size).toList());
    }

    @Test
    void aDryRunWritesNothingSubmitsNothingAndPublishesNothing() {
        Fixtures f = new Fixtures().images(2500).clutter();
        BackfillResult dry = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.DRY_RUN);

        assertEquals(Status.DRY_RUN, dry.status());
        assertEquals(List.of(), f.store.writes);
        assertEquals(0, f.jobs.calls);
        assertEquals(List.of(), f.events);
        assertEquals(3, dry.plan().chunks());
        assertEquals(2500, dry.plan().images());

        BackfillResult real = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);
        assertEquals(dry.planId(), real.planId(), "the dry run shows the plan that would run");
        assertEquals(dry.plan().images(), real.plan().images());
        assertEquals(dry.plan().bytes(), real.plan().bytes());
        assertEquals(dry.plan().skipped(), real.plan().skipped());
    }

    @Test
    void reRunningTheSameBackfillSubmitsNothingNew() {
        Fixtures f = new Fixtures().images(2500);
        BackfillResult first = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);
        int listings = f.store.listings.size();
        int writes = f.store.writes.size();

        BackfillResult again = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);

        assertEquals(Status.ALREADY_SUBMITTED, again.status());
        assertEquals(3, f.jobs.calls, "no new job");
        assertEquals(0, again.submittedNow());
        assertEquals(
                first.jobs(),
                again.jobs().stream()
                        .map(j -> new BackfillResult.JobRecord(
                                j.chunk(), j.jobId(), j.jobName(), j.manifest(), j.images(), j.children(), true))
                        .toList());
        assertEquals(listings, f.store.listings.size(), "a committed plan is not listed again");
        assertEquals(writes, f.store.writes.size(), "nothing written");
        assertEquals(1, f.events.size(), "announced once");
        // --resume on a complete plan is the same no-op
        assertEquals(
                Status.ALREADY_SUBMITTED,
                f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.RESUME).status());
        assertEquals(3, f.jobs.calls);
    }

    @Test
    void thePlanIdFollowsTheInputs() {
        Fixtures f = new Fixtures();
        String base = f.request(ONE_PER_CHILD_CAP_1000).planId();
        assertTrue(base.matches("[0-9a-f]{16}"), base);
        assertEquals(base, f.request(new Chunking(1, 1000)).planId(), "deterministic");
        assertNotEquals(base, f.request(new Chunking(2, 1000)).planId());
        assertNotEquals(base, f.request(new Chunking(1, 999)).planId());
        assertNotEquals(base, f.request(ONE_PER_CHILD_CAP_1000, true, null).planId());
        assertNotEquals(base, f.request(ONE_PER_CHILD_CAP_1000, false, "again").planId());
        BackfillRequest r = f.request(ONE_PER_CHILD_CAP_1000);
        BackfillRequest otherQueue = Fixtures.copy(r, c -> c.jobQueue = "other-queue");
        assertNotEquals(base, otherQueue.planId());
        BackfillRequest otherSpec = Fixtures.copy(
                r, c -> c.spec = r.spec().withLimits(r.spec().limits().withMaxPixels(5)));
        assertNotEquals(base, otherSpec.planId());
    }

    @Test
    void anInterruptedPlanIsRefusedWithoutResumeAndContinuedWithIt() {
        Fixtures f = new Fixtures().images(2500);
        FakeJobs failing = new FakeJobs()
                .failAt(2, new TransientException(TransientException.SERVICE_ERROR, "injected 500", null));
        assertThrows(
                TransientException.class, () -> f.planner(failing).run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT));
        assertEquals(1, failing.submitted.size());
        int listings = f.store.listings.size();

        UsageException refused = assertThrows(
                UsageException.class, () -> f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT));
        assertTrue(refused.getMessage().contains("1 of 3 jobs submitted"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());
        assertEquals(0, f.jobs.calls);

        BackfillResult resumed = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.RESUME);
        assertEquals(Status.RESUMED, resumed.status());
        assertEquals(2, resumed.submittedNow());
        assertEquals(
                List.of(1000, 500),
                f.jobs.submitted.stream().map(JobRequest::arraySize).toList());
        assertEquals(
                List.of("job-1", "job-1", "job-2"),
                resumed.jobs().stream().map(BackfillResult.JobRecord::jobId).toList(),
                "chunk 0 keeps the first run's job; chunks 1 and 2 are new (FakeJobs instances count separately)");
        assertEquals(
                List.of(false, true, true),
                resumed.jobs().stream()
                        .map(BackfillResult.JobRecord::submittedNow)
                        .toList());
        assertEquals(listings, f.store.listings.size(), "resume reads the frozen chunks, it does not list again");
        assertEquals(2500, f.chunks(resumed).stream().mapToInt(List::size).sum());
        BackfillSubmittedDetail detail =
                (BackfillSubmittedDetail) f.events.get(0).detail();
        assertEquals(2, detail.submitted());
        assertEquals(3, detail.jobIds().size());
    }

    @Test
    void aCrashWhilePlanningLeavesNoPlanAndNothingSubmitted() {
        Fixtures f = new Fixtures().images(2500);
        f.store.failWrites = l -> l.key().endsWith("chunks/000001.csv");
        assertThrows(TransientException.class, () -> f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT));
        assertEquals(0, f.jobs.calls);
        f.store.failWrites = l -> false;

        BackfillResult r = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);
        assertEquals(Status.SUBMITTED, r.status(), "planned again from scratch");
        assertEquals(3, f.jobs.calls);
    }

    /** The documented risk: SubmitJob succeeded, recording its id did not; resume submits that one chunk again. */
    @Test
    void aLostStateRecordCostsOneDuplicateChunkAtMost() {
        Fixtures f = new Fixtures().images(2500);
        f.store.failWrites = l -> l.key().endsWith("state/000001.json");
        assertThrows(TransientException.class, () -> f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT));
        assertEquals(2, f.jobs.calls, "chunks 0 and 1 were submitted; chunk 1 was not recorded");
        f.store.failWrites = l -> false;

        f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.RESUME);
        assertEquals(
                List.of("000000", "000001", "000001", "000002"),
                f.jobs.submitted.stream()
                        .map(j -> j.name().substring(j.name().length() - 6))
                        .toList());
    }

    @Test
    void aChunkRecordedByAConcurrentRunMakesThisRunsJobADuplicate() {
        Fixtures f = new Fixtures().images(30);
        BackfillRequest req = f.request(new Chunking(1, 10));
        PlanLayout layout = req.layout();
        // another run records chunk 1 between our check and our write
        FakeJobs racing = new FakeJobs() {
            @Override
            public String submit(JobRequest request) {
                String id = super.submit(request);
                if (request.name().endsWith("000001")) {
                    f.store.putIfAbsent(
                            layout.state(1),
                            "{}".getBytes(),
                            new dev.renditions.core.ports.PutOptions(
                                    "application/json", null, Map.of(PlanLayout.JOB_ID_METADATA, "job-other")));
                }
                return id;
            }
        };
        BackfillResult r = f.planner(racing).run(req, Mode.SUBMIT);
        assertEquals(
                List.of("job-1", "job-other", "job-3"),
                r.jobs().stream().map(BackfillResult.JobRecord::jobId).toList());
        assertEquals(List.of("job-2"), r.duplicates());
        assertTrue(
                f.warnings.stream().anyMatch(w -> w.contains("job-2") && w.contains("duplicate")),
                f.warnings.toString());
    }

    @Test
    void onlyMissingSkipsSourcesWhoseRenditionsAllExist() {
        Fixtures f = new Fixtures().images(30);
        for (int i = 0; i < 10; i++) {
            f.rendered(Fixtures.imageKey(i), 3); // complete
        }
        for (int i = 10; i < 15; i++) {
            f.rendered(Fixtures.imageKey(i), 2); // one rendition missing
        }
        BackfillResult r = f.planner().run(f.request(new Chunking(1, 100), true, null), Mode.SUBMIT);

        assertEquals(20, r.plan().images());
        assertEquals(10L, r.plan().skipped().get("upToDate"));
        assertEquals(
                new HashSet<>(
                        IntStream.range(10, 30).mapToObj(Fixtures::imageKey).toList()),
                new HashSet<>(
                        f.chunks(r).get(0).stream().map(ManifestCsv.Entry::key).toList()));
        assertEquals(
                List.of("s3://media/renditions/", "s3://media/"),
                f.store.listings,
                "the output prefix is listed once, then the sources");
    }

    @Test
    void throttledSubmissionsAreSentAgainWithBackoff() {
        Fixtures f = new Fixtures().images(5);
        TransientException throttled = new TransientException(TransientException.THROTTLED, "Rate exceeded", null);
        FakeJobs jobs = new FakeJobs().failAt(1, throttled).failAt(2, throttled);
        BackfillResult r = f.planner(jobs).run(f.request(new Chunking(1, 10)), Mode.SUBMIT);

        assertEquals(1, jobs.submitted.size(), "one job, submitted once");
        assertEquals(3, jobs.calls);
        assertEquals(2, r.throttled());
        // pacing at 50/s with a clock that stands still: 20 ms before every call after the first, and the backoff
        List<Duration> backoff =
                f.sleeps.stream().filter(d -> d.toMillis() >= 500).toList();
        assertEquals(2, backoff.size(), f.sleeps.toString());
        assertTrue(backoff.get(0).toMillis() >= 500 && backoff.get(0).toMillis() <= 1000, backoff.toString());
        assertTrue(backoff.get(1).toMillis() >= 1000 && backoff.get(1).toMillis() <= 2000, backoff.toString());
    }

    @Test
    void otherSubmitFailuresAreNotRetried() {
        Fixtures f = new Fixtures().images(5);
        FakeJobs jobs = new FakeJobs()
                .failAt(1, new TransientException(TransientException.SERVICE_ERROR, "500 after SDK retries", null));
        assertThrows(TransientException.class, () -> f.planner(jobs).run(f.request(new Chunking(1, 10)), Mode.SUBMIT));
        assertEquals(1, jobs.calls, "a 5xx may have created the job: never sent twice");
    }

    @Test
    void theEventIsPublishedOnceAndResentIfItWasNotDelivered() {
        Fixtures f = new Fixtures().images(2500);
        BackfillPlanner failingEvents = new BackfillPlanner(
                f.store,
                new PacedSubmitter(f.jobs, 50, PacedSubmitter.Backoff.DEFAULT, d -> {}, () -> 0L),
                events -> {
                    throw new TransientException(TransientException.EVENT_NOT_DELIVERED, "bus down", null);
                },
                DetailTypes.BACKFILL_SOURCE,
                java.time.Clock.fixed(Fixtures.NOW, java.time.ZoneOffset.UTC),
                Progress.NONE,
                w -> {});
        assertThrows(TransientException.class, () -> failingEvents.run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT));
        assertEquals(3, f.jobs.calls, "the jobs are submitted and recorded");

        BackfillResult again = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);
        assertEquals(Status.ALREADY_SUBMITTED, again.status());
        assertEquals(3, f.jobs.calls);
        assertTrue(again.eventSent());
        assertEquals(1, f.events.size());
        EventEnvelope<?> e = f.events.get(0);
        assertEquals(DetailTypes.BACKFILL_SUBMITTED, e.detailType());
        assertEquals(DetailTypes.BACKFILL_SOURCE, e.source());
        BackfillSubmittedDetail d = (BackfillSubmittedDetail) e.detail();
        assertEquals(again.planId(), d.planId());
        assertEquals(List.of("job-1", "job-2", "job-3"), d.jobIds());
        assertEquals(0, d.submitted());
        assertEquals(
                new BackfillSubmittedDetail.Counts(2500, 2500, d.counts().bytes(), 0, 3, 3, 2500, 7500), d.counts());
        assertEquals(new BackfillSubmittedDetail.Source("media", "", null), d.source());
        assertNull(d.spec().uri(), "the bundled spec has no URI");
        assertNull(d.jobIdsTruncated());

        f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);
        assertEquals(1, f.events.size(), "recorded as delivered: not sent a third time");
    }

    @Test
    void withoutEventsNothingIsPublishedOrRecorded() {
        Fixtures f = new Fixtures().images(3);
        f.publishEvents = false;
        BackfillResult r = f.planner().run(f.request(new Chunking(1, 10)), Mode.SUBMIT);
        assertFalse(r.eventSent());
        assertTrue(f.store.text(r.layout().event()).isEmpty());
    }

    @Test
    void nothingSelectedCommitsNoPlan() {
        Fixtures f = new Fixtures().clutter();
        BackfillResult r = f.planner().run(f.request(ONE_PER_CHILD_CAP_1000), Mode.SUBMIT);
        assertEquals(Status.NOTHING_TO_DO, r.status());
        assertEquals(List.of(), f.store.writes);
        assertEquals(0, f.jobs.calls);
        assertEquals(List.of(), f.events);
    }

    @Test
    void aSourceInsideTheOutputPrefixIsRefused() {
        Fixtures f = new Fixtures();
        BackfillRequest r = f.request(ONE_PER_CHILD_CAP_1000);
        UsageException e = assertThrows(
                UsageException.class,
                () -> new BackfillRequest(
                        new SourceSelection.Listing("media", "renditions/2024/"),
                        r.filter(),
                        r.spec(),
                        r.specParameter(),
                        r.output(),
                        r.markerPrefix(),
                        r.manifestPrefix(),
                        r.jobQueue(),
                        r.jobDefinition(),
                        r.chunking(),
                        false,
                        null,
                        null,
                        "uploads/"));
        assertTrue(e.getMessage().contains("inside the output prefix"), e.getMessage());
    }

    @Test
    void aStateObjectWithoutMetadataIsReadFromItsBody() {
        Fixtures f = new Fixtures().images(30);
        BackfillRequest req = f.request(new Chunking(1, 10));
        f.planner().run(req, Mode.SUBMIT);
        PlanLayout layout = req.layout();
        f.store.add(
                Fixtures.BUCKET,
                layout.state(1).key(),
                "{\"jobId\":\"job-by-hand\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Fixtures.NOW);
        BackfillResult r = f.planner().run(req, Mode.SUBMIT);
        assertEquals(
                List.of("job-1", "job-by-hand", "job-3"),
                r.jobs().stream().map(BackfillResult.JobRecord::jobId).toList());

        f.store.add(Fixtures.BUCKET, layout.state(2).key(), new byte[0], Fixtures.NOW);
        UsageException e = assertThrows(UsageException.class, () -> f.planner().run(req, Mode.SUBMIT));
        assertTrue(e.getMessage().contains("records no job id"), e.getMessage());
    }

    @Test
    void aRunThatLosesTheCommitRaceContinuesTheWinnersPlanChunkByChunk() {
        Fixtures f = new Fixtures().images(30);
        BackfillRequest req = f.request(new Chunking(1, 10));
        PlanLayout layout = req.layout();
        Fixtures winner = new Fixtures().images(30);
        winner.planner().run(req, Mode.SUBMIT); // the other run, to copy its plan and first record from
        MemoryStore store = new MemoryStore() {
            @Override
            public boolean putIfAbsent(
                    dev.renditions.core.keys.S3Location l, byte[] body, dev.renditions.core.ports.PutOptions options) {
                if (l.equals(layout.plan()) && text(l).isEmpty()) {
                    // the other run commits its plan and records chunk 0 just before us
                    super.putIfAbsent(l, winner.store.text(l).orElseThrow().getBytes(), options);
                    super.putIfAbsent(
                            layout.state(0),
                            "{}".getBytes(),
                            new dev.renditions.core.ports.PutOptions(
                                    "application/json", null, Map.of(PlanLayout.JOB_ID_METADATA, "job-winner")));
                }
                return super.putIfAbsent(l, body, options);
            }
        };
        f.store.objects.forEach(store.objects::put);
        List<String> warnings = new java.util.ArrayList<>();
        FakeJobs jobs = new FakeJobs();
        BackfillResult r = new BackfillPlanner(
                        store,
                        new PacedSubmitter(jobs, 50, PacedSubmitter.Backoff.DEFAULT, d -> {}, () -> 0L),
                        null,
                        DetailTypes.BACKFILL_SOURCE,
                        java.time.Clock.fixed(Fixtures.NOW, java.time.ZoneOffset.UTC),
                        Progress.NONE,
                        warnings::add)
                .run(req, Mode.SUBMIT);
        assertEquals(Status.RESUMED, r.status());
        assertEquals(
                List.of("job-winner", "job-1", "job-2"),
                r.jobs().stream().map(BackfillResult.JobRecord::jobId).toList());
        assertEquals(2, jobs.calls, "chunk 0 was recorded by the winner: not submitted again");
        assertTrue(warnings.get(0).contains("another run committed plan"), warnings.toString());
    }
}
