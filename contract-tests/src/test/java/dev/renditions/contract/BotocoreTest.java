package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every file a user passes to the AWS CLI passes the CLI's own parameter validation. */
class BotocoreTest {
    private static Botocore.Report report;
    private static List<Botocore.Request> requests;

    @BeforeAll
    static void validateEverything() {
        requests = new ArrayList<>();
        for (Path f : Repo.jsonFiles(Repo.BATCH)) {
            requests.add(batchRequest(f));
        }
        for (Path f : Repo.jsonFiles(Repo.RULES)) {
            requests.add(rulesRequest(f));
        }
        // a deliberately broken request proves the validator reports problems at all
        requests.add(new Botocore.Request(
                "broken",
                "batch",
                "RegisterJobDefinition",
                Repo.parse("{\"type\":\"container\",\"timeout\":\"900\"}")));
        report = Botocore.check(requests);
    }

    static Botocore.Request batchRequest(Path f) {
        String n = f.getFileName().toString();
        String op;
        if (n.startsWith("worker-")) {
            op = "RegisterJobDefinition";
        } else if (n.startsWith("compute-environment-")) {
            op = "CreateComputeEnvironment";
        } else if (n.startsWith("job-queue-")) {
            op = "CreateJobQueue";
        } else {
            throw new AssertionError("no AWS CLI operation known for " + Repo.name(f) + ": add one here");
        }
        return new Botocore.Request(Repo.name(f), "batch", op, Templates.renderJson(f));
    }

    static Botocore.Request rulesRequest(Path f) {
        String n = f.getFileName().toString();
        JsonNode rendered = Templates.renderJson(f);
        ObjectNode params = Repo.JSON.createObjectNode();
        if (n.endsWith(".pattern.json")) {
            // aws events put-rule --name NAME --event-pattern file://...
            params.put("Name", "renditions-" + n.substring(0, n.length() - ".pattern.json".length()));
            params.put("EventPattern", rendered.toString());
            return new Botocore.Request(Repo.name(f), "events", "PutRule", params);
        }
        if (n.endsWith(".targets.json")) {
            // aws events put-targets --rule NAME --targets file://...
            params.put("Rule", "renditions-" + n.substring(0, n.length() - ".targets.json".length()));
            params.set("Targets", rendered);
            return new Botocore.Request(Repo.name(f), "events", "PutTargets", params);
        }
        throw new AssertionError("eventbridge-rules/ holds only *.pattern.json and *.targets.json: " + n);
    }

    @Test
    void everyBatchAndRuleFilePassesTheCliValidation() {
        for (Botocore.Request r : requests) {
            if (!r.id().equals("broken")) {
                assertEquals(List.of(), report.errors().get(r.id()), r.id() + " (botocore " + report.version() + ")");
            }
        }
        assertTrue(requests.size() > 10);
    }

    @Test
    void theValidatorCatchesMistakes() {
        List<String> errors = report.errors().get("broken");
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().anyMatch(e -> e.contains("jobDefinitionName")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("timeout")), errors.toString());
    }

    @Test
    void fargateTableMatchesTheOneInBotocoresBatchModel() {
        Map<String, List<Integer>> fromModel = report.fargate();
        assertEquals(FargateSizes.TABLE.keySet(), fromModel.keySet());
        FargateSizes.TABLE.forEach((vcpu, memories) -> assertEquals(memories, fromModel.get(vcpu), vcpu + " vCPU"));
    }

    @Test
    void everyRuleHasAPatternAndTargets() {
        List<String> names = Repo.jsonFiles(Repo.RULES).stream()
                .map(p -> p.getFileName().toString())
                .toList();
        for (String n : names) {
            String base = n.replaceAll("\\.(pattern|targets)\\.json$", "");
            assertTrue(names.contains(base + ".pattern.json"), n);
            assertTrue(names.contains(base + ".targets.json"), n);
        }
    }
}
