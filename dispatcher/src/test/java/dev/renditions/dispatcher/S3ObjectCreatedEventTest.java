package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.S3ObjectCreatedDetail;
import dev.renditions.core.events.S3ObjectCreatedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core records read the event shapes of AWS's documentation and of moto. */
class S3ObjectCreatedEventTest {
    @Test
    void awsDocumentationExample() throws Exception {
        EventEnvelope<S3ObjectCreatedDetail> e =
                S3ObjectCreatedEvent.read(Fixtures.text("/events/aws-doc-object-created.json"));
        assertEquals("Object Created", e.detailType());
        assertEquals("aws.s3", e.source());
        assertEquals("111122223333", e.account());
        assertEquals("2021-11-12T00:00:00Z", e.time());
        assertEquals(List.of("arn:aws:s3:::amzn-s3-demo-bucket1"), e.resources());
        S3ObjectCreatedDetail d = e.detail();
        assertEquals("amzn-s3-demo-bucket1", d.bucket().name());
        assertEquals("example-key", d.object().key());
        assertEquals(5L, d.object().size());
        assertEquals("b1946ac92492d2347c6235b4d2611184", d.object().etagOrNull());
        assertEquals("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", d.object().versionIdOrNull());
        assertEquals("617f08299329d189", d.object().sequencer());
        assertEquals("PutObject", d.reason());
        assertEquals("N4N7GDK58NMKJ12R", d.requestId());
        assertEquals("1.2.3.4", d.sourceIpAddress());
    }

    @Test
    void motoShape() throws Exception {
        // moto 5.2.1: eTag instead of etag, version-id "null" on unversioned buckets, reason ObjectCreated
        S3ObjectCreatedDetail d = S3ObjectCreatedEvent.read(Fixtures.text("/events/moto-object-created.json"))
                .detail();
        assertEquals("uploads/my cat+1 %20 é.jpg", d.object().key(), "the key is not URL-encoded");
        assertEquals("2d3ff84f3782a39314f8f1c24eab9adc", d.object().etagOrNull());
        assertEquals("null", d.object().versionId());
        assertNull(d.object().versionIdOrNull());
        assertEquals("ObjectCreated", d.reason());
    }

    @Test
    void motoVersionedShape() throws Exception {
        S3ObjectCreatedDetail d = S3ObjectCreatedEvent.read(Fixtures.text("/events/moto-object-created-versioned.json"))
                .detail();
        assertEquals("58cafeaf-75d9-4585-86c2-0ab957eb39b4", d.object().versionIdOrNull());
    }

    @Test
    void keysAreTakenVerbatim() throws Exception {
        for (String key : List.of("a b", "a+b", "100%25", "%2B", "ü/日本", "x".repeat(1024))) {
            String json = Fixtures.objectCreatedJson("b", key, 1L, "e", null);
            assertEquals(key, S3ObjectCreatedEvent.read(json).detail().object().key());
        }
    }

    @Test
    void quotedEtagIsUnquotedAndUnknownFieldsIgnored() throws Exception {
        String json = Fixtures.objectCreatedJson("b", "k", 1L, "\"abc\"", null)
                .replace("\"detail\":{", "\"detail\":{\"future-field\":{\"x\":1},");
        assertEquals("abc", S3ObjectCreatedEvent.read(json).detail().object().etagOrNull());
    }

    @Test
    void missingDetailIsAnError() {
        assertThrows(
                JsonProcessingException.class,
                () -> S3ObjectCreatedEvent.read("{\"detail-type\":\"Object Created\",\"source\":\"aws.s3\"}"));
    }
}
