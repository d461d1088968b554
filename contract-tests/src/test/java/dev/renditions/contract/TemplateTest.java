package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.spec.Limits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code deploy/template.yaml}: cfn-lint clean, and the same contract as the JSON files. */
class TemplateTest {
    static final JsonNode TEMPLATE = CfnTemplate.load();

    /** Template Fn::Sub variables and the placeholders of eventbridge-rules/ that mean the same thing. */
    static final Map<String, String> SUB_TO_PLACEHOLDER = Map.of(
            "InputBucket", "INPUT_BUCKET",
            "InputPrefix", "INPUT_PREFIX",
            "MaxBytes", "MAX_BYTES",
            "JobQueue", "JOB_QUEUE_ARN");

    static final Map<String, String> RULE_RESOURCES = Map.of(
            "upload", "UploadRule",
            "failures", "FailuresRule",
            "batch-job-failed", "BatchJobFailedRule",
            "rendition-completed", "RenditionCompletedRule",
            "upload-finished", "UploadFinishedRule");

    @Test
    void cfnLintFindsNothing() {
        String cfnLint = Processes.requireTool("cfn-lint");
        Processes.Result r =
                Processes.run(List.of(cfnLint, "--format", "parseable", CfnTemplate.FILE.toString()), null, null);

        assertEquals(0, r.exitCode(), "cfn-lint:\n" + r.stdout() + r.stderr());
    }

    @Test
    void cfnLintWouldCatchAMistake() throws Exception {
        java.nio.file.Path broken = java.nio.file.Files.createTempFile("template", ".yaml");
        try {
            java.nio.file.Files.writeString(
                    broken, Repo.read(CfnTemplate.FILE).replace("Runtime: java21", "Runtime: java99"));
            Processes.Result r =
                    Processes.run(List.of(Processes.requireTool("cfn-lint"), broken.toString()), null, null);
            assertTrue((r.exitCode() & 2) != 0, "cfn-lint reports an error: " + r.stdout());
        } finally {
            java.nio.file.Files.deleteIfExists(broken);
        }
    }

    @Test
    void rulePatternsAreTheOnesInEventbridgeRules() {
        Map<String, String> example = Templates.example();
        Map<String, String> subValues = new LinkedHashMap<>();
        SUB_TO_PLACEHOLDER.forEach((sub, placeholder) -> subValues.put(sub, example.get(placeholder)));

        assertEquals(
                new TreeSet<>(RULE_RESOURCES.values()),
                new TreeSet<>(CfnTemplate.resourcesOfType(TEMPLATE, "AWS::Events::Rule")));
        assertEquals(new TreeSet<>(Rules.NAMES), new TreeSet<>(RULE_RESOURCES.keySet()));
        RULE_RESOURCES.forEach((file, id) -> {
            JsonNode pattern =
                    CfnTemplate.resource(TEMPLATE, id).path("Properties").path("EventPattern");
            String json = pattern.isTextual() ? pattern.asText() : CfnTemplate.substitute(pattern, subValues);
            assertEquals(Templates.renderJson(Rules.pattern(file)), Repo.parse(json), id + " vs " + file);
        });
    }

    @Test
    void ruleTargetsRetryAsTheTargetFilesSay() {
        RULE_RESOURCES.forEach((file, id) -> {
            JsonNode expected = Templates.renderJson(Rules.targets(file)).get(0);
            JsonNode target = CfnTemplate.resource(TEMPLATE, id)
                    .path("Properties")
                    .path("Targets")
                    .get(0);
            assertEquals(expected.path("Id").asText(), target.path("Id").asText(), id);
            assertEquals(expected.path("RetryPolicy"), target.path("RetryPolicy"), id);
            assertEquals(expected.has("DeadLetterConfig"), target.has("DeadLetterConfig"), id);
        });
    }

    /** Each job definition of the template and the file it is a copy of. */
    static final Map<String, java.nio.file.Path> JOB_DEFINITIONS = Map.of(
            "JobDefinition", JobDefinitions.FARGATE,
            "ManifestJobDefinition", JobDefinitions.MANIFEST_FARGATE);

    @Test
    void theTemplateHasBothFormsOfTheWorker() {
        assertEquals(
                new TreeSet<>(JOB_DEFINITIONS.keySet()),
                new TreeSet<>(CfnTemplate.resourcesOfType(TEMPLATE, "AWS::Batch::JobDefinition")));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"JobDefinition", "ManifestJobDefinition"})
    void jobDefinitionIsItsFargateJson(String id) {
        JsonNode cfn = CfnTemplate.camelCase(CfnTemplate.resource(TEMPLATE, id).path("Properties"));
        JsonNode json = JobDefinitions.load(JOB_DEFINITIONS.get(id));

        for (String field :
                List.of("type", "platformCapabilities", "retryStrategy", "timeout", "propagateTags", "tags")) {
            assertEquals(json.path(field), cfn.path(field), field);
        }
        JsonNode cc = cfn.path("containerProperties");
        JsonNode jc = json.path("containerProperties");
        for (String field :
                List.of("command", "resourceRequirements", "fargatePlatformConfiguration", "runtimePlatform")) {
            assertEquals(jc.path(field), cc.path(field), field);
        }
        assertEquals(
                jc.path("logConfiguration").path("logDriver"),
                cc.path("logConfiguration").path("logDriver"));
        assertEquals(
                jc.path("logConfiguration").path("options").path("awslogs-stream-prefix"),
                cc.path("logConfiguration").path("options").path("awslogs-stream-prefix"));

        Set<String> jsonParams = new TreeSet<>();
        json.path("parameters").fieldNames().forEachRemaining(jsonParams::add);
        Set<String> cfnParams = new TreeSet<>();
        cfn.path("parameters").fieldNames().forEachRemaining(cfnParams::add);
        assertEquals(jsonParams, cfnParams);
        for (String p : cfnParams) {
            if (cfn.path("parameters").path(p).isTextual()) { // the others are Fn::Sub / Fn::If of stack parameters
                assertEquals(
                        json.path("parameters").path(p), cfn.path("parameters").path(p), p);
            }
        }

        Map<String, JsonNode> cfnEnv = new LinkedHashMap<>();
        cc.path("environment").forEach(n -> cfnEnv.put(n.path("name").asText(), n.path("value")));
        Map<String, String> jsonEnv = new LinkedHashMap<>();
        jc.path("environment")
                .forEach(n ->
                        jsonEnv.put(n.path("name").asText(), n.path("value").asText()));
        assertEquals(jsonEnv.keySet(), cfnEnv.keySet());
        for (String name : List.of("EVENT_SOURCE", "JAVA_TOOL_OPTIONS")) {
            assertEquals(jsonEnv.get(name), cfnEnv.get(name).asText(), name);
        }
        assertEquals(
                jsonEnv.get("CACHE_CONTROL"),
                TEMPLATE.path("Parameters").path("CacheControl").path("Default").asText());
    }

    @Test
    void dispatcherIsConfiguredWithTheContractVariables() {
        JsonNode fn = CfnTemplate.resource(TEMPLATE, "DispatcherFunction").path("Properties");
        Set<String> names = new TreeSet<>();
        fn.path("Environment").path("Variables").fieldNames().forEachRemaining(names::add);

        assertEquals(
                new TreeSet<>(List.of(
                        "JOB_QUEUE",
                        "JOB_DEFINITION",
                        "SPEC_URI",
                        "INPUT_PREFIX",
                        "OUTPUT_BUCKET",
                        "OUTPUT_PREFIX",
                        "MARKER_PREFIX",
                        "MAX_BYTES",
                        "MAX_PIXELS",
                        "EVENT_BUS_NAME",
                        "EVENT_SOURCE",
                        "JAVA_TOOL_OPTIONS")),
                names);
        assertEquals(
                "-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                fn.path("Environment")
                        .path("Variables")
                        .path("JAVA_TOOL_OPTIONS")
                        .asText(),
                "C1 only: measured to keep the dispatcher's cold path under 1.5 s");
        assertEquals(
                DetailTypes.DISPATCHER_SOURCE,
                fn.path("Environment").path("Variables").path("EVENT_SOURCE").asText());
        assertEquals(
                "dev.renditions.dispatcher.DispatcherHandler::handleRequest",
                fn.path("Handler").asText());
        assertTrue(Set.of("java17", "java21").contains(fn.path("Runtime").asText()));
    }

    @Test
    void parameterDefaultsAreTheContractDefaults() {
        JsonNode p = TEMPLATE.path("Parameters");
        assertEquals("uploads/", p.path("InputPrefix").path("Default").asText());
        assertEquals("renditions/", p.path("OutputPrefix").path("Default").asText());
        assertEquals(".dispatch/", p.path("MarkerPrefix").path("Default").asText());
        assertEquals("default", p.path("EventBusName").path("Default").asText());
        assertEquals(
                Limits.DEFAULT_MAX_BYTES, p.path("MaxBytes").path("Default").asLong());
        assertEquals(
                Limits.DEFAULT_MAX_PIXELS, p.path("MaxPixels").path("Default").asLong());
    }

    @Test
    void inputBucketSendsEventsToEventBridgeAndLogsExpire() {
        assertTrue(CfnTemplate.resource(TEMPLATE, "InputBucket")
                .path("Properties")
                .path("NotificationConfiguration")
                .path("EventBridgeConfiguration")
                .path("EventBridgeEnabled")
                .asBoolean());
        List<String> groups = CfnTemplate.resourcesOfType(TEMPLATE, "AWS::Logs::LogGroup");
        assertEquals(2, groups.size());
        for (String g : groups) {
            assertFalse(
                    CfnTemplate.resource(TEMPLATE, g)
                            .path("Properties")
                            .path("RetentionInDays")
                            .isMissingNode(),
                    g);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void dispatchMarkersExpireInTheBucketThatHoldsThem(boolean separateOutputBucket) {
        // OutputLocation=separate-bucket puts the markers in OutputBucket, input-bucket in InputBucket
        String holder = separateOutputBucket ? "OutputBucket" : "InputBucket";
        JsonNode rules = CfnTemplate.resource(TEMPLATE, holder)
                .path("Properties")
                .path("LifecycleConfiguration")
                .path("Rules");
        boolean expires = false;
        for (JsonNode rule : rules) {
            JsonNode r = ifSeparateOutputBucket(rule, separateOutputBucket);
            expires |= r != null
                    && "MarkerPrefix".equals(r.path("Prefix").path("Ref").asText())
                    && "Enabled".equals(r.path("Status").asText())
                    && r.path("ExpirationInDays").asInt() > 0;
        }
        assertTrue(expires, holder + " has no lifecycle rule expiring MarkerPrefix: " + rules);
    }

    /** A rule as CloudFormation sees it when SeparateOutputBucket is {@code value}; null for AWS::NoValue. */
    private static JsonNode ifSeparateOutputBucket(JsonNode node, boolean value) {
        JsonNode fn = node.path("Fn::If");
        if (fn.isMissingNode()) {
            return node;
        }
        assertEquals("SeparateOutputBucket", fn.path(0).asText(), node.toString());
        JsonNode chosen = fn.path(value ? 1 : 2);
        return "AWS::NoValue".equals(chosen.path("Ref").asText()) ? null : chosen;
    }

    @Test
    void queueTriesFargateSpotFirstThenOnDemand() {
        JsonNode order =
                CfnTemplate.resource(TEMPLATE, "JobQueue").path("Properties").path("ComputeEnvironmentOrder");
        assertEquals(2, order.size());
        assertEquals(
                "FargateSpotEnvironment",
                order.get(0).path("ComputeEnvironment").path("Ref").asText());
        assertEquals(
                "FargateEnvironment",
                order.get(1).path("ComputeEnvironment").path("Ref").asText());
        assertEquals(
                "FARGATE_SPOT",
                CfnTemplate.resource(TEMPLATE, "FargateSpotEnvironment")
                        .path("Properties")
                        .path("ComputeResources")
                        .path("Type")
                        .asText());
    }
}
