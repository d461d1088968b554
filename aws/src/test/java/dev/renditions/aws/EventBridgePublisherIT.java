package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.aws.testing.EventTap;
import dev.renditions.aws.testing.FaultProxy;
import dev.renditions.aws.testing.FaultProxy.Fault;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.events.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real PutEvents on moto, a real rule, an SQS queue as its target: each event must arrive exactly once. moto 5.2.1
 * takes about 0.3 s to deliver one event to SQS on a 2-core machine, so the event counts here are small.
 */
@ExtendWith(MotoExtension.class)
class EventBridgePublisherIT {
    static final String BUS = "renditions";
    static final String SOURCE = "renditions.test";
    static final EventBridgePublisher.Retry FAST =
            new EventBridgePublisher.Retry(6, Duration.ofMillis(1), Duration.ofMillis(10));

    MotoServer moto;
    EventTap tap;
    FaultProxy proxy;
    AwsClients viaProxy;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        tap = EventTap.forSource(moto, BUS, SOURCE);
        proxy = FaultProxy.start(moto.endpoint());
        viaProxy = MotoServer.clients(proxy.endpoint());
    }

    @AfterEach
    void tearDown() {
        viaProxy.close();
        proxy.close();
        tap.close();
    }

    static List<EventEnvelope<Map<String, Object>>> events(String run, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> EventEnvelope.of(
                        SOURCE,
                        "Rendition Completed",
                        Instant.parse("2026-01-02T03:04:05Z"),
                        Map.<String, Object>of("run", run, "n", i)))
                .toList();
    }

    static List<String> received(List<JsonNode> events) {
        return events.stream()
                .map(e -> e.path("detail").path("run").asText() + "#"
                        + e.path("detail").path("n").asInt())
                .sorted()
                .toList();
    }

    static List<String> expected(String run, int count) {
        return IntStream.range(0, count).mapToObj(i -> run + "#" + i).sorted().toList();
    }

    @Test
    void everyEventArrivesOnceWithItsFields() {
        new EventBridgePublisher(moto.eventBridge(), BUS, FAST).publish(events("plain", 12));
        List<JsonNode> got = tap.receive(12, Duration.ofSeconds(10));
        assertEquals(expected("plain", 12), received(got));
        JsonNode first = got.get(0);
        assertEquals("Rendition Completed", first.path("detail-type").asText());
        assertEquals(SOURCE, first.path("source").asText());
        assertEquals("2026-01-02T03:04:05Z", first.path("time").asText());
    }

    @Test
    void partialFailuresAreResentExactlyOnce() {
        // first call: entries 1, 4 and 7 fail; second call (those three): 4 fails again; third call: 4 passes
        AtomicInteger call = new AtomicInteger();
        proxy.failPutEventsEntries(2, (i, e) -> {
            if (i == 0) {
                call.incrementAndGet();
            }
            String detail = e.path("Detail").asText();
            return detail.matches(call.get() == 1 ? ".*\"n\":[147][,}].*" : ".*\"n\":4[,}].*");
        });
        new EventBridgePublisher(viaProxy.eventBridge(), BUS, FAST).publish(events("partial", 10));

        var calls = proxy.requests(FaultProxy.putEvents());
        assertEquals(3, calls.size(), "one call, then two re-sends");
        assertEquals(10, calls.get(0).eventDetails().size());
        assertEquals(
                List.of(
                        calls.get(0).eventDetails().get(1),
                        calls.get(0).eventDetails().get(4),
                        calls.get(0).eventDetails().get(7)),
                calls.get(1).eventDetails(),
                "exactly the failed entries, in order");
        assertEquals(List.of(calls.get(0).eventDetails().get(4)), calls.get(2).eventDetails());
        assertEquals(expected("partial", 10), received(tap.receive(10, Duration.ofSeconds(10))));
    }

    @Test
    void repeatedPartialFailuresAcrossBatches() {
        // 13 events (2 batches); for 4 calls every even entry fails
        proxy.failPutEventsEntries(4, (i, e) -> i % 2 == 0);
        new EventBridgePublisher(viaProxy.eventBridge(), BUS, FAST).publish(events("batches", 13));
        assertEquals(expected("batches", 13), received(tap.receive(13, Duration.ofSeconds(10))));
        assertTrue(proxy.requests(FaultProxy.putEvents()).size() > 2, "re-sends happened");
    }

    @Test
    void aWholeCallFailureIsRetriedBySdk() {
        proxy.failNext(1, FaultProxy.putEvents(), Fault.internalErrorJson());
        new EventBridgePublisher(viaProxy.eventBridge(), BUS, FAST).publish(events("call", 3));
        assertEquals(2, proxy.requests(FaultProxy.putEvents()).size());
        assertEquals(expected("call", 3), received(tap.receive(3, Duration.ofSeconds(10))));
    }

    @Test
    void alwaysFailingGivesUpAfterBoundedAttempts() {
        proxy.failPutEventsEntries(Integer.MAX_VALUE, (i, e) -> true, "ThrottlingException", "Rate exceeded");
        TransientException e =
                assertThrows(TransientException.class, () -> new EventBridgePublisher(viaProxy.eventBridge(), BUS, FAST)
                        .publish(events("never", 4)));
        assertEquals(TransientException.EVENT_NOT_DELIVERED, e.code());
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("4 of 4 events not delivered"), e.getMessage());
        assertTrue(e.getMessage().contains("ThrottlingException: Rate exceeded"), e.getMessage());
        assertEquals(FAST.maxAttempts(), proxy.requests(FaultProxy.putEvents()).size());
        assertEquals(List.of(), tap.drain());
    }
}
