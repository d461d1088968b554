package dev.renditions.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real EventBridge rule on moto whose target is a fresh SQS queue: what a consumer would receive. moto delivers
 * matching events to the queue during PutEvents, so what was accepted is in the queue when the call returns.
 *
 * <pre>{@code
 * EventTap tap = EventTap.forSource(moto, "default", DetailTypes.WORKER_SOURCE);
 * ... publish ...
 * List<JsonNode> events = tap.receive(3, Duration.ofSeconds(5)); // full envelopes: detail-type, source, detail...
 * }</pre>
 */
public final class EventTap implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final MotoServer moto;
    private final String eventBusName;
    private final String ruleName;
    private final String queueUrl;
    private final String queueArn;

    private EventTap(MotoServer moto, String eventBusName, String ruleName, String queueUrl, String queueArn) {
        this.moto = moto;
        this.eventBusName = eventBusName;
        this.ruleName = ruleName;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
    }

    /**
     * Creates the bus (unless it is {@code default} or exists), a queue, a rule with {@code eventPattern} (JSON) and
     * the queue as the rule's target.
     */
    public static EventTap create(MotoServer moto, String eventBusName, String eventPattern) {
        String bus = eventBusName == null || eventBusName.isBlank() ? "default" : eventBusName;
        String name = "tap-" + COUNTER.incrementAndGet() + "-"
                + ProcessHandle.current().pid();
        EventBridgeClient events = moto.eventBridge();
        SqsClient sqs = moto.sqs();
        if (!"default".equals(bus)) {
            try {
                events.createEventBus(b -> b.name(bus));
            } catch (ResourceAlreadyExistsException exists) {
                // shared with another tap
            }
        }
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(eventPattern));
        events.putTargets(b -> b.rule(name)
                .eventBusName(bus)
                .targets(Target.builder().id("queue").arn(arn).build()));
        return new EventTap(moto, bus, name, url, arn);
    }

    /** A tap for every event whose {@code source} is one of {@code sources}. */
    public static EventTap forSource(MotoServer moto, String eventBusName, String... sources) {
        return create(moto, eventBusName, Json.write(java.util.Map.of("source", List.of(sources))));
    }

    public String eventBusName() {
        return eventBusName;
    }

    public String ruleName() {
        return ruleName;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String queueArn() {
        return queueArn;
    }

    /**
     * Waits until at least {@code expected} events arrived (or {@code timeout} passed), then takes whatever else is
     * already queued, so that duplicates show up as a count above {@code expected}. Returns the events received by
     * this call, as parsed JSON envelopes, in arrival order.
     */
    public List<JsonNode> receive(int expected, Duration timeout) {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            if (poll(out) == 0) {
                sleep(50);
            }
        }
        out.addAll(drain());
        return out;
    }

    /** Everything queued right now, removed from the queue. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        while (poll(out) > 0) {
            // keep going until the queue is empty
        }
        return out;
    }

    private int poll(List<JsonNode> out) {
        SqsClient sqs = moto.sqs();
        List<Message> messages = sqs.receiveMessage(
                        b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
        for (Message m : messages) {
            out.add(Json.read(m.body(), JsonNode.class));
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
        return messages.size();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Removes the rule, its target and the queue. */
    @Override
    public void close() {
        EventBridgeClient events = moto.eventBridge();
        events.removeTargets(b -> b.rule(ruleName).eventBusName(eventBusName).ids("queue"));
        events.deleteRule(b -> b.name(ruleName).eventBusName(eventBusName));
        moto.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
    }
}
