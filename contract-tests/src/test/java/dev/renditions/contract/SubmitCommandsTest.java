package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.CloudServices;
import dev.renditions.worker.WorkerEnv;
import dev.renditions.worker.WorkerRuntime;
import dev.renditions.worker.backfill.ManifestCsv;
import dev.renditions.worker.cli.WorkerCli;
import dev.renditions.worker.render.Selector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.ParseResult;

/**
 * The {@code aws batch submit-job} commands of the README's "Manifest children and manual jobs", and the dispatcher's
 * and the planner's submissions: Batch's {@code Ref::} substitution is applied to the job definition they name (or
 * the container override is taken as the command), and the resulting argv is parsed, not run, by the worker's real
 * picocli command line. The parsed source or manifest, output, spec and rendition selection must be the intended
 * ones.
 */
class SubmitCommandsTest {
    static final String SECTION = "### Manifest children and manual jobs";
    static final Pattern SH_BLOCK = Pattern.compile("(?s)```sh\n(.*?)```");

    /** One {@code aws batch submit-job} of the README, its options as given. */
    record Submit(String jobDefinition, Integer arraySize, Map<String, String> parameters, List<String> command) {}

    /** The README section, up to the next {@code ## } heading. */
    static String section() {
        String readme = Repo.read(Repo.ROOT.resolve("README.md"));
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertTrue(start >= 0, "README.md has a section '" + SECTION + "'");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The {@code sh} code blocks of the section, with line continuations joined. */
    static List<String> shellBlocks() {
        List<String> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(section());
        while (m.find()) {
            blocks.add(m.group(1).replace("\\\n", " "));
        }
        return blocks;
    }

    static List<Submit> submits() {
        List<Submit> out = new ArrayList<>();
        for (String block : shellBlocks()) {
            for (String line : block.split("\n")) {
                List<String> words = words(line.strip());
                if (words.size() >= 3 && words.subList(0, 3).equals(List.of("aws", "batch", "submit-job"))) {
                    out.add(submit(words));
                }
            }
        }
        return out;
    }

    private static Submit submit(List<String> words) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 3; i < words.size(); i += 2) {
            assertTrue(words.get(i).startsWith("--") && i + 1 < words.size(), "option and value: " + words);
            options.put(words.get(i), words.get(i + 1));
        }
        assertTrue(options.containsKey("--job-name") && options.containsKey("--job-queue"), options.toString());
        Integer size = null;
        if (options.containsKey("--array-properties")) {
            String p = options.get("--array-properties");
            assertTrue(p.matches("size=[0-9]+"), p);
            size = Integer.valueOf(p.substring("size=".length()));
            assertTrue(size >= 2 && size <= 10_000, "Batch arrays have 2 to 10,000 children: " + size);
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (options.containsKey("--parameters")) {
            Repo.parse(options.get("--parameters")).fields().forEachRemaining(e -> {
                assertTrue(e.getValue().isTextual(), "Batch parameters are strings: " + e);
                params.put(e.getKey(), e.getValue().asText());
            });
        }
        List<String> command = null;
        if (options.containsKey("--container-overrides")) {
            JsonNode overrides = Repo.parse(options.get("--container-overrides"));
            command = new ArrayList<>();
            for (JsonNode n : overrides.path("command")) {
                command.add(n.asText());
            }
        }
        return new Submit(options.get("--job-definition"), size, params, command);
    }

    /** Splits a shell line into words: whitespace separates, single quotes keep everything literally. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                assertTrue(close > i, "unterminated quote in " + line);
                w.append(line, i + 1, close);
                i = close;
                inWord = true;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                assertTrue(close > i, "unterminated quote in " + line);
                w.append(line, i + 1, close);
                i = close;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    /** The job definition file whose {@code jobDefinitionName} is {@code name}. */
    static Path definition(String name) {
        for (Path f : JobDefinitions.EVERY) {
            if (JobDefinitions.load(f).path("jobDefinitionName").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no job definition named " + name + " in batch-job-definitions/");
    }

    /** What the container receives: the override, else the definition's command with Batch's substitution. */
    static List<String> argv(Submit s) {
        return s.command() != null ? s.command() : JobDefinitions.argv(definition(s.jobDefinition()), s.parameters());
    }

    static WorkerCli cli(StringWriter err) {
        WorkerRuntime runtime = new WorkerRuntime(
                Map.of(),
                Clock.systemUTC(),
                (source, limits, renditions) -> {
                    throw new AssertionError("parsing renders nothing");
                },
                CloudServices.NONE);
        return WorkerCli.create(runtime, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    }

    /** Parses (does not run) {@code argv} with the worker's command line; returns the {@code render} part. */
    static ParseResult parse(List<String> argv) {
        assertTrue(argv.stream().noneMatch(a -> a.contains(JobDefinitions.REF)), "unsubstituted: " + argv);
        ParseResult top = cli(new StringWriter()).commandLine().parseArgs(argv.toArray(String[]::new));
        ParseResult render = top.subcommand();
        assertNotNull(render, "a subcommand: " + argv);
        assertEquals("render", render.commandSpec().name());
        return render;
    }

    /** The value the command line gave {@code option}, as text; null when it was not given. */
    static String value(ParseResult r, String option) {
        Object v = r.matchedOptionValue(option, null);
        return v == null ? null : String.valueOf(v);
    }

    /** The value {@code option} has after parsing: given, else its default. */
    static String effective(ParseResult r, String option) {
        Object v = r.commandSpec().findOption(option).getValue();
        return v == null ? null : String.valueOf(v);
    }

    static Submit only(String jobDefinition, boolean withOverride) {
        List<Submit> matching = submits().stream()
                .filter(s -> s.jobDefinition().equals(jobDefinition) && (s.command() != null) == withOverride)
                .toList();
        assertEquals(1, matching.size(), matching.toString());
        return matching.get(0);
    }

    // ------------------------------------------------------------------ the README's commands

    @Test
    void theSectionShowsAReRenderAForcedReRenderAndAManifestBackfill() {
        List<Submit> all = submits();
        assertEquals(3, all.size(), all.toString());
        assertEquals(
                List.of("renditions-worker", "renditions-worker", "renditions-worker-manifest"),
                all.stream().map(Submit::jobDefinition).toList());
    }

    @Test
    void reRenderingOneImageGivesEachChildOneRenditionOfThatImage() {
        Submit s = only("renditions-worker", false);
        List<String> argv = argv(s);
        ParseResult r = parse(argv);

        assertEquals(s.parameters().get("source"), value(r, "--source"));
        assertTrue(value(r, "--source").contains(" "), "a key with a space survives: " + argv);
        assertEquals(Templates.example().get("OUTPUT_URI"), value(r, "--output"));
        assertEquals("default", value(r, "--spec"));
        assertEquals("-", value(r, "--source-version"));
        assertEquals("-", value(r, "--source-etag"));
        assertNull(value(r, "--manifest"));
        for (String selection : List.of("--rendition", "--index", "--all")) {
            assertFalse(r.hasMatchedOption(selection), selection + ": the array index selects");
        }

        // the array size is the number of renditions: child i renders rendition i, together every one once
        RenditionSpec spec = SpecParser.defaultSpec();
        assertEquals(spec.renditions().size(), s.arraySize());
        Set<String> rendered = new TreeSet<>();
        for (int i = 0; i < s.arraySize(); i++) {
            WorkerEnv child = WorkerEnv.from(Map.of(WorkerEnv.AWS_BATCH_JOB_ARRAY_INDEX, String.valueOf(i)));
            List<Rendition> one = new Selector.FromEnvironment().select(spec, child);
            assertEquals(1, one.size());
            rendered.add(one.get(0).name());
        }
        assertEquals(new TreeSet<>(spec.names()), rendered);
    }

    @Test
    void theForcedReRenderOverridesTheCommandWithLiteralValues() {
        Submit s = only("renditions-worker", true);
        assertNull(s.arraySize(), "one plain job renders them all");
        assertEquals(Map.of(), s.parameters());
        ParseResult r = parse(argv(s));

        assertEquals(only("renditions-worker", false).parameters().get("source"), value(r, "--source"));
        assertEquals(Templates.example().get("OUTPUT_URI"), value(r, "--output"));
        assertTrue(r.hasMatchedOption("--all"));
        assertTrue(r.hasMatchedOption("--force"));
        assertNull(value(r, "--spec"));
        assertEquals("default", effective(r, "--spec"), "the spec option's default");
    }

    @Test
    void theManualBackfillCoversItsManifestWithKImagesPerChild() {
        Submit s = only("renditions-worker-manifest", false);
        List<String> argv = argv(s);
        ParseResult r = parse(argv);

        assertEquals(s.parameters().get("manifest"), value(r, "--manifest"));
        assertEquals(s.parameters().get("imagesPerChild"), value(r, "--images-per-child"));
        assertEquals(Templates.example().get("OUTPUT_URI"), value(r, "--output"));
        assertEquals("default", value(r, "--spec"));
        assertNull(value(r, "--source"));
        for (String selection : List.of("--rendition", "--index", "--all")) {
            assertFalse(r.hasMatchedOption(selection), selection + ": a manifest child renders every rendition");
        }

        // the manifest the README writes just before: its lines parse, and the array covers each exactly once
        String block = shellBlocks().stream()
                .filter(b -> b.contains(s.parameters().get("manifest")) && b.contains("aws s3 cp -"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README writes the manifest with aws s3 cp -"));
        assertTrue(block.contains("aws s3 cp - " + s.parameters().get("manifest")), block);
        // printf '%s\n' 'line' 'line' ... | aws s3 cp - URI
        String printf = block.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("printf "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the manifest is written with printf: " + block));
        List<String> words = words(printf);
        assertEquals("%s\\n", words.get(1), "one argument a line");
        List<ManifestCsv.Entry> lines = new ArrayList<>();
        for (String w : words.subList(2, words.indexOf("|"))) {
            lines.add(ManifestCsv.parse(w));
        }
        assertTrue(lines.size() >= 2, block);
        assertEquals("uploads/2024/beach day.jpg", lines.get(0).key(), "'+' is a space");
        assertTrue(lines.stream().anyMatch(e -> e.key().contains("+")), "%2B is a plus");
        int k = Integer.parseInt(s.parameters().get("imagesPerChild"));
        assertEquals((lines.size() + k - 1) / k, s.arraySize(), "ceil(lines / imagesPerChild) children");
    }

    // ------------------------------------------------------------------ the programs' submissions

    static List<Path> perRendition() {
        return JobDefinitions.ALL;
    }

    static List<Path> manifestForm() {
        return JobDefinitions.MANIFEST;
    }

    @ParameterizedTest
    @MethodSource("perRendition")
    void theDispatchersSubmissionParses(Path file) {
        Map<String, String> p = BatchJobDefinitionsTest.DISPATCHER_SUBMISSION;
        ParseResult r = parse(JobDefinitions.argv(file, p));

        assertEquals(p.get("source"), value(r, "--source"));
        assertEquals(p.get("sourceVersion"), value(r, "--source-version"));
        assertEquals(p.get("sourceEtag"), value(r, "--source-etag"));
        assertEquals(p.get("output"), value(r, "--output"));
        assertEquals(p.get("spec"), value(r, "--spec"));
        assertFalse(r.hasMatchedOption("--all"));
    }

    @ParameterizedTest
    @MethodSource("manifestForm")
    void thePlannersSubmissionParses(Path file) {
        Map<String, String> p = BatchJobDefinitionsTest.PLANNER_SUBMISSION;
        ParseResult r = parse(JobDefinitions.argv(file, p));

        assertEquals(p.get("manifest"), value(r, "--manifest"));
        assertEquals(p.get("imagesPerChild"), value(r, "--images-per-child"));
        assertEquals(p.get("output"), value(r, "--output"));
        assertEquals(p.get("spec"), value(r, "--spec"));
        assertNull(value(r, "--source"));
    }

    @ParameterizedTest
    @MethodSource("manifestForm")
    void aSubmissionWithoutTheManifestExitsTwoNamingTheParameter(Path file) {
        List<String> argv = JobDefinitions.argv(file, Map.of());
        StringWriter err = new StringWriter();

        int code = cli(err).execute(argv.toArray(String[]::new));

        assertEquals(2, code, err::toString);
        assertTrue(err.toString().contains("AWS Batch parameter 'manifest' was not substituted"), err::toString);
    }

    @Test
    void theParserIsStrictEnoughToCatchAWrongCommand() {
        List<String> both = new ArrayList<>(JobDefinitions.argv(
                JobDefinitions.FARGATE, Map.of("source", "s3://example-renditions-input/uploads/cat.jpg")));
        both.addAll(List.of("--manifest", "s3://example-renditions-output/.backfill/m.csv"));
        StringWriter err = new StringWriter();
        assertEquals(2, cli(err).execute(both.toArray(String[]::new)), err::toString);
        assertTrue(err.toString().contains("mutually exclusive"), err::toString);
        try {
            parse(both);
            throw new IllegalStateException("parsed a command with both --source and --manifest");
        } catch (picocli.CommandLine.ParameterException expected) {
            assertTrue(expected.getMessage().contains("mutually exclusive"), expected.getMessage());
        }
    }
}
