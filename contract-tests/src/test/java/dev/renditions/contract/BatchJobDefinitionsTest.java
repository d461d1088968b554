package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.contract.RetryStrategies.Action;
import dev.renditions.contract.RetryStrategies.Attempt;
import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.S3Location;
import dev.renditions.worker.backfill.BackfillPlanner;
import dev.renditions.worker.backfill.PlanLayout;
import dev.renditions.worker.backfill.PlanRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchJobDefinitionsTest {
    /** What the dispatcher passes to SubmitJob for one upload (issue 4, "Submit"). */
    static final Map<String, String> DISPATCHER_SUBMISSION = Map.of(
            "source", "s3://example-renditions-input/uploads/holiday photos/IMG 0001+1.JPG",
            "sourceVersion", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
            "sourceEtag", "d41d8cd98f00b204e9800998ecf8427e",
            "output", "s3://example-renditions-output/renditions/",
            "spec", "s3://example-renditions-output/specs/spec.json");

    /** A plan of {@code worker backfill}, as its {@code plan.json} records it. */
    static final PlanRecord PLAN = new PlanRecord(
            PlanRecord.FORMAT,
            "0123456789abcdef",
            "2026-01-01T12:00:00Z",
            null,
            "s3://example-renditions-output/renditions/",
            "s3://example-renditions-output/specs/spec.json",
            null,
            List.of("thumb", "web", "large"),
            "renditions",
            "renditions-worker-manifest",
            10,
            10_000,
            25_000,
            25_000,
            1L << 30,
            Map.of(),
            3);

    /** What the planner passes to SubmitJob for the plan's first chunk: its own {@code BackfillPlanner.parameters}. */
    static final Map<String, String> PLANNER_SUBMISSION = BackfillPlanner.parameters(
            PLAN,
            new PlanLayout(S3Location.parse("s3://example-renditions-output/.backfill/"), PLAN.planId())
                    .chunk(0)
                    .uri());

    /** The per-rendition form. */
    static List<Path> definitions() {
        return JobDefinitions.ALL;
    }

    static List<Path> manifestDefinitions() {
        return JobDefinitions.MANIFEST;
    }

    static List<Path> everyDefinition() {
        return JobDefinitions.EVERY;
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void dispatcherSubmissionBecomesTheWorkerArgv(Path file) {
        List<String> argv = JobDefinitions.argv(file, DISPATCHER_SUBMISSION);

        assertEquals(
                List.of(
                        "render",
                        "--source",
                        DISPATCHER_SUBMISSION.get("source"),
                        "--source-version",
                        DISPATCHER_SUBMISSION.get("sourceVersion"),
                        "--source-etag",
                        DISPATCHER_SUBMISSION.get("sourceEtag"),
                        "--output",
                        DISPATCHER_SUBMISSION.get("output"),
                        "--spec",
                        DISPATCHER_SUBMISSION.get("spec")),
                argv);
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void manualSubmissionWithOnlyASourceGetsTheDocumentedDefaults(Path file) {
        // aws batch submit-job ... --parameters source=s3://bucket/uploads/cat.jpg
        List<String> argv =
                JobDefinitions.argv(file, Map.of("source", "s3://example-renditions-input/uploads/cat.jpg"));

        assertEquals(
                List.of(
                        "render",
                        "--source",
                        "s3://example-renditions-input/uploads/cat.jpg",
                        "--source-version",
                        "-",
                        "--source-etag",
                        "-",
                        "--output",
                        Templates.example().get("OUTPUT_URI"),
                        "--spec",
                        "default"),
                argv);
        assertTrue(argv.stream().noneMatch(a -> a.contains(JobDefinitions.REF)), argv.toString());
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void onlyTheSourceHasNoDefaultAndWithoutItTheWorkerSeesTheLiteralReference(Path file) {
        JsonNode def = JobDefinitions.load(file);
        Set<String> referenced = new TreeSet<>();
        for (String arg : JobDefinitions.command(def)) {
            if (arg.contains(JobDefinitions.REF)) {
                assertTrue(
                        arg.startsWith(JobDefinitions.REF) && arg.matches("Ref::[A-Za-z0-9]+"),
                        "Batch substitutes whole arguments only: " + arg);
                referenced.add(arg.substring(JobDefinitions.REF.length()));
            }
        }
        Set<String> withoutDefault = new TreeSet<>(referenced);
        withoutDefault.removeAll(JobDefinitions.defaults(def).keySet());

        assertEquals(Set.of("source"), withoutDefault);
        assertEquals(referenced, new TreeSet<>(DISPATCHER_SUBMISSION.keySet()), "the dispatcher fills every reference");
        // the worker exits 2 naming the parameter when it receives the literal reference
        assertTrue(JobDefinitions.argv(def, Map.of()).contains("Ref::source"));
    }

    @ParameterizedTest
    @MethodSource("everyDefinition")
    void retryStrategyExitsOnTheWorkersNonRetryableCodes(Path file) {
        JsonNode retry = JobDefinitions.load(file).path("retryStrategy");
        JsonNode entries = retry.path("evaluateOnExit");

        assertTrue(entries.size() >= 1 && entries.size() <= 5, "AWS allows at most 5 evaluateOnExit entries");
        int attempts = retry.path("attempts").asInt();
        assertTrue(attempts >= 2 && attempts <= 10, "attempts " + attempts);

        Set<Integer> exitCodes = new LinkedHashSet<>();
        Set<Integer> retryCodes = new LinkedHashSet<>();
        for (JsonNode e : entries) {
            if (e.has("onExitCode")) {
                int code = Integer.parseInt(e.get("onExitCode").asText());
                (e.get("action").asText().equals("EXIT") ? exitCodes : retryCodes).add(code);
            }
        }
        assertEquals(Set.of(ExitCodes.USAGE, ExitCodes.INVALID_INPUT), exitCodes);
        assertEquals(Set.of(ExitCodes.TRANSIENT), retryCodes);

        assertEquals(Action.EXIT, RetryStrategies.decide(retry, Attempt.exit(ExitCodes.USAGE)));
        assertEquals(Action.EXIT, RetryStrategies.decide(retry, Attempt.exit(ExitCodes.INVALID_INPUT)));
        assertEquals(Action.RETRY, RetryStrategies.decide(retry, Attempt.exit(ExitCodes.TRANSIENT)));
    }

    @ParameterizedTest
    @MethodSource("everyDefinition")
    void retryStrategyRetriesInfrastructureFailures(Path file) {
        JsonNode retry = JobDefinitions.load(file).path("retryStrategy");
        List<Attempt> infrastructure = List.of(
                Attempt.infrastructure("Host EC2 (instance i-0123456789abcdef0) terminated.", null),
                Attempt.infrastructure(
                        "Task failed to start",
                        "CannotPullContainerError: pull image manifest has been retried 5 time(s)"),
                Attempt.infrastructure(
                        "Task failed to start", "ResourceInitializationError: unable to pull secrets or registry auth"),
                Attempt.infrastructure(null, "CannotStartContainerError: Error response from daemon"),
                new Attempt(137, "Essential container in task exited", "OutOfMemoryError: Container killed"),
                new Attempt(143, "Essential container in task exited", null));
        for (Attempt a : infrastructure) {
            assertEquals(Action.RETRY, RetryStrategies.decide(retry, a), a.toString());
        }
        JsonNode last =
                retry.path("evaluateOnExit").get(retry.path("evaluateOnExit").size() - 1);
        assertEquals("*", last.path("onReason").asText(), "a catch-all comes last");
        assertEquals(1, last.size() - 1, "the catch-all has a single condition");
    }

    @ParameterizedTest
    @MethodSource("everyDefinition")
    void evaluateOnExitPatternsUseOnlyTheCharactersAwsAccepts(Path file) {
        for (JsonNode e : JobDefinitions.load(file).path("retryStrategy").path("evaluateOnExit")) {
            List<String> fields = new ArrayList<>();
            e.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                String v = e.get(f).asText();
                switch (f) {
                    case "action" -> assertTrue(v.equals("RETRY") || v.equals("EXIT"), v);
                    case "onExitCode" -> assertTrue(v.matches("[0-9]*\\*?") && !v.isEmpty(), v);
                    case "onStatusReason", "onReason" -> assertTrue(
                            v.matches("[A-Za-z0-9.: \\t]*\\*?") && !v.isEmpty(), v);
                    default -> throw new AssertionError("unknown evaluateOnExit field " + f);
                }
                assertTrue(v.length() <= 512);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyDefinition")
    void containerIsWiredForBatch(Path file) {
        JsonNode def = JobDefinitions.load(file);
        JsonNode c = def.path("containerProperties");

        assertTrue(c.path("jobRoleArn").asText().startsWith("arn:aws:iam::"));
        assertTrue(c.path("executionRoleArn").asText().startsWith("arn:aws:iam::"));
        assertEquals("awslogs", c.path("logConfiguration").path("logDriver").asText());
        assertFalse(c.path("logConfiguration")
                .path("options")
                .path("awslogs-group")
                .asText()
                .isEmpty());
        assertTrue(def.path("propagateTags").asBoolean());
        int timeout = def.path("timeout").path("attemptDurationSeconds").asInt();
        assertTrue(timeout >= 60 && timeout <= 3600, "per-child timeout " + timeout);
        assertEquals("container", def.path("type").asText());

        Map<String, String> env = new java.util.LinkedHashMap<>();
        c.path("environment")
                .forEach(n -> env.put(n.path("name").asText(), n.path("value").asText()));
        assertEquals(
                Set.of("INPUT_PREFIX", "EVENT_BUS_NAME", "EVENT_SOURCE", "CACHE_CONTROL", "JAVA_TOOL_OPTIONS"),
                env.keySet());
        assertEquals(DetailTypes.WORKER_SOURCE, env.get("EVENT_SOURCE"));
        assertEquals(Templates.example().get("INPUT_PREFIX"), env.get("INPUT_PREFIX"));
        assertTrue(env.get("JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage="), "heap follows the container memory");
    }

    @ParameterizedTest
    @MethodSource("everyDefinition")
    void fargateAndEc2DefinitionsRunTheSameContract(Path file) {
        JsonNode fargate = JobDefinitions.load(
                JobDefinitions.MANIFEST.contains(file) ? JobDefinitions.MANIFEST_FARGATE : JobDefinitions.FARGATE);
        JsonNode def = JobDefinitions.load(file);

        assertEquals(JobDefinitions.command(fargate), JobDefinitions.command(def));
        assertEquals(fargate.path("parameters"), def.path("parameters"));
        assertEquals(fargate.path("retryStrategy"), def.path("retryStrategy"));
        assertEquals(fargate.path("timeout"), def.path("timeout"));
        assertEquals(
                fargate.path("containerProperties").path("environment"),
                def.path("containerProperties").path("environment"));
    }

    @ParameterizedTest
    @MethodSource("everyDefinition")
    void resourcesFitThePlatform(Path file) {
        JsonNode def = JobDefinitions.load(file);
        Map<String, String> res = new java.util.LinkedHashMap<>();
        def.path("containerProperties")
                .path("resourceRequirements")
                .forEach(n -> res.put(n.path("type").asText(), n.path("value").asText()));
        String platform = def.path("platformCapabilities").get(0).asText();
        if (platform.equals("FARGATE")) {
            assertTrue(
                    FargateSizes.valid(res.get("VCPU"), Integer.parseInt(res.get("MEMORY"))),
                    "not a Fargate VCPU/MEMORY pair: " + res);
        } else {
            assertEquals("EC2", platform);
            assertTrue(Integer.parseInt(res.get("VCPU")) >= 1, res.toString());
            assertTrue(Integer.parseInt(res.get("MEMORY")) >= 4, res.toString());
        }
        // one rendition child decodes one image: 100 MP of ARGB is 400 MB, plus a resized copy
        assertTrue(Integer.parseInt(res.get("MEMORY")) * 0.75 >= 2048, "heap below 2 GiB: " + res);
    }

    // ------------------------------------------------------------------ the manifest form (backfills)

    @ParameterizedTest
    @MethodSource("manifestDefinitions")
    void plannerSubmissionBecomesTheManifestArgv(Path file) {
        List<String> argv = JobDefinitions.argv(file, PLANNER_SUBMISSION);

        assertEquals(
                List.of(
                        "render",
                        "--manifest",
                        PLANNER_SUBMISSION.get("manifest"),
                        "--images-per-child",
                        "10",
                        "--output",
                        PLANNER_SUBMISSION.get("output"),
                        "--spec",
                        PLANNER_SUBMISSION.get("spec")),
                argv);
    }

    @ParameterizedTest
    @MethodSource("manifestDefinitions")
    void onlyTheManifestHasNoDefaultAndTheOthersDefaultAsDocumented(Path file) {
        JsonNode def = JobDefinitions.load(file);
        Set<String> referenced = new TreeSet<>();
        for (String arg : JobDefinitions.command(def)) {
            if (arg.contains(JobDefinitions.REF)) {
                assertTrue(arg.matches("Ref::[A-Za-z0-9]+"), "Batch substitutes whole arguments only: " + arg);
                referenced.add(arg.substring(JobDefinitions.REF.length()));
            }
        }
        assertEquals(new TreeSet<>(PLANNER_SUBMISSION.keySet()), referenced, "the planner fills every reference");
        assertEquals(
                Map.of(
                        "imagesPerChild",
                        "1",
                        "spec",
                        "default",
                        "output",
                        Templates.example().get("OUTPUT_URI")),
                JobDefinitions.defaults(def));
        assertEquals(
                List.of(
                        "render",
                        "--manifest",
                        "Ref::manifest",
                        "--images-per-child",
                        "1",
                        "--output",
                        Templates.example().get("OUTPUT_URI"),
                        "--spec",
                        "default"),
                JobDefinitions.argv(def, Map.of()),
                "without a manifest the worker sees the literal reference and exits 2 naming it");
    }

    @ParameterizedTest
    @MethodSource("manifestDefinitions")
    void theManifestFormRunsLikeThePerRenditionFormWithALongerTimeout(Path file) {
        JsonNode manifest = JobDefinitions.load(file);
        JsonNode plain = JobDefinitions.load(
                file.equals(JobDefinitions.MANIFEST_EC2) ? JobDefinitions.EC2 : JobDefinitions.FARGATE);

        for (String field : List.of("type", "platformCapabilities", "retryStrategy", "propagateTags", "tags")) {
            assertEquals(plain.path(field), manifest.path(field), field);
        }
        com.fasterxml.jackson.databind.node.ObjectNode pc =
                ((com.fasterxml.jackson.databind.node.ObjectNode) plain.path("containerProperties")).deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode mc =
                ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.path("containerProperties")).deepCopy();
        pc.remove("command");
        mc.remove("command");
        assertEquals(pc, mc, "image, roles, resources, environment and logs as the per-rendition form");
        assertTrue(
                manifest.path("jobDefinitionName")
                        .asText()
                        .startsWith(plain.path("jobDefinitionName").asText().replace("-ec2", "")),
                manifest.path("jobDefinitionName").asText());
        assertEquals(
                plain.path("parameters").path("output"),
                manifest.path("parameters").path("output"));
        assertEquals(
                plain.path("parameters").path("spec"),
                manifest.path("parameters").path("spec"));

        int plainTimeout = plain.path("timeout").path("attemptDurationSeconds").asInt();
        int manifestTimeout =
                manifest.path("timeout").path("attemptDurationSeconds").asInt();
        // a child renders K images (10 by default in the planner), every rendition of each
        assertTrue(manifestTimeout >= 4 * plainTimeout, manifestTimeout + " vs " + plainTimeout);
    }
}
