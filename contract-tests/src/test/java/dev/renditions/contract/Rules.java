package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/** The rule patterns of {@code eventbridge-rules/}, compiled with AWS's open-source EventBridge matcher. */
final class Rules {
    static final List<String> NAMES =
            List.of("upload", "rendition-completed", "failures", "batch-job-failed", "upload-finished");

    private Rules() {}

    static Path pattern(String name) {
        return Repo.RULES.resolve(name + ".pattern.json");
    }

    static Path targets(String name) {
        return Repo.RULES.resolve(name + ".targets.json");
    }

    /** A compiled rule: one pattern with the given placeholder values. */
    record Compiled(String name, String json, Machine machine) {
        boolean matches(JsonNode event) {
            try {
                return machine.rulesForJSONEvent(event.toString()).contains(name);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        int complexity() {
            return machine.evaluateComplexity(new MachineComplexityEvaluator(1000));
        }
    }

    static Compiled compile(String name, Map<String, String> values) {
        return compileJson(name, Templates.render(pattern(name), values));
    }

    static Compiled compile(String name) {
        return compile(name, Templates.example());
    }

    static Compiled compileJson(String name, String json) {
        String error = JsonRuleCompiler.check(json);
        if (error != null) {
            throw new AssertionError(name + ": event-ruler rejects the pattern: " + error);
        }
        Machine machine = new Machine();
        try {
            machine.addRule(name, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Compiled(name, json, machine);
    }
}
