package dev.renditions.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.Json;
import dev.renditions.worker.cli.WorkerCli;
import dev.renditions.worker.events.EventPublisherFactory;
import dev.renditions.worker.render.RenderEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with an in-memory environment, a fixed clock and captured stdout/stderr. */
public final class CliHarness {
    public static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final Map<String, String> env = new HashMap<>();
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private RenderEngine engine = RenderEngine.imaging();
    private CloudServices cloud = CloudServices.NONE;
    private EventPublisherFactory publishers;

    public CliHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliHarness clock(Clock c) {
        this.clock = c;
        return this;
    }

    public CliHarness engine(RenderEngine e) {
        this.engine = e;
        return this;
    }

    /** The cloud services (default: none, every use a usage error); the standard publishers use it too. */
    public CliHarness cloud(CloudServices c) {
        this.cloud = c;
        return this;
    }

    /** Replaces the standard event publishers (stdout, EventBridge through the cloud, none). */
    public CliHarness publishers(EventPublisherFactory p) {
        this.publishers = p;
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        WorkerRuntime rt = new WorkerRuntime(
                env, clock, engine, cloud, publishers == null ? EventPublisherFactory.standard(cloud) : publishers);
        int code = WorkerCli.forArgs(rt, new PrintWriter(out, true), new PrintWriter(err, true), args)
                .execute(args);
        return new Result(code, out.toString(), err.toString(), List.of(args));
    }

    public record Result(int exitCode, String out, String err, List<String> args) {
        /** stdout parsed as JSON lines: every line must be one JSON object. */
        public List<JsonNode> events() {
            return Arrays.stream(out.split("\n"))
                    .filter(l -> !l.isEmpty())
                    .map(l -> {
                        try {
                            return Json.MAPPER.readTree(l);
                        } catch (Exception e) {
                            throw new AssertionError("stdout line is not JSON: " + l, e);
                        }
                    })
                    .toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " for " + args + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
