package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CloudServices;
import dev.renditions.worker.EventSchemas;
import dev.renditions.worker.backfill.FakeJobs;
import dev.renditions.worker.backfill.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code worker backfill} with fake ports: options, environment defaults, output and exit codes. */
class BackfillCommandTest {
    final MemoryStore store = new MemoryStore();
    final FakeJobs jobs = new FakeJobs();
    final List<EventEnvelope<?>> published = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    String openedBus;

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    BackfillCommandTest() {
        for (int i = 0; i < 25; i++) {
            store.add("media", "uploads/img-" + i + (i % 2 == 0 ? ".jpg" : ".PNG"), 100 + i);
        }
        store.add("media", "uploads/notes.txt", 10);
        store.add("media", "uploads/big.jpg", 5000);
    }

    /** Through the real WorkerCli, with fakes for S3, Batch and EventBridge. */
    Result run(String... args) {
        CloudServices cloud = new CloudServices() {
            @Override
            public ObjectStore objectStore() {
                return store;
            }

            @Override
            public EventPublisher eventBridge(String eventBusName) {
                openedBus = eventBusName;
                return published::addAll;
            }

            @Override
            public JobSubmitter jobSubmitter() {
                return jobs;
            }

            @Override
            public void close() {}
        };
        CliHarness cli = new CliHarness().cloud(cloud);
        env.forEach(cli::env);
        String[] all = new String[args.length + 1];
        all[0] = "backfill";
        System.arraycopy(args, 0, all, 1, args.length);
        CliHarness.Result r = cli.run(all);
        return new Result(r.exitCode(), r.out(), r.err());
    }

    static final String[] BASE = {
        "--bucket",
        "media",
        "--prefix",
        "uploads/",
        "--output",
        "s3://media/renditions/",
        "--job-queue",
        "q",
        "--job-definition",
        "renditions-worker-manifest"
    };

    static String[] with(String... more) {
        String[] all = new String[BASE.length + more.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(more, 0, all, BASE.length, more.length);
        return all;
    }

    static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void aDryRunPrintsThePlanAndWritesNothing() {
        Result r = run(with("--dry-run", "--images-per-child", "2", "--max-array-size", "6", "--max-size", "1KiB"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("plan "), r.toString());
        assertTrue(r.out().contains("dry run: nothing written, nothing submitted"), r.out());
        assertTrue(r.out().contains("objects     27 listed, 25 selected (2800 bytes)"), r.out());
        assertTrue(r.out().contains("skipped     2: 1 not an image suffix, 1 larger than --max-size"), r.out());
        assertTrue(r.out().contains("jobs        3 (2 arrays, 1 plain), 13 children, 2 images per child"), r.out());
        assertTrue(r.out().contains("renditions  75"), r.out());
        assertEquals(List.of(), store.writes);
        assertEquals(0, jobs.calls);
        assertEquals(List.of(), published);
    }

    @Test
    void submittingPrintsTheJobIdsAndPublishesTheEventOnce() {
        Result r = run(with("--images-per-child", "1", "--max-array-size", "10", "--event-bus", "renditions"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(": submitted 3 jobs"), r.out());
        assertEquals(
                List.of(10, 10, 6),
                jobs.submitted.stream().map(JobRequest::arraySize).toList());
        for (String id : List.of("job-1", "job-2", "job-3")) {
            assertTrue(r.out().contains("  " + id + "  renditions-backfill-"), r.out());
        }
        assertEquals("renditions", openedBus);
        assertEquals(1, published.size());
        assertTrue(r.err().contains("backfill: job 3/3 job-3 submitted"), "plain progress lines: " + r.err());

        Result again = run(with("--images-per-child", "1", "--max-array-size", "10"));
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("already submitted: nothing new (3 jobs)"), again.out());
        assertTrue(again.out().contains("(submitted earlier)"), again.out());
        assertEquals(3, jobs.calls);
        assertEquals(1, published.size());
    }

    @Test
    void theEventOnStdoutMatchesItsPublishedSchema() throws Exception {
        Result r = run(with("--events", "stdout", "--images-per-child", "4"));
        assertEquals(0, r.exit(), r.toString());
        String line = r.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode event = Json.MAPPER.readTree(line);
        assertEquals(Set.of(), EventSchemas.schema("backfill-submitted").validate(event));
        assertEquals("Backfill Submitted", event.get("detail-type").asText());
        assertEquals("renditions.backfill", event.get("source").asText());
        assertEquals(26, event.at("/detail/counts/images").asLong());
        assertEquals(List.of(), published, "not on EventBridge");
    }

    @Test
    void thePublishedExampleMatchesTheSchemaAndTheCoreRecord() {
        JsonNode example = EventSchemas.example("backfill-submitted");
        assertEquals(Set.of(), EventSchemas.schema("backfill-submitted").validate(example));
        JsonNode detail = example.get("detail");
        var d = Json.read(detail.toString(), dev.renditions.core.events.BackfillSubmittedDetail.class);
        assertEquals(detail.toString(), Json.write(d), "the core record carries every field, in order");
        var broken = (com.fasterxml.jackson.databind.node.ObjectNode) example.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("detail")).remove("jobIds");
        assertFalse(EventSchemas.schema("backfill-submitted").validate(broken).isEmpty());
    }

    @Test
    void eventsNoneWritesNoEventRecord() {
        Result r = run(with("--events", "none"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(), published);
        assertTrue(store.writes.stream().noneMatch(w -> w.endsWith("state/event.json")), store.writes.toString());
    }

    @Test
    void environmentDefaults() {
        env.put("JOB_QUEUE", "env-queue");
        env.put("BACKFILL_JOB_DEFINITION", "env-def");
        env.put("OUTPUT_BUCKET", "out-bucket");
        env.put("EVENT_BUS_NAME", "env-bus");
        env.put("MAX_BYTES", "110");
        Result r = run("--bucket", "media", "--prefix", "uploads/", "--images-per-child", "100");
        assertEquals(0, r.exit(), r.toString());
        JobRequest job = jobs.submitted.get(0);
        assertEquals("env-queue", job.queue());
        assertEquals("env-def", job.definition());
        assertEquals("s3://out-bucket/renditions/", job.parameters().get("output"));
        assertTrue(job.parameters().get("manifest").startsWith("s3://out-bucket/.backfill/"), job.toString());
        assertEquals("env-bus", openedBus);
        assertEquals(0, job.arraySize(), "11 images, 100 a child: a plain job");
        assertTrue(r.out().contains("11 selected"), "MAX_BYTES=110 keeps 100..110 bytes: " + r.out());
    }

    @Test
    void theDispatchersPerRenditionDefinitionIsNotADefault() {
        env.put("JOB_QUEUE", "env-queue");
        env.put("JOB_DEFINITION", "per-rendition-def");
        env.put("OUTPUT_BUCKET", "out-bucket");
        Result r = run("--bucket", "media", "--prefix", "uploads/");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--job-definition (or BACKFILL_JOB_DEFINITION) is required"), r.err());
        assertEquals(List.of(), jobs.submitted);
    }

    @Test
    void anSpecInS3IsReadAndPassedToTheWorkers() {
        store.add(
                "config",
                "spec.json",
                "{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":100}]}".getBytes(StandardCharsets.UTF_8),
                Instant.EPOCH);
        Result r = run(with("--spec", "s3://config/spec.json", "--images-per-child", "5"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("s3://config/spec.json", jobs.submitted.get(0).parameters().get("spec"));
        assertTrue(r.out().contains("renditions  26\n"), "one rendition a source: " + r.out());
    }

    @Test
    void aLocalSpecIsForDryRunsOnly(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(
                spec,
                "{\"version\":1,\"renditions\":[{\"name\":\"a\",\"width\":10},{\"name\":\"b\"," + "\"width\":20}]}");
        Result dry = run(with("--spec", spec.toString(), "--dry-run"));
        assertEquals(0, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("renditions  52"), dry.out());
        Result real = run(with("--spec", spec.toString()));
        assertEquals(2, real.exit(), real.toString());
        assertTrue(real.err().contains("local file, which the workers on AWS Batch cannot read"), real.err());
    }

    @Test
    void anInterruptedPlanNeedsResume() {
        jobs.failAt(2, new TransientException(TransientException.SERVICE_ERROR, "service error 500", null));
        Result first = run(with("--images-per-child", "1", "--max-array-size", "10"));
        assertEquals(1, first.exit(), first.toString());
        assertTrue(
                first.err().startsWith("error: service error 500")
                        || first.err().contains("\nerror: service"),
                first.err());

        Result again = run(with("--images-per-child", "1", "--max-array-size", "10"));
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.err().contains("1 of 3 jobs submitted"), again.err());

        Result resumed = run(with("--images-per-child", "1", "--max-array-size", "10", "--resume"));
        assertEquals(0, resumed.exit(), resumed.toString());
        assertTrue(resumed.out().contains("resumed: submitted 2 of 3 jobs"), resumed.out());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--output s3://o/r/ --job-queue q --job-definition d | give either --bucket",
                "--bucket b --inventory s3://i/manifest.json --output s3://o/r/ --job-queue q --job-definition d"
                        + " | give either --bucket",
                "--inventory s3://i/manifest.json --prefix p --output s3://o/r/ --job-queue q --job-definition d"
                        + " | --prefix applies to --bucket",
                "--inventory s3://i/data.csv --output s3://o/r/ --job-queue q --job-definition d | manifest.json",
                "--bucket s3://b --output s3://o/r/ --job-queue q --job-definition d | --bucket takes a bucket name",
                "--bucket b --job-queue q --job-definition d | --output s3://bucket/prefix (or OUTPUT_BUCKET)",
                "--bucket b --output o/r/ --job-queue q --job-definition d | --output: expected an S3 URI",
                "--bucket b --output s3://o/r/ --job-definition d | --job-queue (or JOB_QUEUE) is required",
                "--bucket b --output s3://o/r/ --job-queue q | --job-definition (or BACKFILL_JOB_DEFINITION) is required",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --max-size 10MB | --max-size must be",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --modified-after yesterday"
                        + " | --modified-after must be a date",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --stale-before 2025-01-01"
                        + " | --stale-before applies only with --only-missing",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --images-per-child 0"
                        + " | --images-per-child must be 1 to 1000",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --max-array-size 10001"
                        + " | --max-array-size must be 1 to 10000",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --submit-rate 60 | --submit-rate",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --dry-run --resume | exclude each other",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --events kafka | --events",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --spec s3://none/spec.json"
                        + " | --spec object not found: s3://none/spec.json",
                "--bucket b --output s3://o/r/ --job-queue q --job-definition d --event-source aws.s3 | --event-source"
            })
    void usageErrorsExitTwoWithOneLine(String args, String message) {
        Result r = run(args.trim().split(" +"));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(message), r.toString());
        assertTrue(r.err().startsWith("error: "), r.toString());
        assertEquals(0, jobs.calls);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "100,100", "1_000,1000", "1KiB,1024", "100MiB,104857600", "2GiB,2147483648"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, BackfillCommand.size("--max-size", text));
    }

    @Test
    void times() {
        assertEquals(Instant.parse("2025-01-31T00:00:00Z"), BackfillCommand.time("--x", "2025-01-31"));
        assertEquals(Instant.parse("2025-01-31T12:30:00Z"), BackfillCommand.time("--x", "2025-01-31T12:30:00Z"));
    }

    @Test
    void theCommandIsRegisteredInTheWorkerCli() {
        Result r = run("--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Usage: worker backfill"), r.out());
        assertTrue(r.out().contains("--only-missing"), r.out());
    }

    @Test
    void aDryRunNeedsNoBatchAndNoEventBridge() {
        CliHarness.Result r = new CliHarness()
                .cloud(new CloudServices() {
                    @Override
                    public ObjectStore objectStore() {
                        return store;
                    }

                    @Override
                    public EventPublisher eventBridge(String eventBusName) {
                        throw new AssertionError("no EventBridge in a dry run");
                    }

                    @Override
                    public JobSubmitter jobSubmitter() {
                        throw new AssertionError("no Batch in a dry run");
                    }

                    @Override
                    public void close() {}
                })
                .run(prepend("backfill", with("--dry-run")));
        assertEquals(0, r.exitCode(), r.toString());
    }
}
