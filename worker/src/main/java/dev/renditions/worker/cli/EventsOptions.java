package dev.renditions.worker.cli;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.worker.WorkerEnv;
import dev.renditions.worker.events.EventsMode;
import picocli.CommandLine.Option;

/** {@code --events} and {@code --event-source}. */
public final class EventsOptions {
    @Option(
            names = "--events",
            paramLabel = "stdout|none",
            description = "Where events go: stdout (one JSON line per rendition, as an EventBridge target receives"
                    + " it; the default) or none.")
    EventsMode events;

    @Option(
            names = "--event-source",
            paramLabel = "NAME",
            defaultValue = DetailTypes.WORKER_SOURCE,
            description = "The events' 'source'. Default: ${DEFAULT-VALUE}.")
    String eventSource = DetailTypes.WORKER_SOURCE;

    public EventsMode mode(WorkerEnv env) {
        return events != null ? events : EventsMode.defaultFor(env);
    }

    /** The event source, checked as EventBridge would: 1 to 256 characters, not starting with {@code aws.}. */
    public String eventSource() {
        String s = eventSource == null ? "" : eventSource;
        if (s.isBlank() || s.length() > 256 || s.startsWith("aws.")) {
            throw new UsageException(
                    "--event-source must be 1 to 256 characters and not start with 'aws.', found '" + s + "'");
        }
        return s;
    }
}
