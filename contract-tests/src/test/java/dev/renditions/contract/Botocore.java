package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS CLI's own request validation: botocore's {@code ParamValidator} against the service models installed with
 * the CLI on this machine ({@code src/test/python/botocore_check.py}).
 */
final class Botocore {
    private static final String SCRIPT = Repo.ROOT
            .resolve("contract-tests/src/test/python/botocore_check.py")
            .toString();

    record Request(String id, String service, String operation, JsonNode params) {}

    /** Errors per request id (empty list = valid), the botocore version, and the Fargate VCPU/MEMORY table. */
    record Report(Map<String, List<String>> errors, String version, Map<String, List<Integer>> fargate) {}

    private Botocore() {}

    static Report check(List<Request> requests) {
        ArrayNode input = Repo.JSON.createArrayNode();
        for (Request r : requests) {
            ObjectNode o = input.addObject();
            o.put("id", r.id());
            o.put("service", r.service());
            o.put("operation", r.operation());
            o.set("params", r.params());
        }
        String python = Processes.requireTool("python3");
        JsonNode out = Repo.parse(Processes.run(List.of(python, SCRIPT), null, input.toString())
                .requireSuccess()
                .stdout());
        Map<String, List<String>> errors = new LinkedHashMap<>();
        out.path("results").fields().forEachRemaining(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().forEach(n -> list.add(n.asText()));
            errors.put(e.getKey(), list);
        });
        Map<String, List<Integer>> fargate = new TreeMap<>();
        out.path("fargate").fields().forEachRemaining(e -> {
            List<Integer> list = new ArrayList<>();
            e.getValue().forEach(n -> list.add(n.asInt()));
            fargate.put(e.getKey(), list);
        });
        return new Report(errors, out.path("botocore").asText(), fargate);
    }
}
