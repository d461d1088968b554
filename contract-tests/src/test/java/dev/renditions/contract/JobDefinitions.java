package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker job definitions in {@code batch-job-definitions/} and an emulation of how AWS Batch turns one into the
 * worker's argv.
 *
 * <p>Hook for the worker CLI test: {@code JobDefinitions.argv(JobDefinitions.FARGATE, submitted)} is exactly the
 * argument list the container receives, ready to be parsed with the worker's picocli command.
 */
final class JobDefinitions {
    static final Path FARGATE = Repo.BATCH.resolve("worker-fargate.json");
    static final Path EC2 = Repo.BATCH.resolve("worker-ec2.json");
    /** The per-rendition form: {@code render --source ...}, one array child per rendition. */
    static final List<Path> ALL = List.of(FARGATE, EC2);

    static final Path MANIFEST_FARGATE = Repo.BATCH.resolve("worker-manifest-fargate.json");
    static final Path MANIFEST_EC2 = Repo.BATCH.resolve("worker-manifest-ec2.json");
    /** The manifest form: {@code render --manifest ...}, one array child per K images (backfills). */
    static final List<Path> MANIFEST = List.of(MANIFEST_FARGATE, MANIFEST_EC2);

    /** Every worker job definition, both forms. */
    static final List<Path> EVERY = List.of(FARGATE, EC2, MANIFEST_FARGATE, MANIFEST_EC2);

    static final String REF = "Ref::";

    private JobDefinitions() {}

    /** A job definition with its placeholders filled from {@code example.env}. */
    static JsonNode load(Path file) {
        return Templates.renderJson(file);
    }

    static List<String> command(JsonNode jobDefinition) {
        List<String> command = new ArrayList<>();
        jobDefinition.path("containerProperties").path("command").forEach(n -> command.add(n.asText()));
        return command;
    }

    static Map<String, String> defaults(JsonNode jobDefinition) {
        Map<String, String> defaults = new LinkedHashMap<>();
        jobDefinition
                .path("parameters")
                .fields()
                .forEachRemaining(e -> defaults.put(e.getKey(), e.getValue().asText()));
        return defaults;
    }

    /**
     * Batch's parameter substitution: every argument that is exactly {@code Ref::name} is replaced by
     * {@code params.get(name)} when present; any other argument is passed unchanged (so a reference without a value
     * reaches the container literally). AWS documents {@code Ref::} placeholders as whole {@code command} elements;
     * our definitions use no other form (a test checks that).
     */
    static List<String> substitute(List<String> command, Map<String, String> params) {
        List<String> argv = new ArrayList<>(command.size());
        for (String arg : command) {
            if (arg.startsWith(REF) && params.containsKey(arg.substring(REF.length()))) {
                argv.add(params.get(arg.substring(REF.length())));
            } else {
                argv.add(arg);
            }
        }
        return argv;
    }

    /** SubmitJob parameters override the definition's defaults, then the command is substituted. */
    static List<String> argv(JsonNode jobDefinition, Map<String, String> submitted) {
        Map<String, String> params = new LinkedHashMap<>(defaults(jobDefinition));
        params.putAll(submitted);
        return substitute(command(jobDefinition), params);
    }

    static List<String> argv(Path file, Map<String, String> submitted) {
        return argv(load(file), submitted);
    }
}
