package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.aws.testing.EventTap;
import dev.renditions.aws.testing.FaultProxy;
import dev.renditions.aws.testing.FaultProxy.Fault;
import dev.renditions.aws.testing.FaultProxy.RequestLine;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.worker.WorkerProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged worker talking to moto through {@link FaultProxy}, which injects S3 errors and PutEvents partial
 * failures into the real SDK clients. Proof that nothing is lost or duplicated: the output bucket is versioned (one
 * version per PUT that reached S3) and the events are counted on an SQS queue behind a real rule.
 */
@ExtendWith(MotoExtension.class)
class WorkerFaultsIT {
    static final String IN = "faults-in";
    static final String OUT = "faults-out";
    static final String PREFIX = "renditions/";
    static final Duration WAIT = Duration.ofSeconds(10);

    static MotoServer moto;
    static MotoObjects s3;
    static EventTap tap;
    static byte[] image;
    static int jobs;

    @TempDir
    static Path tmp;

    FaultProxy proxy;

    @BeforeAll
    static void setUp(MotoServer server) throws IOException {
        moto = server;
        s3 = new MotoObjects(moto).bucket(IN, true).bucket(OUT, true);
        tap = EventTap.forSource(moto, "default", DetailTypes.WORKER_SOURCE);
        image = Files.readAllBytes(TestImages.png(tmp, "photo.png", 640, 480));
    }

    @AfterAll
    static void tearDown() {
        tap.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(moto.endpoint());
        tap.drain();
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** A Batch child whose every AWS call goes through the proxy. */
    Map<String, String> env(int attempt) {
        Map<String, String> env = new LinkedHashMap<>(MotoServer.env(proxy.endpoint()));
        env.putAll(WorkerProcess.batchChild("faults-" + (++jobs), 0, attempt));
        return env;
    }

    static Run worker(Map<String, String> env, String key, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("render", "--source", "s3://" + IN + "/" + key, "--output", "s3://" + OUT + "/" + PREFIX));
        args.addAll(List.of(extra));
        return WorkerProcess.run(env, args);
    }

    static List<JsonNode> events(int expected) {
        List<JsonNode> got = tap.receive(expected, WAIT);
        got.forEach(EventSchemas::assertValid);
        return got;
    }

    static Predicate<RequestLine> putUnder(String bucket) {
        return r -> r.method().equals("PUT") && r.path().startsWith("/" + bucket + "/");
    }

    static int versions(String key, String file) {
        return s3.versions(OUT, OutputKeys.key(PREFIX, key, file)).size();
    }

    @Test
    void accessDeniedExitsTwoNamingTheBucketAndTheAction() {
        String key = "uploads/denied.png";
        s3.upload(IN, key, image);
        proxy.failNext(Integer.MAX_VALUE, FaultProxy.s3Object("HEAD", IN, key), Fault.accessDenied());
        Run read = worker(env(1), key);
        assertEquals(2, read.exitCode(), read::toString);
        assertTrue(
                read.err().startsWith("error: access denied: s3:GetObject (HEAD) on s3://" + IN + "/" + key),
                read::toString);
        assertEquals(1, read.err().lines().count(), "one line, no stack trace");

        proxy.clearFaults();
        proxy.failNext(Integer.MAX_VALUE, putUnder(OUT), Fault.accessDenied());
        Run write = worker(env(1), key);
        assertEquals(2, write.exitCode(), write::toString);
        assertTrue(
                write.err().contains("access denied: s3:PutObject on s3://" + OUT + "/" + PREFIX + key),
                write::toString);
        assertEquals(0, versions(key, "thumb.jpg"));
        assertEquals(List.of(), tap.drain(), "usage errors announce nothing");
    }

    @Test
    void aPartlyFailedPutEventsResendsOnlyTheFailedEntry() {
        String key = "uploads/partial events.png";
        s3.upload(IN, key, image);
        proxy.failPutEventsEntries(1, (i, entry) -> i == 1);
        Run r = worker(env(1), key, "--all");
        assertEquals(0, r.exitCode(), r::toString);

        var calls = proxy.requests(FaultProxy.putEvents());
        assertEquals(2, calls.size(), "one call and one re-send");
        assertEquals(3, calls.get(0).eventDetails().size());
        assertEquals(List.of(calls.get(0).eventDetails().get(1)), calls.get(1).eventDetails());

        List<JsonNode> events = events(3);
        assertEquals(
                List.of("large", "thumb", "web"),
                events.stream()
                        .map(e -> e.at("/detail/rendition/name").asText())
                        .sorted()
                        .toList(),
                "each event exactly once");
        for (String file : List.of("thumb.jpg", "web.jpg", "large.jpg")) {
            assertEquals(1, versions(key, file), file);
        }
    }

    @Test
    void throttlingAnd5xxAreRetriedBySdkAndNothingIsDuplicated() {
        String key = "uploads/flaky.png";
        s3.upload(IN, key, image);
        proxy.failNext(1, FaultProxy.s3Object("HEAD", IN, key), Fault.slowDown())
                .failNext(1, FaultProxy.s3Object("GET", IN, key), Fault.internalError())
                .failNext(1, putUnder(OUT), Fault.slowDown())
                .failNext(1, FaultProxy.putEvents(), Fault.internalErrorJson());
        Run r = worker(env(1), key);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(2, proxy.requests(putUnder(OUT)).size(), "the throttled PUT was sent again");
        assertEquals(2, proxy.requests(FaultProxy.putEvents()).size());
        assertEquals(1, versions(key, "thumb.jpg"), "stored once");
        List<JsonNode> events = events(1);
        assertEquals(1, events.size(), events::toString);
        assertEquals(
                DetailTypes.RENDITION_COMPLETED,
                events.get(0).get("detail-type").asText());
    }

    @Test
    void aPersistent5xxFailsRetryablyAndTheRetryWritesOnce() {
        String key = "uploads/outage.png";
        s3.upload(IN, key, image);
        proxy.failNext(Integer.MAX_VALUE, putUnder(OUT), Fault.internalError());
        Run r = worker(env(1), key);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: service error 500: s3:PutObject on s3://" + OUT), r::toString);
        assertEquals(0, versions(key, "thumb.jpg"), "nothing stored");
        List<JsonNode> failed = events(1);
        assertEquals(1, failed.size(), failed::toString);
        assertEquals(
                DetailTypes.RENDITION_FAILED, failed.get(0).get("detail-type").asText());
        assertEquals("ServiceError", failed.get(0).at("/detail/error/code").asText());
        assertTrue(failed.get(0).at("/detail/error/retryable").asBoolean());

        proxy.clearFaults();
        Run retry = worker(env(2), key);
        assertEquals(0, retry.exitCode(), retry::toString);
        assertEquals(1, versions(key, "thumb.jpg"));
        List<JsonNode> done = events(1);
        assertEquals(1, done.size(), done::toString);
        assertEquals(
                DetailTypes.RENDITION_COMPLETED, done.get(0).get("detail-type").asText());
        assertTrue(done.get(0).at("/detail/skipped").isMissingNode());
    }

    @Test
    void anUndeliverableEventExitsOneAndTheRetryOnlySendsTheEvent() {
        String key = "uploads/no events.png";
        s3.upload(IN, key, image);
        proxy.failPutEventsEntries(Integer.MAX_VALUE, (i, entry) -> true, "ThrottlingException", "Rate exceeded");
        Run r = worker(env(1), key);
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("not delivered to event bus default"), r::toString);
        assertTrue(r.err().contains("ThrottlingException"), r::toString);
        assertTrue(proxy.requests(FaultProxy.putEvents()).size() > 1, "re-sent before giving up");
        assertEquals(1, versions(key, "thumb.jpg"), "the rendition was written");
        assertEquals(List.of(), tap.drain());

        proxy.clearFaults();
        proxy.clearRequests();
        Run retry = worker(env(2), key);
        assertEquals(0, retry.exitCode(), retry::toString);
        assertEquals(List.of(), proxy.requests(putUnder(OUT)), "nothing rendered or written again");
        assertEquals(1, versions(key, "thumb.jpg"));
        List<JsonNode> events = events(1);
        assertEquals(1, events.size(), "sent once: " + events);
        assertTrue(events.get(0).at("/detail/skipped").asBoolean());
        assertEquals(2, events.get(0).at("/detail/job/attempt").asInt());
        assertFalse(events.get(0).at("/detail/rendition/width").isMissingNode());
    }
}
