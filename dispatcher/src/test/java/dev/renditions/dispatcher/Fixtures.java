package dev.renditions.dispatcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.events.S3ObjectCreatedDetail;
import dev.renditions.core.events.S3ObjectCreatedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Real image files and events shaped like AWS's documentation example. */
final class Fixtures {
    private Fixtures() {}

    static byte[] image(String name) {
        return resource("/images/" + name);
    }

    static String text(String path) {
        return new String(resource(path), StandardCharsets.UTF_8);
    }

    static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The AWS documentation example with bucket, key, size, etag and version id replaced (a null etag or version id is
     * left out, as AWS does on unversioned buckets), and a fresh event id.
     */
    static String objectCreatedJson(String bucket, String key, Long size, String etag, String versionId) {
        ObjectNode root = (ObjectNode) readTree(text("/events/aws-doc-object-created.json"));
        root.put("id", UUID.randomUUID().toString());
        root.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = (ObjectNode) root.get("detail");
        ((ObjectNode) detail.get("bucket")).put("name", bucket);
        ObjectNode object = (ObjectNode) detail.get("object");
        object.put("key", key);
        if (size == null) {
            object.remove("size");
        } else {
            object.put("size", size);
        }
        if (etag == null) {
            object.remove("etag");
        } else {
            object.put("etag", etag);
        }
        if (versionId == null) {
            object.remove("version-id");
        } else {
            object.put("version-id", versionId);
        }
        return Json.write(root);
    }

    static EventEnvelope<S3ObjectCreatedDetail> objectCreated(
            String bucket, String key, Long size, String etag, String versionId) {
        return parse(objectCreatedJson(bucket, key, size, etag, versionId));
    }

    static EventEnvelope<S3ObjectCreatedDetail> parse(String json) {
        try {
            return S3ObjectCreatedEvent.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(String... kv) {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        m.put("JOB_QUEUE", "renditions-queue");
        m.put("JOB_DEFINITION", "renditions-worker");
        m.put("OUTPUT_BUCKET", "out-bucket");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove(kv[i]);
            } else {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }
}
