package dev.renditions.dispatcher.fakes;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.ports.EventPublisher;
import java.util.ArrayList;
import java.util.List;

/** Records published events; can fail the next calls like an EventBridge that keeps rejecting entries. */
public final class FakeEventPublisher implements EventPublisher {
    private final List<EventEnvelope<?>> published = new ArrayList<>();
    private int failures;

    public void failNext(int times) {
        failures += times;
    }

    @Override
    public void publish(List<? extends EventEnvelope<?>> events) {
        if (failures > 0) {
            failures--;
            throw new TransientException(
                    TransientException.EVENT_NOT_DELIVERED,
                    "PutEvents: 1 of 1 entries failed (ThrottlingException)",
                    null);
        }
        published.addAll(events);
    }

    public List<EventEnvelope<?>> published() {
        return List.copyOf(published);
    }

    public List<String> detailTypes() {
        return published.stream().map(EventEnvelope::detailType).toList();
    }
}
