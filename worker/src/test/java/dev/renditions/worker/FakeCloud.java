package dev.renditions.worker;

import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CloudServices} for in-process tests: an {@link InMemoryObjectStore}, and EventBridge publishers that record
 * each event (as the JSON an EventBridge target would receive, without account and region) with its bus.
 */
public final class FakeCloud implements CloudServices {
    public record Published(String bus, String json) {}

    public final InMemoryObjectStore store = new InMemoryObjectStore();
    public final List<Published> published = new ArrayList<>();
    /** When set, every publish throws it (after recording nothing). */
    public RuntimeException publishFailure;

    @Override
    public ObjectStore objectStore() {
        return store;
    }

    @Override
    public EventPublisher eventBridge(String eventBusName) {
        return events -> {
            if (publishFailure != null) {
                throw publishFailure;
            }
            for (EventEnvelope<?> e : events) {
                published.add(new Published(eventBusName, Json.write(e)));
            }
        };
    }

    @Override
    public JobSubmitter jobSubmitter() {
        throw new UnsupportedOperationException("no Batch in this fake");
    }

    @Override
    public void close() {}
}
