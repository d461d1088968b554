package dev.renditions.aws;

import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.ports.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@link EventPublisher} on Amazon EventBridge.
 *
 * <p>Events go out in PutEvents calls of at most 10 entries and 256 KiB (sized as the EventBridge documentation
 * counts an entry: 14 bytes for {@code Time}, then the UTF-8 bytes of {@code Source}, {@code DetailType},
 * {@code Detail} and each resource). A PutEvents call can succeed while some of its entries fail; the response lists
 * the entries in request order, so exactly the failed ones are sent again, with exponential backoff and jitter, up
 * to {@link Retry#maxAttempts()} attempts. A call that fails as a whole (after the SDK's own retries) counts as an
 * attempt for all its entries, except access denied, which is thrown at once. What is still undelivered then raises
 * {@link TransientException} {@code EventNotDelivered}: the caller exits 1 and the whole job is retried.
 *
 * <p>Entry fields: {@code Source} and {@code DetailType} from the envelope, {@code Detail} is the envelope's
 * {@code detail} written by {@link Json#MAPPER}, {@code Resources} and {@code Time} from the envelope (the bus
 * assigns {@code id}, {@code account} and {@code region}), {@code EventBusName} from the constructor.
 */
public final class EventBridgePublisher implements EventPublisher {
    public static final int MAX_ENTRIES = 10;
    public static final int MAX_REQUEST_BYTES = 256 * 1024;

    /**
     * Re-sending of failed entries: attempt {@code n} (from 1) waits {@code min(maxDelay, baseDelay * 2^(n-1))},
     * half of it fixed and half random, before attempt {@code n + 1}.
     */
    public record Retry(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        /** 6 attempts; the 5 waits add up to at most 7.75 s (on average about 5.8 s). */
        public static final Retry DEFAULT = new Retry(6, Duration.ofMillis(250), Duration.ofSeconds(4));

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, found " + maxAttempts);
            }
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("expected 0 <= baseDelay <= maxDelay");
            }
        }

        /** The wait after attempt {@code attempt} (1-based) failed. */
        Duration delayAfter(int attempt) {
            long cap = maxDelay.toNanos();
            long d = baseDelay.toNanos();
            for (int i = 1; i < attempt && d < cap; i++) {
                d *= 2;
            }
            d = Math.min(d, cap);
            long half = d / 2;
            return Duration.ofNanos(
                    half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
        }
    }

    private final EventBridgeClient client;
    private final String eventBusName;
    private final Retry retry;

    /** The default retry ({@link Retry#DEFAULT}). */
    public EventBridgePublisher(EventBridgeClient client, String eventBusName) {
        this(client, eventBusName, Retry.DEFAULT);
    }

    /**
     * @param eventBusName name or ARN of the bus; null or blank: the account's default bus
     * @param retry how often and how patiently to re-send failed entries (tests shorten the waits)
     */
    public EventBridgePublisher(EventBridgeClient client, String eventBusName, Retry retry) {
        this.client = Objects.requireNonNull(client, "client");
        this.eventBusName = eventBusName == null || eventBusName.isBlank() ? null : eventBusName;
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    @Override
    public void publish(List<? extends EventEnvelope<?>> events) {
        List<PutEventsRequestEntry> batch = new ArrayList<>();
        int batchBytes = 0;
        for (EventEnvelope<?> event : events) {
            PutEventsRequestEntry entry = entry(event);
            int size = size(entry);
            if (size > MAX_REQUEST_BYTES) {
                throw new TransientException(
                        TransientException.EVENT_NOT_DELIVERED,
                        "event '" + event.detailType() + "' is " + size + " bytes, over the " + MAX_REQUEST_BYTES
                                + "-byte PutEvents limit",
                        null);
            }
            if (batch.size() == MAX_ENTRIES || batchBytes + size > MAX_REQUEST_BYTES) {
                send(batch);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(entry);
            batchBytes += size;
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private void send(List<PutEventsRequestEntry> batch) {
        List<PutEventsRequestEntry> pending = batch;
        String lastError = null;
        RenditionException lastCause = null;
        for (int attempt = 1; ; attempt++) {
            List<PutEventsRequestEntry> request = pending;
            try {
                PutEventsResponse response = client.putEvents(b -> b.entries(request));
                List<PutEventsRequestEntry> failed = new ArrayList<>();
                List<PutEventsResultEntry> results = response.entries();
                for (int i = 0; i < request.size(); i++) {
                    PutEventsResultEntry r = i < results.size() ? results.get(i) : null;
                    if (r == null || r.errorCode() != null || r.eventId() == null) {
                        failed.add(request.get(i));
                        lastError = r == null
                                ? "no result entry"
                                : r.errorCode() + (r.errorMessage() == null ? "" : ": " + r.errorMessage());
                    }
                }
                if (failed.isEmpty()) {
                    return;
                }
                pending = failed;
                lastCause = null;
            } catch (SdkException e) {
                RenditionException c = AwsErrors.classify(e, "events:PutEvents", busDescription());
                if (c instanceof UsageException) {
                    throw c;
                }
                lastCause = c;
                lastError = c.getMessage();
            }
            if (attempt >= retry.maxAttempts()) {
                break;
            }
            sleep(retry.delayAfter(attempt));
        }
        throw new TransientException(
                TransientException.EVENT_NOT_DELIVERED,
                pending.size() + " of " + batch.size() + " events not delivered to " + busDescription() + " after "
                        + retry.maxAttempts() + " attempts (last error: " + lastError + ")",
                lastCause);
    }

    private String busDescription() {
        return "event bus " + (eventBusName == null ? "default" : eventBusName);
    }

    private PutEventsRequestEntry entry(EventEnvelope<?> event) {
        PutEventsRequestEntry.Builder b = PutEventsRequestEntry.builder()
                .source(event.source())
                .detailType(event.detailType())
                .detail(Json.write(event.detail()));
        if (eventBusName != null) {
            b.eventBusName(eventBusName);
        }
        if (!event.resources().isEmpty()) {
            b.resources(event.resources());
        }
        if (event.time() != null) {
            try {
                b.time(Instant.parse(event.time()));
            } catch (DateTimeParseException e) {
                // leave it out: the bus then stamps the time it received the event
            }
        }
        return b.build();
    }

    /** The entry size as EventBridge counts it towards the 256 KiB request limit. */
    static int size(PutEventsRequestEntry e) {
        int n = e.time() == null ? 0 : 14;
        n += utf8(e.source()) + utf8(e.detailType()) + utf8(e.detail());
        for (String r : e.resources()) {
            n += utf8(r);
        }
        return n;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(
                    TransientException.EVENT_NOT_DELIVERED, "interrupted while re-sending events", e);
        }
    }
}
