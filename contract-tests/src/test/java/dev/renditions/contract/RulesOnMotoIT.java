package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.contract.Events.BatchJob;
import dev.renditions.core.events.DetailTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The rules of {@code eventbridge-rules/}, registered with the AWS CLI on moto with SQS queues as targets, receive
 * exactly the intended events: real uploads to a bucket with EventBridge notifications on, and our own events sent with
 * PutEvents. moto cannot invoke Lambda or publish alerts to e-mail, so SQS queues stand in for the dispatcher and the
 * alert topic; the targets keep their retry policy and dead-letter queue.
 */
@ExtendWith(MotoExtension.class)
class RulesOnMotoIT {
    static final String INPUT = "renditions-it-input";
    static final String OTHER = "renditions-it-other";
    static final String QUEUE_ARN = Events.QUEUE_ARN;
    static final List<String> QUEUES = List.of("dispatcher", "dlq", "completed", "alerts", "finished");

    static MotoServer moto;
    static S3Client s3;
    static SqsClient sqs;
    static final Map<String, String> queueUrls = new LinkedHashMap<>();

    @BeforeAll
    static void setUp(MotoServer server) throws IOException {
        moto = server;
        s3 = moto.s3();
        sqs = moto.sqs();
        Map<String, String> arns = new LinkedHashMap<>();
        for (String q : QUEUES) {
            String url = sqs.createQueue(b -> b.queueName("it-" + q)).queueUrl();
            queueUrls.put(q, url);
            arns.put(
                    q,
                    sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes()
                            .get(QueueAttributeName.QUEUE_ARN));
        }
        Map<String, String> values = Templates.example(Map.of(
                "INPUT_BUCKET", INPUT,
                "INPUT_PREFIX", "uploads/",
                "MAX_BYTES", "1000",
                "JOB_QUEUE_ARN", QUEUE_ARN,
                "DISPATCHER_FUNCTION_ARN", arns.get("dispatcher"),
                "UPLOAD_DLQ_ARN", arns.get("dlq"),
                "COMPLETED_QUEUE_ARN", arns.get("completed"),
                "ALERT_TOPIC_ARN", arns.get("alerts"),
                "FINISHED_QUEUE_ARN", arns.get("finished")));
        for (String rule : Rules.NAMES) {
            Path pattern = temp(Templates.render(Rules.pattern(rule), values));
            Path targets = temp(Templates.render(Rules.targets(rule), values));
            AwsCli.run(
                            moto,
                            "events",
                            "put-rule",
                            "--name",
                            "renditions-" + rule,
                            "--event-pattern",
                            "file://" + pattern)
                    .requireSuccess();
            JsonNode out = Repo.parse(AwsCli.run(
                            moto,
                            "events",
                            "put-targets",
                            "--rule",
                            "renditions-" + rule,
                            "--targets",
                            "file://" + targets)
                    .requireSuccess()
                    .stdout());
            assertEquals(0, out.path("FailedEntryCount").asInt(), out.toString());
        }
        for (String bucket : List.of(INPUT, OTHER)) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                    .notificationConfiguration(n -> n.eventBridgeConfiguration(
                            EventBridgeConfiguration.builder().build())));
        }
    }

    private static Path temp(String content) throws IOException {
        Path p = Files.createTempFile("rule-", ".json");
        p.toFile().deleteOnExit();
        return Files.writeString(p, content);
    }

    private static void put(String bucket, String key, int size) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[size]));
    }

    /** Every message now in a queue (moto delivers synchronously, so nothing is still on its way). */
    private static List<JsonNode> drain(String queue) {
        List<JsonNode> bodies = new ArrayList<>();
        String url = queueUrls.get(queue);
        while (true) {
            List<Message> batch = sqs.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message m : batch) {
                bodies.add(Repo.parse(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Test
    void uploadsReachTheDispatcherExactlyAsIntended() {
        put(INPUT, "uploads/cat.jpg", 100);
        put(INPUT, "uploads/holiday photos/IMG 0001.JPG", 100);
        put(INPUT, "uploads/a+b%20c/ünïcödé 写真.jpeg", 100);
        put(INPUT, "uploads/notes.txt", 100);
        put(INPUT, "uploads/limit.jpg", 1000);
        put(INPUT, "uploads/over.jpg", 1001);
        put(INPUT, "uploads/empty.jpg", 0);
        put(INPUT, "other/cat.jpg", 100);
        put(INPUT, "renditions/uploads/cat.jpg/thumb.jpg", 100);
        put(INPUT, ".dispatch/renditions-it-input/uploads/cat.jpg", 100);
        put(OTHER, "uploads/dog.jpg", 100);
        s3.deleteObject(b -> b.bucket(INPUT).key("uploads/cat.jpg"));

        List<JsonNode> received = drain("dispatcher");

        List<String> keys = new ArrayList<>();
        for (JsonNode e : received) {
            assertEquals("aws.s3", e.path("source").asText());
            assertEquals("Object Created", e.path("detail-type").asText());
            assertEquals(INPUT, e.path("detail").path("bucket").path("name").asText());
            keys.add(e.path("detail").path("object").path("key").asText());
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "uploads/cat.jpg",
                        "uploads/holiday photos/IMG 0001.JPG",
                        "uploads/a+b%20c/ünïcödé 写真.jpeg",
                        "uploads/notes.txt",
                        "uploads/limit.jpg")),
                new TreeSet<>(keys));
        assertEquals(5, keys.size(), "each upload once: " + keys);
        for (String q : List.of("completed", "alerts", "finished", "dlq")) {
            assertEquals(List.of(), drain(q), q + " got S3 events");
        }
    }

    @Test
    void ourEventsAndBatchStateChangesReachTheirConsumers() {
        Map<String, JsonNode> cases = new LinkedHashMap<>();
        cases.put("completed", Events.worker(DetailTypes.RENDITION_COMPLETED, Events.completed(false)));
        cases.put("completed-skipped", Events.worker(DetailTypes.RENDITION_COMPLETED, Events.completed(true)));
        cases.put("superseded", Events.worker(DetailTypes.RENDITION_SKIPPED, Events.skippedSuperseded()));
        cases.put("failed", Events.worker(DetailTypes.RENDITION_FAILED, Events.failed()));
        cases.put("rejected", Events.dispatcher(DetailTypes.UPLOAD_REJECTED));
        cases.put("requested", Events.dispatcher(DetailTypes.RENDITIONS_REQUESTED));
        cases.put("backfill-submitted", Events.backfill());
        cases.put("parent-succeeded", Events.batch(BatchJob.ARRAY_PARENT, "SUCCEEDED", QUEUE_ARN));
        cases.put("parent-failed", Events.batch(BatchJob.ARRAY_PARENT, "FAILED", QUEUE_ARN));
        cases.put("child-failed", Events.batch(BatchJob.ARRAY_CHILD, "FAILED", QUEUE_ARN));
        cases.put("plain-succeeded", Events.batch(BatchJob.PLAIN, "SUCCEEDED", QUEUE_ARN));
        cases.put("parent-running", Events.batch(BatchJob.ARRAY_PARENT, "RUNNING", QUEUE_ARN));
        cases.put("backfill-succeeded", Events.backfillBatch("SUCCEEDED"));
        cases.put(
                "other-queue-failed",
                Events.batch(BatchJob.ARRAY_PARENT, "FAILED", "arn:aws:batch:us-east-1:123456789012:job-queue/x"));

        List<Map.Entry<String, JsonNode>> all = new ArrayList<>(cases.entrySet());
        for (int i = 0; i < all.size(); i += 10) {
            ArrayNode entries = Repo.JSON.createArrayNode();
            for (Map.Entry<String, JsonNode> c : all.subList(i, Math.min(i + 10, all.size()))) {
                ObjectNode detail = ((ObjectNode) c.getValue().get("detail")).deepCopy();
                detail.put("itCase", c.getKey());
                entries.addObject()
                        .put("Source", c.getValue().path("source").asText())
                        .put("DetailType", c.getValue().path("detail-type").asText())
                        .put("Detail", detail.toString())
                        .put("EventBusName", "default");
            }
            JsonNode out = Repo.parse(AwsCli.run(moto, "events", "put-events", "--entries", entries.toString())
                    .requireSuccess()
                    .stdout());
            assertEquals(0, out.path("FailedEntryCount").asInt(), out.toString());
        }

        assertEquals(Set.of("completed", "completed-skipped"), cases("completed"));
        assertEquals(Set.of("failed", "rejected", "parent-failed"), cases("alerts"));
        assertEquals(Set.of("parent-succeeded", "parent-failed", "plain-succeeded"), cases("finished"));
        assertEquals(Set.of(), cases("dispatcher"));
    }

    private static Set<String> cases(String queue) {
        Set<String> names = new TreeSet<>();
        for (JsonNode e : drain(queue)) {
            String name = e.path("detail").path("itCase").asText();
            if (!names.add(name)) {
                throw new AssertionError(queue + " received " + name + " twice");
            }
        }
        return names;
    }
}
