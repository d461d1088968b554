package dev.renditions.worker;

import dev.renditions.worker.events.EventPublisherFactory;
import dev.renditions.worker.render.RenderEngine;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the commands take from outside: the environment (read once into {@link WorkerEnv}), the clock, the
 * imaging engine and how event publishers are made. {@link #system()} is the real one; tests pass their own.
 */
public record WorkerRuntime(
        Map<String, String> env, Clock clock, RenderEngine engine, EventPublisherFactory publishers) {
    public WorkerRuntime {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(publishers, "publishers");
    }

    public static WorkerRuntime system() {
        return new WorkerRuntime(
                System.getenv(), Clock.systemUTC(), RenderEngine.imaging(), EventPublisherFactory.DEFAULT);
    }

    public WorkerEnv workerEnv() {
        return WorkerEnv.from(env);
    }
}
