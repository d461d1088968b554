package dev.renditions.worker;

import dev.renditions.worker.events.EventPublisherFactory;
import dev.renditions.worker.render.RenderEngine;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the commands take from outside: the environment (read once into {@link WorkerEnv}), the clock, the
 * imaging engine, the cloud services (S3, EventBridge, Batch; built once, on first use) and how event publishers are
 * made. {@link #system()} is the real one; tests pass their own. Closing it closes the cloud clients.
 */
public record WorkerRuntime(
        Map<String, String> env,
        Clock clock,
        RenderEngine engine,
        CloudServices cloud,
        EventPublisherFactory publishers)
        implements AutoCloseable {
    public WorkerRuntime {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(publishers, "publishers");
    }

    /** The standard event publishers (stdout, EventBridge through {@code cloud}, none). */
    public WorkerRuntime(Map<String, String> env, Clock clock, RenderEngine engine, CloudServices cloud) {
        this(env, clock, engine, cloud, EventPublisherFactory.standard(cloud));
    }

    public static WorkerRuntime system() {
        Map<String, String> env = System.getenv();
        return new WorkerRuntime(env, Clock.systemUTC(), RenderEngine.imaging(), new AwsCloudServices(env));
    }

    public WorkerEnv workerEnv() {
        return WorkerEnv.from(env);
    }

    @Override
    public void close() {
        cloud.close();
    }
}
