package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.Json;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.dispatcher.fakes.FakeEventPublisher;
import dev.renditions.dispatcher.fakes.FakeJobSubmitter;
import dev.renditions.dispatcher.fakes.FakeObjectStore;
import dev.renditions.dispatcher.fakes.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatcherHandlerTest {
    FakeObjectStore store;
    FakeJobSubmitter jobs;
    FakeEventPublisher events;
    List<String> logs;

    @BeforeEach
    void setUp() {
        store = new FakeObjectStore();
        jobs = new FakeJobSubmitter();
        events = new FakeEventPublisher();
        logs = new ArrayList<>();
    }

    DispatcherHandler handler(Map<String, String> env) {
        return new DispatcherHandler(
                DispatcherConfig.fromEnv(env),
                store,
                jobs,
                events,
                new MutableClock(Instant.parse("2026-01-02T03:04:05Z")),
                (level, message, fields) -> logs.add(level + " " + message + " " + Json.write(fields)));
    }

    JsonNode invoke(DispatcherHandler h, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void awsDocumentationEventOutsideTheInputPrefixIsIgnored() throws IOException {
        JsonNode r = invoke(handler(Fixtures.env()), Fixtures.text("/events/aws-doc-object-created.json"));
        assertEquals("IGNORED", r.get("status").asText());
        assertEquals("OutsideInputPrefix", r.get("reason").asText());
        assertEquals("example-key", r.get("key").asText());
        assertTrue(logs.get(0).startsWith("INFO key is outside INPUT_PREFIX"), logs.toString());
    }

    @Test
    void awsDocumentationEventIsDispatchedWhenTheWholeBucketIsWatched() throws IOException {
        // the documented object: 5 bytes, version IYV3p45BT0ac8hjHg1houSdS1a.Mro8e; give it an image's bytes
        store.enableVersioning("amzn-s3-demo-bucket1");
        var meta = store.upload("amzn-s3-demo-bucket1", "example-key", Fixtures.image("cat.png"));
        String json = Fixtures.text("/events/aws-doc-object-created.json")
                .replace("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", meta.versionId())
                .replace("b1946ac92492d2347c6235b4d2611184", meta.etag())
                .replace("\"size\": 5", "\"size\": " + meta.size());
        JsonNode r = invoke(handler(Fixtures.env("INPUT_PREFIX", "")), json);
        assertEquals("SUBMITTED", r.get("status").asText(), r.toString());
        JobRequest job = jobs.submitted().get(0);
        assertEquals("s3://amzn-s3-demo-bucket1/example-key", job.parameters().get("source"));
        assertEquals(meta.versionId(), job.parameters().get("sourceVersion"));
        String marker = r.get("marker").asText();
        String markerId = marker.substring(marker.lastIndexOf('/') + 1);
        assertEquals("renditions-example-key-" + markerId.substring(0, 8), job.name());
    }

    @Test
    void motoEventWithAwkwardKeyIsDispatched() throws IOException {
        // moto's shape as it arrived on SQS: eTag, version-id "null"; the key as uploaded
        byte[] jpg = Fixtures.image("cat.jpg");
        var meta = store.upload("in-unver", "uploads/my cat+1 %20 é.jpg", jpg);
        String json = Fixtures.text("/events/moto-object-created.json")
                .replace("2d3ff84f3782a39314f8f1c24eab9adc", meta.etag())
                .replace("\"size\": 9", "\"size\": " + jpg.length);
        JsonNode r = invoke(handler(Fixtures.env()), json);
        assertEquals("SUBMITTED", r.get("status").asText(), r.toString());
        assertEquals("uploads/my cat+1 %20 é.jpg", r.get("key").asText());
        Map<String, String> p = jobs.submitted().get(0).parameters();
        assertEquals("s3://in-unver/uploads/my cat+1 %20 é.jpg", p.get("source"));
        assertEquals("-", p.get("sourceVersion"), "moto's \"null\" version id is not a version");
        assertEquals(meta.etag(), p.get("sourceEtag"));
    }

    @Test
    void malformedJsonIsAUsageError() {
        DispatcherHandler h = handler(Fixtures.env());
        UsageException e = assertThrows(UsageException.class, () -> invoke(h, "{\"Records\":[{\"s3\":{}}]}"));
        assertTrue(e.getMessage().contains("not an S3 \"Object Created\" event"), e.getMessage());
        assertThrows(UsageException.class, () -> invoke(h, "not json"));
    }

    @Test
    void specIsLoadedOnceFromSpecUri() throws IOException {
        store.upload(
                "specs",
                "one.json",
                "{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":100}],\"limits\":{\"maxBytes\":100}}"
                        .getBytes(StandardCharsets.UTF_8));
        DispatcherHandler h = handler(Fixtures.env("SPEC_URI", "s3://specs/one.json"));
        store.remove("specs", "one.json"); // read at construction, not per event
        var meta = store.upload("in-bucket", "uploads/cat.jpg", Fixtures.image("cat.jpg"));
        JsonNode r =
                invoke(h, Fixtures.objectCreatedJson("in-bucket", "uploads/cat.jpg", meta.size(), meta.etag(), null));
        assertEquals("REJECTED", r.get("status").asText(), "the spec's limits.maxBytes applies");
        assertEquals("LimitExceeded", r.get("reason").asText());
    }

    @Test
    void unreadableOrInvalidSpecFailsInitNamingSpecUri() {
        UsageException missing =
                assertThrows(UsageException.class, () -> handler(Fixtures.env("SPEC_URI", "s3://specs/missing.json")));
        assertTrue(missing.getMessage().contains("SPEC_URI s3://specs/missing.json"), missing.getMessage());
        store.upload("specs", "bad.json", "{\"version\":2}".getBytes(StandardCharsets.UTF_8));
        UsageException bad =
                assertThrows(UsageException.class, () -> handler(Fixtures.env("SPEC_URI", "s3://specs/bad.json")));
        assertTrue(bad.getMessage().contains("SPEC_URI s3://specs/bad.json"), bad.getMessage());
        assertEquals(UsageException.INVALID_SPEC, bad.code());
    }

    @Test
    void leaseComesFromTheLambdaContext() {
        assertEquals(DispatcherHandler.DEFAULT_LEASE, DispatcherHandler.lease(null));
        assertEquals(java.time.Duration.ofMillis(12_345), DispatcherHandler.lease(new TestContext(12_345)));
    }
}
