package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.events.RenditionsRequestedDetail;
import dev.renditions.core.events.S3ObjectCreatedDetail;
import dev.renditions.core.events.UploadRejectedDetail;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.dispatcher.DispatchResult.Status;
import dev.renditions.dispatcher.fakes.FakeEventPublisher;
import dev.renditions.dispatcher.fakes.FakeJobSubmitter;
import dev.renditions.dispatcher.fakes.FakeObjectStore;
import dev.renditions.dispatcher.fakes.FakeObjectStore.Op;
import dev.renditions.dispatcher.fakes.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DispatcherTest {
    static final String IN = "in-bucket";
    static final String OUT = "out-bucket";
    static final Duration LEASE = Duration.ofSeconds(30);

    FakeObjectStore store;
    FakeJobSubmitter jobs;
    FakeEventPublisher events;
    MutableClock clock;
    List<String> logs;
    Dispatcher dispatcher;

    @BeforeEach
    void setUp() {
        store = new FakeObjectStore();
        clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
        jobs = new FakeJobSubmitter(clock);
        events = new FakeEventPublisher();
        logs = new ArrayList<>();
        configure(Fixtures.env(), SpecParser.defaultSpec());
    }

    void configure(Map<String, String> env, RenditionSpec spec) {
        dispatcher = new Dispatcher(
                DispatcherConfig.fromEnv(env),
                spec,
                store,
                jobs,
                events,
                clock,
                (level, message, fields) -> logs.add(level + " " + message + " " + fields));
    }

    /** Uploads a fixture image and returns the event S3 would send for it. */
    EventEnvelope<S3ObjectCreatedDetail> upload(String bucket, String key, byte[] body) {
        ObjectMeta m = store.upload(bucket, key, body);
        return Fixtures.objectCreated(bucket, key, m.size(), m.etag(), m.versionId());
    }

    EventEnvelope<S3ObjectCreatedDetail> upload(String key, String image) {
        return upload(IN, key, Fixtures.image(image));
    }

    DispatchResult dispatch(EventEnvelope<S3ObjectCreatedDetail> event) {
        return dispatcher.dispatch(event, LEASE);
    }

    /** The next write of a job marker fails with an S3 500, after the job was submitted. */
    void failNextJobMarkerWrite() {
        store.failNext(
                Op.PUT_IF_ABSENT,
                l -> l.key().endsWith(".job"),
                new TransientException(TransientException.SERVICE_ERROR, "S3 500", null));
    }

    void assertNothingHappened() {
        assertEquals(List.of(), jobs.submitted(), "no job");
        assertEquals(List.of(), events.published(), "no event");
    }

    @SuppressWarnings("unchecked")
    <T> T onlyEvent(String detailType, Class<T> type) {
        assertEquals(List.of(detailType), events.detailTypes());
        EventEnvelope<?> e = events.published().get(0);
        assertEquals(DetailTypes.DISPATCHER_SOURCE, e.source());
        return (T) e.detail();
    }

    UploadRejectedDetail rejected(DispatchResult r, String code) {
        assertEquals(Status.REJECTED, r.status());
        assertEquals(code, r.reason());
        assertEquals(List.of(), jobs.submitted(), "a rejected upload gets no job");
        UploadRejectedDetail d = onlyEvent(DetailTypes.UPLOAD_REJECTED, UploadRejectedDetail.class);
        assertEquals(code, d.error().code());
        assertFalse(d.error().retryable());
        assertEquals(r.eventId(), events.published().get(0).id());
        assertTrue(store.keys(OUT, ".dispatch/").isEmpty(), "no marker for a rejection");
        return d;
    }

    @Nested
    class Guard {
        @Test
        void keyUnderTheOutputPrefixOfTheOutputBucketGivesNothing() {
            // the worker's own output, delivered by a misconfigured rule: must never feed the pipeline
            var event = upload(OUT, "renditions/uploads/cat.jpg/thumb.jpg", Fixtures.image("cat.jpg"));
            DispatchResult r = dispatch(event);
            assertEquals(Status.IGNORED, r.status());
            assertEquals("UnderOutputPrefix", r.reason());
            assertNothingHappened();
            assertEquals(List.of(), store.calls(), "not even a read");
        }

        @Test
        void outputPrefixGuardHoldsEvenWhenTheInputPrefixContainsIt() {
            configure(Fixtures.env("INPUT_PREFIX", ""), SpecParser.defaultSpec());
            var event = upload(OUT, "renditions/x.jpg", Fixtures.image("cat.jpg"));
            assertEquals("UnderOutputPrefix", dispatch(event).reason());
            assertNothingHappened();
        }

        @Test
        void theSameKeyInAnotherBucketIsAnUploadWhenTheInputPrefixAllowsIt() {
            configure(Fixtures.env("INPUT_PREFIX", ""), SpecParser.defaultSpec());
            var event = upload(IN, "renditions/x.jpg", Fixtures.image("cat.jpg"));
            assertEquals(Status.SUBMITTED, dispatch(event).status());
        }

        @Test
        void anOutputInsideTheInputPrefixOfTheSameBucketIsRefusedBeforeAnything() {
            // the worker refuses this output (exit 2, no retry, no event): a job would never finish, so say so here
            configure(Fixtures.env("OUTPUT_PREFIX", "uploads/renditions/"), SpecParser.defaultSpec());
            var event = upload(OUT, "uploads/cat.jpg", Fixtures.image("cat.jpg"));
            UsageException e = assertThrows(UsageException.class, () -> dispatch(event));
            assertEquals(UsageException.UNSAFE_OUTPUT, e.code());
            assertTrue(
                    e.getMessage()
                            .startsWith("dispatcher configuration: OUTPUT_BUCKET and OUTPUT_PREFIX s3://" + OUT
                                    + "/uploads/renditions/ are unsafe for s3://" + OUT + "/uploads/cat.jpg: "),
                    e.getMessage());
            assertNothingHappened();
            assertEquals(List.of(), store.calls(), "not even a read");

            // the same configuration is safe for uploads to another bucket
            assertEquals(
                    Status.SUBMITTED,
                    dispatch(upload(IN, "uploads/cat.jpg", Fixtures.image("cat.jpg")))
                            .status());
        }

        @Test
        void markerKeysAreIgnored() {
            configure(Fixtures.env("INPUT_PREFIX", ""), SpecParser.defaultSpec());
            var event = upload(OUT, ".dispatch/abc.job", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals("UnderMarkerPrefix", dispatch(event).reason());
            assertNothingHappened();
        }

        @Test
        void keyOutsideTheInputPrefixIsIgnored() {
            var event = upload("elsewhere/cat.jpg", "cat.jpg");
            DispatchResult r = dispatch(event);
            assertEquals(Status.IGNORED, r.status());
            assertEquals("OutsideInputPrefix", r.reason());
            assertNothingHappened();
            assertEquals(List.of(), store.calls());
        }

        @Test
        void inputPrefixIsCaseSensitiveLikeS3() {
            var event = upload("Uploads/cat.jpg", "cat.jpg");
            assertEquals("OutsideInputPrefix", dispatch(event).reason());
        }

        @Test
        void folderPlaceholderIsIgnored() {
            var event = upload(IN, "uploads/2024/", new byte[0]);
            assertEquals("FolderPlaceholder", dispatch(event).reason());
            assertNothingHappened();
        }

        @Test
        void otherDetailTypesAreIgnored() {
            String json = Fixtures.objectCreatedJson(IN, "uploads/cat.jpg", 5L, "e", null)
                    .replace("\"Object Created\"", "\"Object Deleted\"");
            assertEquals("NotObjectCreated", dispatch(Fixtures.parse(json)).reason());
            assertNothingHappened();
        }

        @Test
        void eventWithoutKeyIsMalformed() {
            String json = Fixtures.objectCreatedJson(IN, "uploads/cat.jpg", 5L, "e", null)
                    .replace("\"key\":\"uploads/cat.jpg\",", "");
            UsageException e = assertThrows(UsageException.class, () -> dispatch(Fixtures.parse(json)));
            assertTrue(e.getMessage().contains("detail.object.key"), e.getMessage());
            assertNothingHappened();
        }

        @Test
        void eventWithANegativeSizeIsMalformed() {
            var event = Fixtures.objectCreated(IN, "uploads/cat.jpg", -1L, "e", null);
            UsageException e = assertThrows(UsageException.class, () -> dispatch(event));
            assertTrue(
                    e.getMessage().contains("detail.object.size: expected a number of bytes >= 0, found -1"),
                    e.getMessage());
            assertNothingHappened();
            assertEquals(List.of(), store.calls(), "not even a read");
        }
    }

    @Nested
    class Limits {
        @Test
        void emptyObjectIsRejected() {
            var event = upload(IN, "uploads/empty.jpg", new byte[0]);
            UploadRejectedDetail d = rejected(dispatch(event), InvalidInputException.EMPTY_SOURCE);
            assertEquals("s3://in-bucket/uploads/empty.jpg", d.source().uri());
            assertNull(d.probe(), "nothing was read");
            assertFalse(store.calls().stream().anyMatch(c -> c.startsWith("READ_HEAD")), "no ranged GET");
        }

        @Test
        void objectAboveMaxBytesOfTheSpecIsRejectedWithoutReadingIt() {
            store.upload(IN, "uploads/huge.jpg", Fixtures.image("cat.jpg"));
            // the event reports the size; the object's bytes are never fetched
            var event = Fixtures.objectCreated(
                    IN,
                    "uploads/huge.jpg",
                    104_857_601L,
                    store.head(new S3Location(IN, "uploads/huge.jpg"))
                            .orElseThrow()
                            .etag(),
                    null);
            UploadRejectedDetail d = rejected(dispatch(event), InvalidInputException.LIMIT_EXCEEDED);
            assertTrue(d.error().message().contains("104857600"), d.error().message());
            assertFalse(store.calls().stream().anyMatch(c -> c.startsWith("READ_HEAD")));
        }

        @Test
        void maxBytesOverridesTheSpec() {
            configure(Fixtures.env("MAX_BYTES", "500"), SpecParser.defaultSpec());
            byte[] jpg = Fixtures.image("cat.jpg");
            assertTrue(jpg.length > 500);
            rejected(dispatch(upload("uploads/cat.jpg", "cat.jpg")), InvalidInputException.LIMIT_EXCEEDED);
        }

        @Test
        void exactlyMaxBytesPasses() {
            byte[] jpg = Fixtures.image("cat.jpg");
            configure(Fixtures.env("MAX_BYTES", String.valueOf(jpg.length)), SpecParser.defaultSpec());
            assertEquals(
                    Status.SUBMITTED,
                    dispatch(upload("uploads/cat.jpg", "cat.jpg")).status());
        }

        @Test
        void missingSizeIsReadFromS3() {
            ObjectMeta m = store.upload(IN, "uploads/cat.jpg", Fixtures.image("cat.jpg"));
            var event = Fixtures.objectCreated(IN, "uploads/cat.jpg", null, m.etag(), null);
            assertEquals(Status.SUBMITTED, dispatch(event).status());
            assertTrue(store.calls().contains("HEAD s3://in-bucket/uploads/cat.jpg"));
        }
    }

    @Nested
    class Content {
        @Test
        void aPdfNamedJpgIsRejectedByContent() {
            UploadRejectedDetail d =
                    rejected(dispatch(upload("uploads/photo.jpg", "document.pdf")), "UnsupportedFormat");
            assertEquals("PDF", d.probe().format());
            assertTrue(d.error().message().contains("PDF"), d.error().message());
        }

        @Test
        void textNamedPngIsRejected() {
            UploadRejectedDetail d = rejected(dispatch(upload("uploads/photo.png", "notes.txt")), "UnsupportedFormat");
            assertEquals("text", d.probe().format());
        }

        @Test
        void aPngNamedTxtIsAnImage() {
            // by content, not by extension (the upload rule filters suffixes; the dispatcher does not)
            assertEquals(
                    Status.SUBMITTED,
                    dispatch(upload("uploads/cat.txt", "cat.png")).status());
        }

        @Test
        void readsAtMost64KiBPinnedToTheEventsObject() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            dispatch(event);
            assertEquals(65536, store.lastReadLength(new S3Location(IN, "uploads/cat.jpg")));
        }

        @Test
        void missingObjectIsRejectedAsSourceMissing() {
            var event = upload("uploads/gone.jpg", "cat.jpg");
            store.remove(IN, "uploads/gone.jpg");
            UploadRejectedDetail d = rejected(dispatch(event), InvalidInputException.SOURCE_MISSING);
            assertNull(d.probe());
        }

        @Test
        void overwrittenObjectIsSupersededWithoutEvent() {
            var first = upload("uploads/cat.jpg", "cat.jpg");
            upload("uploads/cat.jpg", "cat.png"); // overwritten before the first event arrives
            DispatchResult r = dispatch(first);
            assertEquals(Status.SUPERSEDED, r.status());
            assertNothingHappened();
        }

        @Test
        void versionedBucketReadsTheEventsVersionEvenWhenANewerOneExists() {
            store.enableVersioning(IN);
            var first = upload("uploads/cat.jpg", "cat.jpg");
            var second = upload("uploads/cat.jpg", "document.pdf");
            assertEquals(Status.SUBMITTED, dispatch(first).status());
            assertEquals(Status.REJECTED, dispatch(second).status());
            JobRequest job = jobs.submitted().get(0);
            assertEquals(first.detail().object().versionId(), job.parameters().get("sourceVersion"));
        }

        @Test
        void transientReadFailureThrowsAndSubmitsNothing() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            store.failNext(
                    Op.READ_HEAD, l -> true, new TransientException(TransientException.THROTTLED, "SlowDown", null));
            assertThrows(TransientException.class, () -> dispatch(event));
            assertNothingHappened();
        }
    }

    @Nested
    class Pixels {
        @Test
        void headerAboveMaxPixelsIsRejected() {
            UploadRejectedDetail d = rejected(
                    dispatch(upload("uploads/big.png", "declares-20000x20000.png")),
                    InvalidInputException.LIMIT_EXCEEDED);
            assertEquals(20000, d.probe().width());
            assertEquals(20000, d.probe().height());
            assertEquals("PNG", d.probe().format());
        }

        @Test
        void maxPixelsOverridesTheSpec() {
            configure(Fixtures.env("MAX_PIXELS", "3000"), SpecParser.defaultSpec()); // cat.jpg is 64x48 = 3072
            rejected(dispatch(upload("uploads/cat.jpg", "cat.jpg")), InvalidInputException.LIMIT_EXCEEDED);
        }

        @Test
        void exactlyMaxPixelsPasses() {
            configure(Fixtures.env("MAX_PIXELS", "3072"), SpecParser.defaultSpec());
            assertEquals(
                    Status.SUBMITTED,
                    dispatch(upload("uploads/cat.jpg", "cat.jpg")).status());
        }

        @Test
        void dimensionsBeyondTheFirst64KiBAreNotAReasonToReject() {
            configure(Fixtures.env("MAX_PIXELS", "1"), SpecParser.defaultSpec());
            // the frame header starts after two 60 KiB comment segments: unknown here, the worker checks again
            assertEquals(
                    Status.SUBMITTED,
                    dispatch(upload("uploads/padded.jpg", "sof-after-64k.jpg")).status());
        }

        @Test
        void smallFileWhoseHeaderEndsEarlyIsCorrupt() {
            // 100 bytes of a JPEG: the whole object was read and has no frame header
            UploadRejectedDetail d =
                    rejected(dispatch(upload("uploads/t.jpg", "truncated.jpg")), InvalidInputException.CORRUPT_IMAGE);
            assertEquals("JPEG", d.probe().format());
        }

        @Test
        void headerDeclaringZeroWidthIsCorrupt() {
            rejected(dispatch(upload("uploads/z.png", "declares-0x10.png")), InvalidInputException.CORRUPT_IMAGE);
        }
    }

    @Nested
    class Submit {
        @Test
        void submitsOneArrayJobWithTheWorkersParameters() {
            var event = upload("uploads/2024/cat.jpg", "cat.jpg");
            DispatchResult r = dispatch(event);
            assertEquals(Status.SUBMITTED, r.status());
            JobRequest job = jobs.submitted().get(0);
            assertEquals("renditions-queue", job.queue());
            assertEquals("renditions-worker", job.definition());
            assertEquals(3, job.arraySize());
            assertTrue(job.isArray());
            assertEquals(
                    Map.of(
                            "source", "s3://in-bucket/uploads/2024/cat.jpg",
                            "sourceVersion", "-",
                            "sourceEtag", event.detail().object().etag(),
                            "output", "s3://out-bucket/renditions/",
                            "spec", "default"),
                    job.parameters());
            assertTrue(job.name().matches("renditions-cat_jpg-[0-9a-f]{8}"), job.name());
            assertEquals("renditions", job.tags().get("project"));
            assertEquals("in-bucket", job.tags().get("renditions:bucket"));
            assertEquals(SpecParser.defaultSpec().hash(), job.tags().get("renditions:spec-hash"));
            assertEquals("job-1", r.jobId());
            assertEquals(job.name(), r.jobName());
            assertEquals(3, r.arraySize());
        }

        @Test
        void versionIdIsPassedWhenTheBucketIsVersioned() {
            store.enableVersioning(IN);
            var event = upload("uploads/cat.jpg", "cat.jpg");
            dispatch(event);
            Map<String, String> p = jobs.submitted().get(0).parameters();
            assertEquals(event.detail().object().versionId(), p.get("sourceVersion"));
            assertEquals(event.detail().object().etag(), p.get("sourceEtag"));
        }

        @Test
        void singleRenditionSpecSubmitsAPlainJob() {
            RenditionSpec one = SpecParser.parse(
                    "{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":100,\"height\":100}]}");
            configure(Fixtures.env("SPEC_URI", "s3://specs/one.json"), one);
            dispatch(upload("uploads/cat.jpg", "cat.jpg"));
            JobRequest job = jobs.submitted().get(0);
            assertFalse(job.isArray());
            assertEquals("s3://specs/one.json", job.parameters().get("spec"));
            RenditionsRequestedDetail d = onlyEvent(DetailTypes.RENDITIONS_REQUESTED, RenditionsRequestedDetail.class);
            assertEquals(1, d.job().arraySize());
            assertEquals(List.of("thumb"), d.renditions());
            assertEquals("s3://specs/one.json", d.spec().uri());
        }

        @Test
        void theLargestRenditionsRequestedEventFitsEventBridgesLimit() throws Exception {
            // the most renditions a spec may have, each with the longest name, for a 1,024-byte key whose every
            // character JSON escapes as six bytes, from a spec with a long URI
            StringBuilder json = new StringBuilder("{\"version\":1,\"renditions\":[");
            for (int i = 0; i < RenditionSpec.MAX_RENDITIONS; i++) {
                json.append(i == 0 ? "" : ",")
                        .append("{\"name\":\"")
                        .append(String.format("r%031d", i))
                        .append("\",\"width\":100}");
            }
            RenditionSpec largest = SpecParser.parse(json.append("]}").toString());
            String specUri = "s3://specs/" + "s".repeat(1000) + ".json";
            configure(Fixtures.env("SPEC_URI", specUri), largest);
            String key = "uploads/" + "\u0001".repeat(1012) + ".jpg";
            assertEquals(1024, key.getBytes(StandardCharsets.UTF_8).length);

            assertEquals(
                    Status.SUBMITTED,
                    dispatch(upload(IN, key, Fixtures.image("cat.jpg"))).status());
            RenditionsRequestedDetail d = onlyEvent(DetailTypes.RENDITIONS_REQUESTED, RenditionsRequestedDetail.class);
            assertEquals(RenditionSpec.MAX_RENDITIONS, d.renditions().size());
            int bytes = Json.MAPPER.writeValueAsBytes(events.published().get(0)).length;
            assertTrue(bytes < 256 * 1024 / 2, "a Renditions Requested event of " + bytes + " bytes");
        }

        @Test
        void announcesRenditionsRequested() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            DispatchResult r = dispatch(event);
            RenditionsRequestedDetail d = onlyEvent(DetailTypes.RENDITIONS_REQUESTED, RenditionsRequestedDetail.class);
            assertEquals("job-1", d.job().id());
            assertEquals(r.jobName(), d.job().name());
            assertEquals("renditions-queue", d.job().queue());
            assertEquals(3, d.job().arraySize());
            assertEquals(List.of("thumb", "web", "large"), d.renditions());
            assertEquals("s3://in-bucket/uploads/cat.jpg", d.source().uri());
            assertEquals(IN, d.source().bucket());
            assertEquals("uploads/cat.jpg", d.source().key());
            assertEquals(event.detail().object().etag(), d.source().etag());
            assertNull(d.source().versionId());
            assertEquals(SpecParser.defaultSpec().hash(), d.spec().hash());
            assertNull(d.spec().uri(), "bundled spec: no uri, as in the worker's events");
            assertEquals(r.eventId(), events.published().get(0).id());
            assertEquals("2026-01-02T03:04:05Z", events.published().get(0).time());
        }

        @Test
        void customEventSourceIsUsed() {
            configure(Fixtures.env("EVENT_SOURCE", "acme.renditions"), SpecParser.defaultSpec());
            dispatch(upload("uploads/cat.jpg", "cat.jpg"));
            assertEquals("acme.renditions", events.published().get(0).source());
        }

        @Test
        void writesClaimJobAndAnnouncedMarkersInTheOutputBucket() {
            DispatchResult r = dispatch(upload("uploads/cat.jpg", "cat.jpg"));
            List<String> keys = store.keys(OUT, ".dispatch/");
            assertEquals(3, keys.size(), keys.toString());
            String claim = r.marker().substring("s3://out-bucket/".length());
            assertTrue(claim.matches("\\.dispatch/[0-9a-f]{64}"), claim);
            assertTrue(keys.containsAll(List.of(claim, claim + ".job", claim + ".announced")), keys.toString());
            assertTrue(store.text(OUT, claim + ".job").orElseThrow().contains("\"jobId\":\"job-1\""));
        }

        @Test
        void markerPrefixIsConfigurable() {
            configure(Fixtures.env("MARKER_PREFIX", "state/markers/"), SpecParser.defaultSpec());
            dispatch(upload("uploads/cat.jpg", "cat.jpg"));
            assertEquals(3, store.keys(OUT, "state/markers/").size());
        }

        @Test
        void rejectedSubmitReleasesTheClaimAndThrowsAndTheRetrySubmits() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            jobs.failNext(new UsageException(UsageException.ACCESS_DENIED, "batch:SubmitJob denied"));
            assertThrows(UsageException.class, () -> dispatch(event));
            assertEquals(List.of(), store.keys(OUT, ".dispatch/"), "no job was created: claim released");
            assertEquals(List.of(), events.published());

            DispatchResult retry = dispatch(event); // at once: nothing to wait for
            assertEquals(Status.SUBMITTED, retry.status());
            assertEquals(1, jobs.submitted().size());
            assertEquals(List.of(), jobs.lookups(), "a fresh claim needs no search");
        }
    }

    @Nested
    class Dedup {
        @Test
        void duplicateDeliveryGivesOneJob() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            assertEquals(Status.SUBMITTED, dispatch(event).status());
            DispatchResult again = dispatch(event);
            assertEquals(Status.DUPLICATE, again.status());
            assertEquals("job-1", again.jobId());
            assertEquals(1, jobs.submitted().size());
            assertEquals(List.of(DetailTypes.RENDITIONS_REQUESTED), events.detailTypes(), "announced once");
        }

        @Test
        void duplicateWithAnotherEventIdIsStillADuplicate() {
            // S3 may emit the same creation twice with different event ids (moto even uses one id for all)
            var event = upload("uploads/cat.jpg", "cat.jpg");
            dispatch(event);
            var twin = Fixtures.objectCreated(
                    IN,
                    "uploads/cat.jpg",
                    event.detail().object().size(),
                    event.detail().object().etag(),
                    null);
            assertEquals(Status.DUPLICATE, dispatch(twin).status());
            assertEquals(1, jobs.submitted().size());
        }

        @Test
        void reUploadOfNewContentIsANewDispatch() {
            dispatch(upload("uploads/cat.jpg", "cat.jpg"));
            dispatch(upload("uploads/cat.jpg", "cat.png"));
            assertEquals(2, jobs.submitted().size());
        }

        @Test
        void newVersionWithTheSameContentIsANewDispatch() {
            store.enableVersioning(IN);
            dispatch(upload("uploads/cat.jpg", "cat.jpg"));
            dispatch(upload("uploads/cat.jpg", "cat.jpg"));
            assertEquals(2, jobs.submitted().size());
        }

        @Test
        void anotherSpecIsANewDispatch() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            dispatch(event);
            configure(
                    Fixtures.env("SPEC_URI", "s3://specs/one.json"),
                    SpecParser.parse("{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":100}]}"));
            assertEquals(Status.SUBMITTED, dispatch(event).status());
            assertEquals(2, jobs.submitted().size());
        }

        @Test
        void transientSubmitFailureKeepsTheClaimAndTheRetryAfterItExpiresSearchesThenSubmits() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            Instant firstClaim = clock.instant();
            jobs.failNext(new TransientException(TransientException.THROTTLED, "TooManyRequestsException", null));
            assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(List.of(), events.published(), "nothing announced");
            List<String> markers = store.keys(OUT, ".dispatch/");
            assertEquals(1, markers.size(), "the claim is kept: the job may exist");
            assertEquals(
                    List.of(),
                    store.calls().stream().filter(c -> c.startsWith("DELETE")).toList());
            assertTrue(
                    logs.stream().anyMatch(l -> l.startsWith("WARN submit failed and may have created the job")),
                    logs.toString());

            TransientException busy = assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(Dispatcher.IN_PROGRESS, busy.code(), "within the lease nobody can tell");

            clock.advance(LEASE.plusSeconds(1));
            DispatchResult retry = dispatch(event);
            assertEquals(Status.SUBMITTED, retry.status());
            String name = jobs.submitted().get(0).name();
            assertEquals(
                    List.of("renditions-queue " + name + " " + firstClaim.minus(Dispatcher.CLOCK_SKEW)),
                    jobs.lookups(),
                    "asked Batch first, from the first claim minus the skew margin");
            assertEquals(2, jobs.attempts());
            assertEquals(1, jobs.submitted().size());
            assertEquals(List.of(DetailTypes.RENDITIONS_REQUESTED), events.detailTypes());
        }

        @Test
        void ambiguousSubmitKeepsTheClaimAndTheRetryFindsTheJobByNameInsteadOfSubmittingAgain() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            // Batch created the job, but the answer was lost (time-out after the SDK's retries)
            jobs.failNextAfterCreating(
                    new TransientException(TransientException.IO_ERROR, "timed out: batch:SubmitJob", null));
            TransientException first = assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(TransientException.IO_ERROR, first.code());
            assertEquals(1, store.keys(OUT, ".dispatch/").size(), "claim kept, no job marker");

            clock.advance(LEASE.plusSeconds(1));
            DispatchResult retry = dispatch(event);
            assertEquals(Status.ANNOUNCED, retry.status());
            assertEquals("FoundEarlierJob", retry.reason());
            assertEquals("job-1", retry.jobId());
            assertEquals(1, jobs.attempts(), "not submitted again");
            assertEquals(1, jobs.submitted().size());
            String claim = retry.marker().substring("s3://out-bucket/".length());
            assertTrue(store.text(OUT, claim + ".job").orElseThrow().contains("\"jobId\":\"job-1\""));
            RenditionsRequestedDetail d = onlyEvent(DetailTypes.RENDITIONS_REQUESTED, RenditionsRequestedDetail.class);
            assertEquals("job-1", d.job().id());
            assertEquals(3, d.job().arraySize());

            assertEquals(Status.DUPLICATE, dispatch(event).status());
            assertEquals(1, jobs.submitted().size());
            assertEquals(1, events.published().size());
        }

        @Test
        void failedLookupKeepsTheTakenOverClaimAndTheNextTakeoverSearchesFromTheFirstClaim() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            Instant firstClaim = clock.instant();
            jobs.failNextAfterCreating(new TransientException(TransientException.SERVICE_ERROR, "502", null));
            assertThrows(TransientException.class, () -> dispatch(event));

            clock.advance(LEASE.plusSeconds(1));
            jobs.failNextLookup(new TransientException(TransientException.THROTTLED, "batch:ListJobs throttled", null));
            assertThrows(TransientException.class, () -> dispatch(event));

            clock.advance(Dispatcher.CLOCK_SKEW.plusMinutes(1)); // later than the skew margin: only the carried
            DispatchResult r = dispatch(event); //                  first claim time can still find the job
            assertEquals("FoundEarlierJob", r.reason());
            assertEquals(1, jobs.submitted().size());
            String cutoff = firstClaim.minus(Dispatcher.CLOCK_SKEW).toString();
            assertEquals(2, jobs.lookups().size());
            assertTrue(
                    jobs.lookups().stream().allMatch(l -> l.endsWith(" " + cutoff)),
                    jobs.lookups().toString());
        }

        @Test
        void twoTakeoversOfTheSameExpiredClaimSubmitOnce() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            jobs.failNext(new TransientException(TransientException.SERVICE_ERROR, "503", null)); // no job created
            assertThrows(TransientException.class, () -> dispatch(event));
            clock.advance(LEASE.plusSeconds(1));

            // Invocation A has read the expired claim; just before its If-Match write, invocation B runs in full.
            List<DispatchResult> byB = new ArrayList<>();
            store.beforeNext(Op.PUT_IF_MATCH, l -> true, () -> byB.add(dispatch(event)));
            TransientException a = assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(Dispatcher.IN_PROGRESS, a.code());
            assertTrue(a.getMessage().contains("took over the expired claim"), a.getMessage());

            assertEquals(1, byB.size());
            assertEquals(Status.SUBMITTED, byB.get(0).status());
            assertEquals(1, jobs.submitted().size(), "only the winner of the conditional write submitted");
            assertEquals(List.of(DetailTypes.RENDITIONS_REQUESTED), events.detailTypes());
            assertEquals(Status.DUPLICATE, dispatch(event).status());
        }

        @Test
        void claimReplacedWhileBeingReadIsInProgress() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            jobs.failNext(new TransientException(TransientException.SERVICE_ERROR, "503", null));
            assertThrows(TransientException.class, () -> dispatch(event));
            clock.advance(LEASE.plusSeconds(1));
            // between the HEAD (ETag) and the pinned GET of the claim, another invocation takes it over and submits
            List<DispatchResult> byB = new ArrayList<>();
            store.beforeNext(
                    Op.READ_HEAD,
                    l -> l.bucket().equals(OUT) && l.key().matches("\\.dispatch/[0-9a-f]{64}"),
                    () -> byB.add(dispatch(event)));
            TransientException a = assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(Dispatcher.IN_PROGRESS, a.code());
            assertEquals(Status.SUBMITTED, byB.get(0).status());
            assertEquals(1, jobs.submitted().size());
        }

        @Test
        void jobAnnouncedWithoutItsMarkerIsFoundAndNotAnnouncedAgain() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            failNextJobMarkerWrite();
            assertEquals(Status.SUBMITTED, dispatch(event).status());

            clock.advance(LEASE.plusSeconds(1)); // a redelivery after the claim expired
            DispatchResult again = dispatch(event);
            assertEquals(Status.DUPLICATE, again.status());
            assertEquals("job-1", again.jobId());
            assertEquals(1, jobs.submitted().size());
            assertEquals(1, events.published().size());
        }

        @Test
        void claimLeftByAFailedReleaseBlocksUntilItExpiresThenTheRetrySubmits() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            jobs.failNext(new UsageException(UsageException.BAD_USAGE, "ClientException: no such job queue"));
            store.failNext(
                    Op.DELETE, l -> true, new TransientException(TransientException.SERVICE_ERROR, "S3 503", null));
            UsageException first = assertThrows(UsageException.class, () -> dispatch(event));
            assertEquals(1, first.getSuppressed().length, "the failed release is attached");

            // a retry within the lease cannot know whether the first invocation is still submitting
            TransientException busy = assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(Dispatcher.IN_PROGRESS, busy.code());
            assertEquals(List.of(), jobs.submitted());

            clock.advance(LEASE.plusSeconds(1));
            DispatchResult r = dispatch(event);
            assertEquals(Status.SUBMITTED, r.status());
            assertEquals(1, jobs.submitted().size());
            assertTrue(logs.stream().anyMatch(l -> l.startsWith("WARN taking over an expired claim")), logs.toString());
        }

        @Test
        void concurrentDeliveryWhileTheFirstIsSubmittingThrowsInProgress() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            // simulate the first invocation between its claim and its job record: submit that sees the twin arrive
            FakeJobSubmitter slow = new FakeJobSubmitter();
            List<RuntimeException> seenByTwin = new ArrayList<>();
            Dispatcher[] self = new Dispatcher[1];
            self[0] = new Dispatcher(
                    DispatcherConfig.fromEnv(Fixtures.env()),
                    SpecParser.defaultSpec(),
                    store,
                    request -> {
                        try {
                            self[0].dispatch(event, LEASE);
                        } catch (RuntimeException e) {
                            seenByTwin.add(e);
                        }
                        return slow.submit(request);
                    },
                    events,
                    clock,
                    (l, m, f) -> {});
            DispatchResult r = self[0].dispatch(event, LEASE);
            assertEquals(Status.SUBMITTED, r.status());
            assertEquals(1, seenByTwin.size());
            assertEquals(Dispatcher.IN_PROGRESS, ((TransientException) seenByTwin.get(0)).code());
            assertEquals(1, slow.submitted().size());
            // once the first is done, the retried twin is a plain duplicate
            assertEquals(Status.DUPLICATE, self[0].dispatch(event, LEASE).status());
        }

        @Test
        void failedPutEventsAfterSubmitThrowsAndTheRetryAnnouncesWithoutSubmittingAgain() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            events.failNext(1);
            TransientException e = assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(TransientException.EVENT_NOT_DELIVERED, e.code());
            assertEquals(1, jobs.submitted().size());

            DispatchResult retry = dispatch(event);
            assertEquals(Status.ANNOUNCED, retry.status());
            assertEquals("job-1", retry.jobId());
            assertEquals(1, jobs.submitted().size(), "not submitted again");
            RenditionsRequestedDetail d = onlyEvent(DetailTypes.RENDITIONS_REQUESTED, RenditionsRequestedDetail.class);
            assertEquals("job-1", d.job().id());

            assertEquals(Status.DUPLICATE, dispatch(event).status());
            assertEquals(1, events.published().size());
        }

        @Test
        void jobMarkerWriteFailureAfterSubmitStillAnnouncesAndDoesNotThrow() {
            var event = upload("uploads/cat.jpg", "cat.jpg");
            failNextJobMarkerWrite();
            DispatchResult r = dispatch(event);
            assertEquals(Status.SUBMITTED, r.status());
            assertEquals(List.of(DetailTypes.RENDITIONS_REQUESTED), events.detailTypes());
            assertTrue(logs.stream().anyMatch(l -> l.startsWith("ERROR job submitted but its marker")));
        }

        @Test
        void announcedMarkerWriteFailureDoesNotThrow() {
            store.failNext(
                    Op.PUT_IF_ABSENT,
                    l -> l.key().endsWith(".announced"),
                    new TransientException(TransientException.SERVICE_ERROR, "S3 500", null));
            assertEquals(
                    Status.SUBMITTED,
                    dispatch(upload("uploads/cat.jpg", "cat.jpg")).status());
        }

        @Test
        void failedClaimWriteThrowsBeforeSubmitting() {
            store.failNext(
                    Op.PUT_IF_ABSENT,
                    l -> true,
                    new TransientException(TransientException.THROTTLED, "SlowDown", null));
            assertThrows(TransientException.class, () -> dispatch(upload("uploads/cat.jpg", "cat.jpg")));
            assertNothingHappened();
        }

        @Test
        void failedRejectionEventThrowsAndTheRetryPublishesIt() {
            var event = upload("uploads/doc.jpg", "document.pdf");
            events.failNext(1);
            assertThrows(TransientException.class, () -> dispatch(event));
            assertEquals(Status.REJECTED, dispatch(event).status());
            assertEquals(List.of(DetailTypes.UPLOAD_REJECTED), events.detailTypes());
        }
    }

    @Nested
    class AwkwardKeys {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "uploads/my holiday photo.jpg",
                    "uploads/a+b.jpg",
                    "uploads/100% real.jpg",
                    "uploads/%20already%2Bencoded.jpg",
                    "uploads/Ünïcödé/日本語の写真 📷.jpg",
                    "uploads/semi;colon & equals=?.jpg"
                })
        void keyIsUsedExactlyAsTheEventCarriesIt(String key) {
            var event = upload(key, "cat.jpg");
            DispatchResult r = dispatch(event);
            assertEquals(Status.SUBMITTED, r.status());
            assertEquals(key, r.key());
            assertTrue(
                    store.calls().contains("READ_HEAD s3://in-bucket/" + key),
                    "read the raw key, not a decoded one: " + store.calls());
            JobRequest job = jobs.submitted().get(0);
            assertEquals("s3://in-bucket/" + key, job.parameters().get("source"));
            assertTrue(BatchNames.JOB_NAME.matcher(job.name()).matches(), job.name());
            RenditionsRequestedDetail d = onlyEvent(DetailTypes.RENDITIONS_REQUESTED, RenditionsRequestedDetail.class);
            assertEquals(key, d.source().key());
        }

        @Test
        void spaceAndPlusAreDifferentKeys() {
            var plus = upload("uploads/a+b.jpg", "cat.jpg");
            var space = upload("uploads/a b.jpg", "cat.png");
            dispatch(plus);
            dispatch(space);
            assertEquals(2, jobs.submitted().size());
            assertEquals(
                    "s3://in-bucket/uploads/a+b.jpg",
                    jobs.submitted().get(0).parameters().get("source"));
            assertEquals(
                    "s3://in-bucket/uploads/a b.jpg",
                    jobs.submitted().get(1).parameters().get("source"));
        }

        @Test
        void keyOfMaximumLength() {
            // S3 keys are at most 1,024 bytes of UTF-8; this one is exactly that, with 3-byte characters
            StringBuilder sb = new StringBuilder("uploads/");
            while (sb.toString().getBytes(StandardCharsets.UTF_8).length + 3 <= 1020) {
                sb.append('写');
            }
            while (sb.toString().getBytes(StandardCharsets.UTF_8).length < 1020) {
                sb.append('x');
            }
            String key = sb.append(".jpg").toString();
            assertEquals(1024, key.getBytes(StandardCharsets.UTF_8).length);
            var event = upload(key, "cat.jpg");
            DispatchResult r = dispatch(event);
            assertEquals(Status.SUBMITTED, r.status());
            JobRequest job = jobs.submitted().get(0);
            assertEquals("s3://in-bucket/" + key, job.parameters().get("source"));
            assertTrue(job.name().length() <= 128);
            assertTrue(BatchNames.JOB_NAME.matcher(job.name()).matches(), job.name());
            assertNotNull(r.marker());
            assertTrue(r.marker().length() < 100, "marker keys do not grow with the source key");
        }
    }
}
