package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.events.RenditionDetail;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Sample events: AWS's shapes from fixtures (AWS documentation), ours built from the core event records. */
final class Events {
    static final String INPUT_BUCKET = "example-renditions-input";
    static final String QUEUE_ARN = "arn:aws:batch:us-east-1:123456789012:job-queue/renditions";

    private Events() {}

    static ObjectNode fixture(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) Repo.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** S3 "Object Created" as EventBridge delivers it (key as S3 stores it). */
    static ObjectNode created(String bucket, String key, long size) {
        ObjectNode e = fixture("s3-object-created.json");
        s3(e, bucket, key).put("size", size);
        return e;
    }

    static ObjectNode created(String key, long size) {
        return created(INPUT_BUCKET, key, size);
    }

    static ObjectNode deleted(String key) {
        ObjectNode e = fixture("s3-object-deleted.json");
        s3(e, INPUT_BUCKET, key);
        return e;
    }

    private static ObjectNode s3(ObjectNode e, String bucket, String key) {
        e.withArray("resources").removeAll().add("arn:aws:s3:::" + bucket);
        ObjectNode detail = (ObjectNode) e.get("detail");
        ((ObjectNode) detail.get("bucket")).put("name", bucket);
        ObjectNode object = (ObjectNode) detail.get("object");
        object.put("key", key);
        return object;
    }

    enum BatchJob {
        /** A plain job (a spec with one rendition): no arrayProperties. */
        PLAIN,
        /** The parent of an array job: arrayProperties.size and statusSummary. */
        ARRAY_PARENT,
        /** One child of an array job: arrayProperties.index. */
        ARRAY_CHILD
    }

    /** "Batch Job State Change" in the shape of the AWS Batch user guide, for a job submitted by the dispatcher. */
    static ObjectNode batch(BatchJob kind, String status, String queueArn) {
        ObjectNode e = fixture("batch-job-state-change.json");
        ObjectNode d = (ObjectNode) e.get("detail");
        d.put("status", status);
        d.put("jobQueue", queueArn);
        switch (kind) {
            case PLAIN -> d.remove("arrayProperties");
            case ARRAY_PARENT -> {}
            case ARRAY_CHILD -> {
                String childId = d.get("jobId").asText() + ":1";
                d.put("jobId", childId);
                d.set("arrayProperties", Repo.JSON.createObjectNode().put("index", 1));
            }
        }
        return e;
    }

    /** A backfill (manifest) job: parameters name a manifest, not a source. */
    static ObjectNode backfillBatch(String status) {
        ObjectNode e = batch(BatchJob.ARRAY_PARENT, status, QUEUE_ARN);
        ObjectNode p = ((ObjectNode) e.get("detail")).putObject("parameters");
        p.put("manifest", "s3://example-renditions-output/backfills/plan-1/chunk-0001.csv");
        return e;
    }

    /** A worker event exactly as the worker serialises it (core records, the project's ObjectMapper). */
    static JsonNode worker(String detailType, RenditionDetail detail) {
        return Json.MAPPER.valueToTree(
                EventEnvelope.of(DetailTypes.WORKER_SOURCE, detailType, Instant.parse("2026-03-01T12:03:00Z"), detail));
    }

    static RenditionDetail completed(boolean skipped) {
        return new RenditionDetail(
                source(),
                new RenditionDetail.Output(
                        "thumb",
                        "s3://example-renditions-output/renditions/uploads/cat.jpg/thumb.jpg",
                        "example-renditions-output",
                        "renditions/uploads/cat.jpg/thumb.jpg",
                        "jpeg",
                        "image/jpeg",
                        320,
                        320,
                        18211L,
                        "sha256:0f343b0931126a20f133d67c2b018a3b"),
                new RenditionDetail.Spec("sha256:5d41402abc4b2a76", null),
                new RenditionDetail.Job("8d0f1a3e-5b7c-4e2a-9f61-2c4d7e8a9b10:0", 0, 1),
                412L,
                skipped,
                null,
                null);
    }

    static RenditionDetail failed() {
        return new RenditionDetail(
                source(),
                new RenditionDetail.Output("thumb", null, null, null, null, null, null, null, null, null),
                new RenditionDetail.Spec("sha256:5d41402abc4b2a76", null),
                new RenditionDetail.Job("8d0f1a3e-5b7c-4e2a-9f61-2c4d7e8a9b10:0", 0, 1),
                95L,
                null,
                null,
                new RenditionDetail.Error("CorruptImage", "JPEG ends early", false));
    }

    static RenditionDetail skippedSuperseded() {
        return new RenditionDetail(source(), null, null, null, 10L, null, "superseded", null);
    }

    private static RenditionDetail.Source source() {
        return new RenditionDetail.Source(
                "s3://example-renditions-input/uploads/cat.jpg",
                INPUT_BUCKET,
                "uploads/cat.jpg",
                "Jr4ljD6Sn0FH7vQwzG3hd0qHMxG0ohSX",
                "9b2cf535f27731c974343645a3985328");
    }

    /** A dispatcher event; its detail records belong to the dispatcher, so a small stand-in detail is used. */
    static JsonNode dispatcher(String detailType) {
        ObjectNode detail = Repo.JSON.createObjectNode();
        detail.putObject("source").put("bucket", INPUT_BUCKET).put("key", "uploads/cat.jpg");
        return Json.MAPPER.valueToTree(EventEnvelope.of(
                DetailTypes.DISPATCHER_SOURCE, detailType, Instant.parse("2026-03-01T12:00:01Z"), detail));
    }

    static JsonNode backfill() {
        ObjectNode detail = Repo.JSON.createObjectNode().put("planId", "plan-1");
        return Json.MAPPER.valueToTree(EventEnvelope.of(
                DetailTypes.BACKFILL_SOURCE,
                DetailTypes.BACKFILL_SUBMITTED,
                Instant.parse("2026-03-01T12:00:01Z"),
                detail));
    }
}
