package dev.renditions.worker.cli;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.worker.WorkerEnv;
import dev.renditions.worker.events.EventsMode;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --events}, {@code --event-bus} and {@code --event-source}; the last two fall back to the environment. */
public final class EventsOptions {
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String EVENT_SOURCE = "EVENT_SOURCE";
    public static final String DEFAULT_BUS = "default";

    @Option(
            names = "--events",
            paramLabel = "stdout|eventbridge|none",
            description = "Where events go: stdout (one JSON line per rendition, as an EventBridge target receives"
                    + " it), eventbridge (PutEvents to --event-bus) or none. Default: eventbridge when"
                    + " AWS_BATCH_JOB_ID is set (under AWS Batch), else stdout.")
    EventsMode events;

    @Option(
            names = "--event-bus",
            paramLabel = "NAME",
            description = "EventBridge bus (name or ARN) for --events eventbridge. Default: $" + EVENT_BUS_NAME
                    + ", else '" + DEFAULT_BUS + "'.")
    String eventBus;

    @Option(
            names = "--event-source",
            paramLabel = "NAME",
            description =
                    "The events' 'source'. Default: $" + EVENT_SOURCE + ", else '" + DetailTypes.WORKER_SOURCE + "'.")
    String eventSource;

    public EventsMode mode(WorkerEnv env) {
        return events != null ? events : EventsMode.defaultFor(env);
    }

    /** The bus: the flag, else {@code EVENT_BUS_NAME}, else the default bus. */
    public String eventBus(Map<String, String> env) {
        String bus = firstSet(eventBus, env.get(EVENT_BUS_NAME), DEFAULT_BUS);
        if (bus.length() > 1600 || !bus.matches("[A-Za-z0-9._/:\\-]+")) {
            throw new UsageException("--event-bus (or " + EVENT_BUS_NAME
                    + ") must be an event bus name or ARN ([A-Za-z0-9._/-:]), found '" + bus + "'");
        }
        return bus;
    }

    /**
     * The event source: the flag, else {@code EVENT_SOURCE}, else {@code renditions.worker}; checked as EventBridge
     * would: 1 to 256 characters, not starting with {@code aws.}.
     */
    public String eventSource(Map<String, String> env) {
        String s = firstSet(eventSource, env.get(EVENT_SOURCE), DetailTypes.WORKER_SOURCE);
        if (s.isEmpty() || s.length() > 256 || s.startsWith("aws.")) {
            throw new UsageException("--event-source (or " + EVENT_SOURCE
                    + ") must be 1 to 256 characters and not start with 'aws.', found '" + s + "'");
        }
        return s;
    }

    static String firstSet(String flag, String env, String fallback) {
        if (flag != null) {
            if (flag.isBlank()) {
                return "";
            }
            return flag.strip();
        }
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return fallback;
    }
}
