package dev.renditions.core.ports;

import dev.renditions.core.events.EventEnvelope;
import java.util.List;

/**
 * Delivers events. Returns only when every event was accepted; otherwise throws a
 * {@link dev.renditions.core.errors.TransientException} with code {@code EventNotDelivered}.
 */
public interface EventPublisher {
    void publish(List<? extends EventEnvelope<?>> events);

    /** Publishes nothing: for {@code --events none}. */
    EventPublisher NONE = events -> {};
}
