package dev.renditions.worker.backfill;

import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;
import java.util.Map;
import java.util.Objects;

/**
 * The ports a backfill uses, opened once per run and closed after it.
 *
 * @param eventBridge the publisher for {@code --events eventbridge}
 */
public record BackfillPorts(ObjectStore store, JobSubmitter jobs, EventPublisher eventBridge, AutoCloseable resources)
        implements AutoCloseable {
    public BackfillPorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(eventBridge, "eventBridge");
    }

    /** Opens the ports for an environment (the process environment, or a test's map) and an event bus. */
    @FunctionalInterface
    public interface Factory {
        BackfillPorts open(Map<String, String> env, String eventBus);
    }

    @Override
    public void close() {
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                // the run is over; nothing depends on a clean close
            }
        }
    }
}
