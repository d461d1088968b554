package dev.renditions.worker.events;

import dev.renditions.core.ports.EventPublisher;
import java.io.PrintWriter;

/** Makes the publisher {@code --events} asks for. Issue 3 adds EventBridge. */
@FunctionalInterface
public interface EventPublisherFactory {
    EventPublisher create(EventsMode mode, PrintWriter stdout);

    EventPublisherFactory DEFAULT = (mode, stdout) -> switch (mode) {
        case STDOUT -> new StdoutEventPublisher(stdout);
        case NONE -> EventPublisher.NONE;
    };
}
