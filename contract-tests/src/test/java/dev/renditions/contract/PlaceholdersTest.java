package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|");

    static Set<String> used() {
        Set<String> names = new TreeSet<>();
        Repo.templates().forEach(f -> names.addAll(Templates.placeholders(f)));
        return names;
    }

    static Set<String> documented() {
        Set<String> names = new TreeSet<>();
        String readme = Repo.read(Repo.BATCH.resolve("README.md"));
        int section = readme.indexOf("\n## Placeholders\n");
        assertTrue(section >= 0, "batch-job-definitions/README.md has a '## Placeholders' section");
        Matcher m = README_ROW.matcher(readme.substring(section));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyPlaceholderIsDocumentedAndNothingElse() {
        assertEquals(used(), documented(), "the placeholder table in batch-job-definitions/README.md");
    }

    @Test
    void exampleEnvFillsEveryPlaceholder() {
        assertEquals(used(), new TreeSet<>(Templates.example().keySet()), "batch-job-definitions/example.env");
    }

    @Test
    void exampleOutputUriIsTheOutputBucketAndPrefix() {
        Map<String, String> e = Templates.example();
        assertEquals("s3://" + e.get("OUTPUT_BUCKET") + "/" + e.get("OUTPUT_PREFIX"), e.get("OUTPUT_URI"));
    }

    @Test
    void everyTemplateRendersToJsonWithNoPlaceholderLeft() {
        List<Path> templates = Repo.templates();
        assertTrue(templates.size() >= 20, templates.toString());
        for (Path t : templates) {
            String out = Templates.render(t, Templates.example());
            assertFalse(Templates.PLACEHOLDER.matcher(out).find(), Repo.name(t));
            Repo.parse(out);
        }
    }

    @Test
    void renderFailsNamingEveryUnsetPlaceholderAndPrintsNothing() {
        Map<String, String> values = new LinkedHashMap<>(Templates.example());
        values.remove("IMAGE_URI");
        values.remove("JOB_ROLE_ARN");

        Processes.Result r = Templates.run(JobDefinitions.FARGATE, values);

        assertEquals(1, r.exitCode());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("${IMAGE_URI}"), r.stderr());
        assertTrue(r.stderr().contains("${JOB_ROLE_ARN}"), r.stderr());
    }

    @Test
    void renderRefusesValuesThatWouldBreakTheJson() {
        Processes.Result r = Templates.run(JobDefinitions.FARGATE, Templates.example(Map.of("LOG_GROUP", "a\"b")));

        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("LOG_GROUP"), r.stderr());
    }

    @Test
    void renderKeepsBatchReferencesAndAllowsEmptyValues() {
        String out = Templates.render(JobDefinitions.FARGATE, Templates.example(Map.of("INPUT_PREFIX", "")));

        assertTrue(out.contains("\"Ref::source\""));
        assertTrue(out.contains("{\"name\": \"INPUT_PREFIX\", \"value\": \"\"}"), out);
    }

    @Test
    void renderReadsEnvFiles() {
        Processes.Result r = Processes.run(
                List.of(
                        "sh",
                        Repo.RENDER_SH.toString(),
                        "-e",
                        Repo.EXAMPLE_ENV.toString(),
                        JobDefinitions.FARGATE.toString()),
                Map.of(),
                null);

        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains(Templates.example().get("IMAGE_URI")));
    }
}
