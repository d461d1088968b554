package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.EventEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class EventBridgePublisherTest {
    private static final EventBridgePublisher.Retry FAST =
            new EventBridgePublisher.Retry(4, Duration.ZERO, Duration.ZERO);

    /** Records every PutEvents request; answers with the next scripted behaviour, else accepts all. */
    static final class FakeEventBridge implements EventBridgeClient {
        final List<PutEventsRequest> calls = new ArrayList<>();
        final Deque<Function<PutEventsRequest, PutEventsResponse>> script = new ArrayDeque<>();

        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            calls.add(request);
            Function<PutEventsRequest, PutEventsResponse> next = script.poll();
            return next != null ? next.apply(request) : acceptAll(request);
        }

        List<Integer> sizes() {
            return calls.stream().map(c -> c.entries().size()).toList();
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {}
    }

    static PutEventsResponse acceptAll(PutEventsRequest r) {
        return PutEventsResponse.builder()
                .failedEntryCount(0)
                .entries(r.entries().stream()
                        .map(e -> PutEventsResultEntry.builder().eventId("id").build())
                        .toList())
                .build();
    }

    /** Fails the entries whose detail contains one of the markers. */
    static Function<PutEventsRequest, PutEventsResponse> failWhereDetailContains(String... markers) {
        return r -> {
            List<PutEventsResultEntry> out = new ArrayList<>();
            int failed = 0;
            for (PutEventsRequestEntry e : r.entries()) {
                boolean fail = false;
                for (String m : markers) {
                    fail |= e.detail().contains(m);
                }
                if (fail) {
                    failed++;
                    out.add(PutEventsResultEntry.builder()
                            .errorCode("InternalFailure")
                            .errorMessage("try again")
                            .build());
                } else {
                    out.add(PutEventsResultEntry.builder().eventId("id").build());
                }
            }
            return PutEventsResponse.builder()
                    .failedEntryCount(failed)
                    .entries(out)
                    .build();
        };
    }

    static EventEnvelope<Map<String, Object>> event(int n) {
        return EventEnvelope.of(
                "renditions.test", "Rendition Completed", Instant.parse("2026-01-02T03:04:05Z"), Map.of("n", n));
    }

    static List<EventEnvelope<Map<String, Object>>> events(int count) {
        return IntStream.range(0, count)
                .mapToObj(EventBridgePublisherTest::event)
                .toList();
    }

    @Test
    void batchesOfAtMostTenInOrder() {
        FakeEventBridge fake = new FakeEventBridge();
        new EventBridgePublisher(fake, "bus", FAST).publish(events(25));
        assertEquals(List.of(10, 10, 5), fake.sizes());
        List<String> details = fake.calls.stream()
                .flatMap(c -> c.entries().stream())
                .map(PutEventsRequestEntry::detail)
                .toList();
        assertEquals(IntStream.range(0, 25).mapToObj(i -> "{\"n\":" + i + "}").toList(), details);
    }

    @Test
    void entryFieldsComeFromTheEnvelope() {
        FakeEventBridge fake = new FakeEventBridge();
        EventEnvelope<Map<String, Object>> e = new EventEnvelope<>(
                "0",
                "local-id",
                "Rendition Failed",
                "renditions.worker",
                null,
                "2026-01-02T03:04:05Z",
                null,
                List.of("arn:aws:s3:::bucket/key"),
                Map.of("error", Map.of("code", "CorruptImage")));
        new EventBridgePublisher(fake, "renditions", FAST).publish(List.of(e));
        PutEventsRequestEntry entry = fake.calls.get(0).entries().get(0);
        assertEquals("renditions.worker", entry.source());
        assertEquals("Rendition Failed", entry.detailType());
        assertEquals("{\"error\":{\"code\":\"CorruptImage\"}}", entry.detail());
        assertEquals("renditions", entry.eventBusName());
        assertEquals(List.of("arn:aws:s3:::bucket/key"), entry.resources());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), entry.time());
    }

    @Test
    void defaultBusLeavesTheNameOut() {
        FakeEventBridge fake = new FakeEventBridge();
        new EventBridgePublisher(fake, null, FAST).publish(events(1));
        assertNull(fake.calls.get(0).entries().get(0).eventBusName());
    }

    @Test
    void batchesStayUnder256KiB() {
        FakeEventBridge fake = new FakeEventBridge();
        String big = "x".repeat(60_000);
        List<EventEnvelope<Map<String, Object>>> events = IntStream.range(0, 5)
                .mapToObj(i -> EventEnvelope.of("s", "t", Instant.EPOCH, Map.<String, Object>of("pad", big)))
                .toList();
        new EventBridgePublisher(fake, "bus", FAST).publish(events);
        assertEquals(List.of(4, 1), fake.sizes());
        for (PutEventsRequest call : fake.calls) {
            int bytes =
                    call.entries().stream().mapToInt(EventBridgePublisher::size).sum();
            assertTrue(bytes <= EventBridgePublisher.MAX_REQUEST_BYTES, "request of " + bytes + " bytes");
        }
    }

    @Test
    void anEventOverTheLimitIsRefusedBeforeAnyCall() {
        FakeEventBridge fake = new FakeEventBridge();
        var huge = EventEnvelope.of("s", "t", Instant.EPOCH, Map.of("pad", "x".repeat(300_000)));
        TransientException e = assertThrows(
                TransientException.class, () -> new EventBridgePublisher(fake, "bus", FAST).publish(List.of(huge)));
        assertEquals(TransientException.EVENT_NOT_DELIVERED, e.code());
        assertEquals(0, fake.calls.size());
    }

    @Test
    void resendsExactlyTheFailedEntries() {
        FakeEventBridge fake = new FakeEventBridge();
        fake.script.add(failWhereDetailContains("\"n\":1}", "\"n\":3}", "\"n\":8}"));
        fake.script.add(failWhereDetailContains("\"n\":3}"));
        new EventBridgePublisher(fake, "bus", FAST).publish(events(10));
        assertEquals(List.of(10, 3, 1), fake.sizes());
        assertEquals(
                List.of("{\"n\":1}", "{\"n\":3}", "{\"n\":8}"),
                fake.calls.get(1).entries().stream()
                        .map(PutEventsRequestEntry::detail)
                        .toList());
        assertEquals("{\"n\":3}", fake.calls.get(2).entries().get(0).detail());
    }

    @Test
    void givesUpAfterMaxAttempts() {
        FakeEventBridge fake = new FakeEventBridge();
        for (int i = 0; i < 10; i++) {
            fake.script.add(failWhereDetailContains("\"n\":2}"));
        }
        TransientException e = assertThrows(
                TransientException.class, () -> new EventBridgePublisher(fake, "bus", FAST).publish(events(3)));
        assertEquals(TransientException.EVENT_NOT_DELIVERED, e.code());
        assertEquals(List.of(3, 1, 1, 1), fake.sizes());
        assertTrue(
                e.getMessage().contains("1 of 3 events not delivered to event bus bus after 4 attempts"),
                e.getMessage());
        assertTrue(e.getMessage().contains("InternalFailure: try again"), e.getMessage());
    }

    @Test
    void aFailedCallCountsAsAnAttemptForAllItsEntries() {
        FakeEventBridge fake = new FakeEventBridge();
        fake.script.add(r -> {
            throw EventBridgeException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ThrottlingException")
                            .build())
                    .build();
        });
        new EventBridgePublisher(fake, "bus", FAST).publish(events(2));
        assertEquals(List.of(2, 2), fake.sizes());
    }

    @Test
    void accessDeniedIsThrownAtOnce() {
        FakeEventBridge fake = new FakeEventBridge();
        fake.script.add(r -> {
            throw EventBridgeException.builder()
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("AccessDeniedException")
                            .build())
                    .build();
        });
        UsageException e = assertThrows(
                UsageException.class, () -> new EventBridgePublisher(fake, "bus", FAST).publish(events(2)));
        assertTrue(e.getMessage().contains("events:PutEvents on event bus bus"), e.getMessage());
        assertEquals(1, fake.calls.size());
    }

    @Test
    void backoffDoublesUpToTheCapWithHalfJitter() {
        var retry = new EventBridgePublisher.Retry(6, Duration.ofMillis(100), Duration.ofMillis(400));
        for (int i = 0; i < 50; i++) {
            assertBetween(50, 100, retry.delayAfter(1));
            assertBetween(100, 200, retry.delayAfter(2));
            assertBetween(200, 400, retry.delayAfter(3));
            assertBetween(200, 400, retry.delayAfter(5));
        }
        long worst = 0;
        for (int a = 1; a < EventBridgePublisher.Retry.DEFAULT.maxAttempts(); a++) {
            worst += Math.min(4000, 250L << (a - 1));
        }
        assertTrue(worst <= 10_000, "default waits add up to at most " + worst + " ms");
    }

    private static void assertBetween(long lo, long hi, Duration d) {
        assertTrue(d.toMillis() >= lo && d.toMillis() <= hi, d + " not in [" + lo + ", " + hi + "] ms");
    }
}
