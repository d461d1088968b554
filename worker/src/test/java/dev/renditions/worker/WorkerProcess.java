package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.Json;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code worker/target/worker.jar} as a separate process, as AWS Batch runs a child: the given
 * environment (nothing AWS- or worker-related is inherited), arguments, stdout and stderr captured.
 */
public final class WorkerProcess {
    private static final List<String> NOT_INHERITED =
            List.of("AWS_", "EVENT_BUS_NAME", "EVENT_SOURCE", "INPUT_PREFIX", "CACHE_CONTROL");

    private WorkerProcess() {}

    public static Path jar() {
        Path built = Path.of(System.getProperty("worker.jar", "target/worker.jar"));
        assertTrue(Files.isRegularFile(built), "run 'mvn package' first: " + built.toAbsolutePath());
        return built;
    }

    /** What a run printed and how it ended. */
    public record Run(int exitCode, String out, String err, List<String> args, Duration took) {
        /** stdout as JSON lines. */
        public List<JsonNode> events() {
            return out.lines()
                    .filter(l -> !l.isBlank())
                    .map(l -> Json.read(l, JsonNode.class))
                    .toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms for " + args + "\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    /** The variables AWS Batch sets in array child {@code index} of job {@code parent}, attempt {@code attempt}. */
    public static Map<String, String> batchChild(String parent, int index, int attempt) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_BATCH_JOB_ID", parent + ":" + index);
        env.put("AWS_BATCH_JOB_ARRAY_INDEX", String.valueOf(index));
        env.put("AWS_BATCH_JOB_ATTEMPT", String.valueOf(attempt));
        return env;
    }

    public static Run run(Map<String, String> env, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-XX:TieredStopAtLevel=1"); // short-lived test runs start faster; the output does not depend on it
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(args);
        try {
            Path dir = Files.createTempDirectory("worker-run");
            File out = dir.resolve("stdout.txt").toFile();
            File err = dir.resolve("stderr.txt").toFile();
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectOutput(out)
                    .redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> NOT_INHERITED.stream().anyMatch(k::startsWith));
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("worker.jar did not finish within 120 s: " + cmd);
            }
            Run r = new Run(
                    p.exitValue(),
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8),
                    List.copyOf(args),
                    Duration.ofNanos(System.nanoTime() - start));
            Files.delete(out.toPath());
            Files.delete(err.toPath());
            Files.delete(dir);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
