package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.renditions.aws.testing.BatchFixture;
import dev.renditions.aws.testing.EventTap;
import dev.renditions.aws.testing.FaultProxy;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.Json;
import dev.renditions.core.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The packaged dispatcher against real peers (moto 5.2.1): a bucket with EventBridge notifications on, the project's
 * upload rule ({@code eventbridge-rules/upload.pattern.json}) with an SQS queue as its target standing in for the
 * Lambda (moto cannot invoke Lambda), a real upload, the delivered event fed unchanged to the handler loaded from
 * {@code dispatcher.jar}, the job checked on moto's Batch and the dispatcher's events received through a second rule.
 *
 * <p>moto's S3 event differs from AWS's ({@code eTag} for {@code etag}, {@code version-id} {@code "null"} on
 * unversioned buckets, {@code reason} always {@code ObjectCreated}, one {@code id} for every event); the handler reads
 * both shapes, so the delivered events are passed as they arrive. Where a test needs an event the upload rule never
 * delivers (an empty object, a key under the output prefix), it takes the event from a catch-all rule, as a
 * misconfigured rule would deliver it, and says so.
 */
@ExtendWith(MotoExtension.class)
class DispatcherIT {
    static final String IN = "dispatch-it-uploads";
    static final String IN_VERSIONED = "dispatch-it-versioned";
    static final String OUT = "dispatch-it-renditions";
    static final long RULE_MAX_BYTES = 104_857_600L;
    static final Duration WAIT = Duration.ofSeconds(10);
    static final List<String> WORKER_COMMAND = List.of(
            "render",
            "--source",
            "Ref::source",
            "--source-version",
            "Ref::sourceVersion",
            "--source-etag",
            "Ref::sourceEtag",
            "--output",
            "Ref::output",
            "--spec",
            "Ref::spec");

    static MotoServer moto;
    static S3Client s3;
    static BatchFixture batch;
    static EventTap uploads;
    static EventTap versionedUploads;
    static EventTap everything;
    static EventTap announced;
    static PackagedHandler handler;

    @BeforeAll
    static void setUp(MotoServer server) {
        moto = server;
        s3 = moto.s3();
        for (String b : List.of(IN, IN_VERSIONED, OUT)) {
            s3.createBucket(r -> r.bucket(b));
        }
        s3.putBucketVersioning(
                r -> r.bucket(IN_VERSIONED).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        for (String b : List.of(IN, IN_VERSIONED)) {
            s3.putBucketNotificationConfiguration(
                    r -> r.bucket(b).notificationConfiguration(n -> n.eventBridgeConfiguration(e -> {})));
        }
        batch = BatchFixture.create(
                moto,
                "dispatch-it",
                WORKER_COMMAND,
                Map.of("sourceVersion", "-", "sourceEtag", "-", "spec", "default"));
        uploads = EventTap.create(moto, "default", uploadRule(IN));
        versionedUploads = EventTap.create(moto, "default", uploadRule(IN_VERSIONED));
        // what a rule without the key and size conditions would deliver
        everything = EventTap.create(
                moto,
                "default",
                "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],\"detail\":{\"bucket\":{\"name\":[\""
                        + IN + "\"]}}}");
        announced = EventTap.forSource(moto, "default", DetailTypes.DISPATCHER_SOURCE);
        handler = new PackagedHandler(env(Map.of()));
    }

    @AfterAll
    static void tearDown() throws IOException {
        handler.close();
    }

    @BeforeEach
    void drain() {
        uploads.drain();
        versionedUploads.drain();
        everything.drain();
        announced.drain();
    }

    /** The project's upload rule with its placeholders filled as {@code batch-job-definitions/render.sh} would. */
    static String uploadRule(String bucket) {
        Path file = Path.of(System.getProperty("rules.dir", "../eventbridge-rules"), "upload.pattern.json");
        try {
            String pattern = Files.readString(file)
                    .replace("${INPUT_BUCKET}", bucket)
                    .replace("${INPUT_PREFIX}", "uploads/")
                    .replace("${MAX_BYTES}", String.valueOf(RULE_MAX_BYTES));
            assertFalse(pattern.contains("${"), "unfilled placeholder in " + file + ": " + pattern);
            return pattern;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(moto.env());
        env.put("JOB_QUEUE", batch.jobQueueName());
        env.put("JOB_DEFINITION", batch.jobDefinitionName());
        env.put("OUTPUT_BUCKET", OUT);
        env.putAll(overrides);
        return env;
    }

    /** Uploads and returns the one event the tap's rule delivered for it. */
    static JsonNode upload(EventTap tap, String bucket, String key, byte[] body) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
        List<JsonNode> events = tap.receive(1, WAIT);
        assertEquals(1, events.size(), () -> "events for " + key + ": " + events);
        JsonNode e = events.get(0);
        assertEquals(key, e.at("/detail/object/key").asText(), "the delivered key is the key, not URL-encoded");
        return e;
    }

    static JsonNode upload(String key, String image) {
        return upload(uploads, IN, key, Fixtures.image(image));
    }

    /** Jobs submitted to the queue: plain jobs and array parents (moto lists each child as {@code <parent>:<i>}). */
    static int jobCount() {
        return (int) batch.jobIds(moto).stream().filter(id -> !id.contains(":")).count();
    }

    static JsonNode onlyAnnouncement(String detailType) {
        List<JsonNode> events = announced.receive(1, WAIT);
        assertEquals(1, events.size(), () -> "dispatcher events: " + events);
        JsonNode e = events.get(0);
        assertEquals(detailType, e.path("detail-type").asText());
        EventSchemaTest.assertValid(e);
        return e;
    }

    static void assertNoAnnouncement() {
        assertEquals(List.of(), announced.receive(0, Duration.ofMillis(300)));
    }

    @Test
    void awkwardKeyGetsOneArrayJobWithTheWorkersParameters() {
        String key = "uploads/it/my cat+1 %20 é (1).jpg";
        JsonNode event = upload(key, "cat.jpg");
        int before = jobCount();

        JsonNode r = handler.invoke(event);

        assertEquals("SUBMITTED", r.path("status").asText(), r.toString());
        assertEquals(before + 1, jobCount());
        JobDetail job = BatchFixture.describe(moto, r.path("jobId").asText());
        assertEquals(r.path("jobName").asText(), job.jobName());
        assertTrue(job.jobName().matches("renditions-my_cat_1_20_e_1_jpg-[0-9a-f]{8}"), job.jobName());
        assertEquals(3, job.arrayProperties().size());
        assertEquals("s3://" + IN + "/" + key, job.parameters().get("source"));
        assertEquals("-", job.parameters().get("sourceVersion"), "moto's \"null\" version id is no version");
        assertEquals(event.at("/detail/object/eTag").asText(), job.parameters().get("sourceEtag"));
        assertEquals("s3://" + OUT + "/renditions/", job.parameters().get("output"));
        assertEquals("default", job.parameters().get("spec"));
        assertEquals("renditions", job.tags().get("project"));
        assertEquals(IN, job.tags().get("renditions:bucket"));
        assertEquals(SpecParser.defaultSpec().hash(), job.tags().get("renditions:spec-hash"));
        assertTrue(job.jobQueue().endsWith(batch.jobQueueName()), job.jobQueue());

        JsonNode requested = onlyAnnouncement(DetailTypes.RENDITIONS_REQUESTED);
        assertEquals(job.jobId(), requested.at("/detail/job/id").asText());
        assertEquals(3, requested.at("/detail/job/arraySize").asInt());
        assertEquals(key, requested.at("/detail/source/key").asText());
        assertEquals(
                "[\"thumb\",\"web\",\"large\"]",
                requested.at("/detail/renditions").toString());

        String marker = r.path("marker").asText();
        List<String> markers = s3.listObjectsV2(b -> b.bucket(OUT).prefix(".dispatch/")).contents().stream()
                .map(o -> "s3://" + OUT + "/" + o.key())
                .toList();
        assertTrue(markers.containsAll(List.of(marker, marker + ".job", marker + ".announced")), markers.toString());
    }

    @Test
    void versionedBucketPinsTheVersion() {
        JsonNode event = upload(versionedUploads, IN_VERSIONED, "uploads/v/cat.png", Fixtures.image("cat.png"));
        String version = event.at("/detail/object/version-id").asText();
        JsonNode r = handler.invoke(event);
        assertEquals("SUBMITTED", r.path("status").asText(), r.toString());
        JobDetail job = BatchFixture.describe(moto, r.path("jobId").asText());
        assertEquals(version, job.parameters().get("sourceVersion"));
        assertEquals(
                version,
                onlyAnnouncement(DetailTypes.RENDITIONS_REQUESTED)
                        .at("/detail/source/versionId")
                        .asText());
    }

    @Test
    void duplicateDeliveryGivesOneJob() {
        JsonNode event = upload("uploads/dup/cat.jpg", "cat.jpg");
        int before = jobCount();
        ObjectNode twin = event.deepCopy();
        twin.put("id", UUID.randomUUID().toString()); // S3 may send a duplicate with another event id

        JsonNode first = handler.invoke(event);
        JsonNode again = handler.invoke(event);
        JsonNode third = handler.invoke(twin);

        assertEquals("SUBMITTED", first.path("status").asText());
        assertEquals("DUPLICATE", again.path("status").asText());
        assertEquals("DUPLICATE", third.path("status").asText());
        assertEquals(first.path("jobId"), third.path("jobId"));
        assertEquals(before + 1, jobCount());
        onlyAnnouncement(DetailTypes.RENDITIONS_REQUESTED);
    }

    @ParameterizedTest
    @CsvSource({
        "uploads/rej/report.jpg, document.pdf, UnsupportedFormat",
        "uploads/rej/notes.png, notes.txt, UnsupportedFormat",
        "uploads/rej/huge.png, declares-20000x20000.png, LimitExceeded",
        "uploads/rej/cut.jpg, truncated.jpg, CorruptImage"
    })
    void rejectionGivesItsEventAndNoJob(String key, String image, String code) {
        JsonNode event = upload(key, image);
        int before = jobCount();
        JsonNode r = handler.invoke(event);
        assertEquals("REJECTED", r.path("status").asText(), r.toString());
        assertEquals(code, r.path("reason").asText());
        assertEquals(before, jobCount());
        JsonNode rejected = onlyAnnouncement(DetailTypes.UPLOAD_REJECTED);
        assertEquals(code, rejected.at("/detail/error/code").asText());
        assertEquals(key, rejected.at("/detail/source/key").asText());
    }

    @Test
    void objectDeletedBeforeDispatchIsRejectedAsMissing() {
        String key = "uploads/rej/gone.jpg";
        JsonNode event = upload(key, "cat.jpg");
        s3.deleteObject(b -> b.bucket(IN).key(key));
        int before = jobCount();
        JsonNode r = handler.invoke(event);
        assertEquals("SourceMissing", r.path("reason").asText(), r.toString());
        assertEquals(before, jobCount());
        assertEquals(
                "SourceMissing",
                onlyAnnouncement(DetailTypes.UPLOAD_REJECTED)
                        .at("/detail/error/code")
                        .asText());
    }

    @Test
    void objectOverwrittenBeforeDispatchIsSupersededByTheNewerEvent() {
        String key = "uploads/over/cat.jpg";
        JsonNode older = upload(key, "cat.jpg");
        JsonNode newer = upload(key, "cat.png");
        int before = jobCount();

        JsonNode r = handler.invoke(older);
        assertEquals("SUPERSEDED", r.path("status").asText(), r.toString());
        assertEquals(before, jobCount());
        assertNoAnnouncement();

        assertEquals("SUBMITTED", handler.invoke(newer).path("status").asText());
        assertEquals(before + 1, jobCount());
    }

    @Test
    void emptyUploadNeverReachesTheDispatcherAndWouldBeRejected() {
        String key = "uploads/empty/blank.jpg";
        s3.putObject(r -> r.bucket(IN).key(key), RequestBody.fromBytes(new byte[0]));
        assertEquals(List.of(), uploads.receive(0, Duration.ofMillis(500)), "the upload rule drops size 0");
        // adapted: the event as a rule without the size condition delivers it
        List<JsonNode> raw = everything.receive(1, WAIT);
        assertEquals(1, raw.size());
        int before = jobCount();
        JsonNode r = handler.invoke(raw.get(0));
        assertEquals("EmptySource", r.path("reason").asText(), r.toString());
        assertEquals(before, jobCount());
        onlyAnnouncement(DetailTypes.UPLOAD_REJECTED);
    }

    @Test
    void uploadAboveMaxBytesIsRejectedWithoutAJob() throws IOException {
        // the rule's bound is the spec's; a lower MAX_BYTES on the function rejects what the rule lets through
        try (PackagedHandler small = new PackagedHandler(env(Map.of("MAX_BYTES", "500")))) {
            JsonNode event = upload("uploads/big/cat.jpg", "cat.jpg");
            int before = jobCount();
            JsonNode r = small.invoke(event);
            assertEquals("LimitExceeded", r.path("reason").asText(), r.toString());
            assertEquals(before, jobCount());
            onlyAnnouncement(DetailTypes.UPLOAD_REJECTED);
        }
    }

    @Test
    void keyUnderTheOutputPrefixGivesNeitherJobNorEvent() throws IOException {
        // one bucket for uploads and renditions: the worker's output lands in the input bucket
        try (PackagedHandler oneBucket = new PackagedHandler(env(Map.of("OUTPUT_BUCKET", IN, "INPUT_PREFIX", "")))) {
            String key = "renditions/uploads/cat.jpg/thumb.jpg";
            s3.putObject(r -> r.bucket(IN).key(key), RequestBody.fromBytes(Fixtures.image("cat.jpg")));
            assertEquals(List.of(), uploads.receive(0, Duration.ofMillis(500)), "the upload rule never matches it");
            // adapted: the event as a misconfigured catch-all rule delivers it
            List<JsonNode> raw = everything.receive(1, WAIT);
            assertEquals(1, raw.size());
            int before = jobCount();
            JsonNode r = oneBucket.invoke(raw.get(0));
            assertEquals("IGNORED", r.path("status").asText(), r.toString());
            assertEquals("UnderOutputPrefix", r.path("reason").asText());
            assertEquals(before, jobCount());
            assertNoAnnouncement();
        }
    }

    /** The claim markers (not the .job / .announced ones) in the output bucket. */
    static List<String> claims() {
        return s3.listObjectsV2Paginator(r -> r.bucket(OUT).prefix(".dispatch/")).contents().stream()
                .map(o -> o.key())
                .filter(k -> k.matches("\\.dispatch/[0-9a-f]{64}"))
                .toList();
    }

    /** The claim written by the invocation that just failed: the one claim not in {@code before}. */
    static String newClaim(List<String> before) {
        List<String> added = claims().stream().filter(k -> !before.contains(k)).toList();
        assertEquals(1, added.size(), added::toString);
        return added.get(0);
    }

    /** Rewrites a claim as if its invocation's deadline had passed (what a minute's wait would do). */
    static void expire(String claimKey) {
        ObjectNode claim = (ObjectNode)
                Json.read(s3.getObjectAsBytes(r -> r.bucket(OUT).key(claimKey)).asUtf8String(), JsonNode.class);
        claim.put("expiresAt", "2000-01-01T00:00:00Z");
        s3.putObject(r -> r.bucket(OUT).key(claimKey), RequestBody.fromString(Json.write(claim)));
    }

    @Test
    void throttledSubmitKeepsTheClaimAndTheRetryAfterItExpiresSubmitsOnce() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint());
                PackagedHandler viaProxy = new PackagedHandler(
                        env(Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString())))) {
            JsonNode event = upload("uploads/throttled/cat.jpg", "cat.jpg");
            int before = jobCount();
            List<String> claimsBefore = claims();
            proxy.failNext(
                    Integer.MAX_VALUE,
                    line -> line.path().endsWith("/v1/submitjob"),
                    FaultProxy.Fault.json(429, "TooManyRequestsException", "Too Many Requests"));

            PackagedHandler.Failure f = assertThrows(PackagedHandler.Failure.class, () -> viaProxy.invoke(event));
            assertEquals("Throttled", f.code, f.getMessage());
            assertEquals(before, jobCount());
            assertNoAnnouncement();
            String claim = newClaim(claimsBefore); // kept: a throttled answer could have followed a created job

            proxy.clearFaults();
            PackagedHandler.Failure busy = assertThrows(PackagedHandler.Failure.class, () -> viaProxy.invoke(event));
            assertEquals(Dispatcher.IN_PROGRESS, busy.code, busy.getMessage());

            expire(claim);
            proxy.clearRequests();
            JsonNode retry = viaProxy.invoke(event);
            assertEquals("SUBMITTED", retry.path("status").asText(), retry.toString());
            assertEquals(before + 1, jobCount());
            assertEquals(
                    1,
                    proxy.requests(line -> line.path().endsWith("/v1/listjobs")).size(),
                    "looked before it submitted");
            onlyAnnouncement(DetailTypes.RENDITIONS_REQUESTED);
            assertEquals("DUPLICATE", viaProxy.invoke(event).path("status").asText());
        }
    }

    @Test
    void submitWhoseAnswerWasLostIsFoundByNameAfterTheClaimExpires() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint());
                PackagedHandler viaProxy = new PackagedHandler(
                        env(Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString())))) {
            String key = "uploads/lost-answer/cat.jpg";
            JsonNode event = upload(key, "cat.jpg");
            int before = jobCount();
            List<String> claimsBefore = claims();
            proxy.failNext(
                    Integer.MAX_VALUE,
                    line -> line.path().endsWith("/v1/submitjob"),
                    FaultProxy.Fault.json(500, "ServerException", "Internal Server Error"));
            PackagedHandler.Failure f = assertThrows(PackagedHandler.Failure.class, () -> viaProxy.invoke(event));
            assertEquals("ServiceError", f.code, f.getMessage());
            String claim = newClaim(claimsBefore);

            // What the lost answer hid: Batch had created the job, under the dispatch's deterministic name.
            String id = claim.substring(".dispatch/".length());
            String name = BatchNames.jobName(key, id.substring(0, 8));
            String created = new dev.renditions.aws.BatchJobSubmitter(moto.batch())
                    .submit(new dev.renditions.core.ports.JobRequest(
                            name, batch.jobQueueName(), batch.jobDefinitionName(), 3, null, null));

            proxy.clearFaults();
            expire(claim);
            JsonNode retry = viaProxy.invoke(event);
            assertEquals("ANNOUNCED", retry.path("status").asText(), retry.toString());
            assertEquals("FoundEarlierJob", retry.path("reason").asText());
            assertEquals(created, retry.path("jobId").asText());
            assertEquals(before + 1, jobCount(), "no second job");
            JsonNode requested = onlyAnnouncement(DetailTypes.RENDITIONS_REQUESTED);
            assertEquals(created, requested.at("/detail/job/id").asText());
            assertEquals("DUPLICATE", viaProxy.invoke(event).path("status").asText());
        }
    }

    @Test
    void failedPutEventsAfterSubmitThrowsAndTheRetryAnnouncesWithoutASecondJob() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(moto.endpoint());
                PackagedHandler viaProxy = new PackagedHandler(
                        env(Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString())))) {
            JsonNode event = upload("uploads/unannounced/cat.jpg", "cat.jpg");
            int before = jobCount();
            proxy.failPutEventsEntries(Integer.MAX_VALUE, (i, entry) -> true);

            PackagedHandler.Failure f = assertThrows(PackagedHandler.Failure.class, () -> viaProxy.invoke(event));
            assertEquals("EventNotDelivered", f.code, f.getMessage());
            assertEquals(before + 1, jobCount(), "the job was submitted before PutEvents failed");
            assertNoAnnouncement();

            proxy.clearFaults();
            JsonNode retry = viaProxy.invoke(event);
            assertEquals("ANNOUNCED", retry.path("status").asText(), retry.toString());
            assertEquals(before + 1, jobCount(), "no second job");
            JsonNode requested = onlyAnnouncement(DetailTypes.RENDITIONS_REQUESTED);
            assertEquals(
                    retry.path("jobId").asText(), requested.at("/detail/job/id").asText());

            assertEquals("DUPLICATE", viaProxy.invoke(event).path("status").asText());
            assertNoAnnouncement();
        }
    }

    @Test
    void awsDocumentationShapeWorksToo() {
        // the same upload, described in AWS's shape (etag, no version-id) instead of moto's
        PutObjectResponse put = s3.putObject(
                r -> r.bucket(IN).key("uploads/aws-shape/cat.jpg"), RequestBody.fromBytes(Fixtures.image("cat.jpg")));
        uploads.receive(1, WAIT);
        String event = Fixtures.objectCreatedJson(
                IN,
                "uploads/aws-shape/cat.jpg",
                (long) Fixtures.image("cat.jpg").length,
                put.eTag().replace("\"", ""),
                null);
        JsonNode r = handler.invoke(Json.read(event, JsonNode.class));
        assertEquals("SUBMITTED", r.path("status").asText(), r.toString());
        onlyAnnouncement(DetailTypes.RENDITIONS_REQUESTED);
    }
}
