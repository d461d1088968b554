package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository checkout the tests run in, and its infrastructure files. */
final class Repo {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = findRoot();
    static final Path BATCH = ROOT.resolve("batch-job-definitions");
    static final Path RULES = ROOT.resolve("eventbridge-rules");
    static final Path IAM = ROOT.resolve("iam");
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path RENDER_SH = BATCH.resolve("render.sh");
    static final Path EXAMPLE_ENV = BATCH.resolve("example.env");

    private Repo() {}

    private static Path findRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("batch-job-definitions")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no batch-job-definitions/ above " + Path.of("").toAbsolutePath());
    }

    /** The {@code *.json} files of a folder (not recursive), sorted by name. */
    static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every template that takes placeholders: Batch JSON, rule patterns and targets, IAM policies. */
    static List<Path> templates() {
        return Stream.of(jsonFiles(BATCH), jsonFiles(RULES), jsonFiles(IAM))
                .flatMap(List::stream)
                .toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Path file) {
        return ROOT.relativize(file).toString();
    }
}
