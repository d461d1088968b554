package dev.renditions.dispatcher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.events.S3ObjectCreatedDetail;
import dev.renditions.core.events.S3ObjectCreatedEvent;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Lambda entry point ({@code dev.renditions.dispatcher.DispatcherHandler::handleRequest}). Only wires: the
 * configuration, spec and AWS clients are built once per container in the constructor; each invocation reads the
 * event and hands it to the {@link Dispatcher}. The return value is the {@link DispatchResult} as JSON.
 */
public final class DispatcherHandler implements RequestStreamHandler {
    /** Lease used when there is no Lambda context (local runs, tests). */
    static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

    private final Dispatcher dispatcher;

    /** Used by the Lambda runtime: configuration from the environment, the real AWS adapters. */
    public DispatcherHandler() {
        this(System.getenv());
    }

    /**
     * Configuration and AWS clients from the given environment (the variables of {@link DispatcherConfig}, plus the
     * SDK's region, credential and {@code AWS_ENDPOINT_URL*} variables).
     */
    public DispatcherHandler(Map<String, String> env) {
        this(AwsWiring.create(env));
    }

    /** For tests and local runs: the given ports, the configuration, the system clock and logs on stdout. */
    public DispatcherHandler(DispatcherConfig config, ObjectStore store, JobSubmitter jobs, EventPublisher events) {
        this(config, store, jobs, events, Clock.systemUTC(), DispatchLog.to(System.out, Clock.systemUTC()));
    }

    public DispatcherHandler(
            DispatcherConfig config,
            ObjectStore store,
            JobSubmitter jobs,
            EventPublisher events,
            Clock clock,
            DispatchLog log) {
        this(new Dispatcher(config, SpecLoader.load(config, store), store, jobs, events, clock, log));
    }

    private DispatcherHandler(AwsWiring.Ports ports) {
        this(ports.config(), ports.store(), ports.jobs(), ports.events());
        Priming.run(ports.config(), ports.store(), DispatchLog.to(System.out, Clock.systemUTC()));
    }

    DispatcherHandler(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EventEnvelope<S3ObjectCreatedDetail> event;
        try {
            event = S3ObjectCreatedEvent.read(input);
        } catch (JsonProcessingException e) {
            throw new UsageException(
                    UsageException.BAD_USAGE,
                    "not an S3 \"Object Created\" event as EventBridge delivers it: " + e.getOriginalMessage(),
                    e);
        }
        DispatchResult result = dispatcher.dispatch(event, lease(context));
        Json.MAPPER.writeValue(output, result);
    }

    static Duration lease(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return DEFAULT_LEASE;
        }
        return Duration.ofMillis(context.getRemainingTimeInMillis());
    }
}
