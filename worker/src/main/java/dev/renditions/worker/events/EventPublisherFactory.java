package dev.renditions.worker.events;

import dev.renditions.core.ports.EventPublisher;
import dev.renditions.worker.CloudServices;
import java.io.PrintWriter;
import java.util.Objects;

/** Makes the publisher {@code --events} asks for. */
@FunctionalInterface
public interface EventPublisherFactory {
    /**
     * @param eventBusName the bus for {@link EventsMode#EVENTBRIDGE} ({@code --event-bus}); ignored otherwise
     * @param stdout where {@link EventsMode#STDOUT} writes
     */
    EventPublisher create(EventsMode mode, String eventBusName, PrintWriter stdout);

    /** stdout, EventBridge through {@code cloud}, or none. */
    static EventPublisherFactory standard(CloudServices cloud) {
        Objects.requireNonNull(cloud, "cloud");
        return (mode, eventBusName, stdout) -> switch (mode) {
            case STDOUT -> new StdoutEventPublisher(stdout);
            case EVENTBRIDGE -> cloud.eventBridge(eventBusName);
            case NONE -> EventPublisher.NONE;
        };
    }
}
