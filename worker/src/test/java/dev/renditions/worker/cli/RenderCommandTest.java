package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CliHarness.Result;
import dev.renditions.worker.EventSchemas;
import dev.renditions.worker.FakeEngine;
import dev.renditions.worker.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The render command's contract with a fake engine: selection, exit codes, events, output layout. */
class RenderCommandTest {
    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();
    private final RenditionSpec defaultSpec = SpecParser.defaultSpec();
    private Path source;
    private Path out;

    @BeforeEach
    void setUp() {
        source = TestImages.write(dir, "cat.png", new byte[] {1, 2, 3, 4, 5});
        out = dir.resolve("out");
    }

    private CliHarness cli() {
        return new CliHarness().engine(engine);
    }

    private Result render(CliHarness cli, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(List.of("render", "--source", source.toString(), "--output", out.toString()));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private static List<String> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> folder.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    private static void assertUsageError(Result r, String... fragments) {
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out(), "no events for a usage error");
        assertTrue(r.err().startsWith("error: "), r::toString);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "expected '" + f + "' in\n" + r);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    }

    // ------------------------------------------------------------------ success

    @Test
    void rendersEveryRenditionIntoTheSourceFolderAndAnnouncesEach() throws IOException {
        Result r = render(cli(), "--all");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("cat.png/large.jpg", "cat.png/thumb.jpg", "cat.png/web.jpg"), files(out));
        assertEquals("thumb:5", Files.readString(out.resolve("cat.png/thumb.jpg")));
        assertEquals(List.of(List.of("thumb", "web", "large")), engine.calls, "decoded once for all renditions");

        List<JsonNode> events = r.events();
        assertEquals(3, events.size(), r::toString);
        for (int i = 0; i < 3; i++) {
            JsonNode e = events.get(i);
            EventSchemas.assertValid(e);
            var rendition = defaultSpec.renditions().get(i);
            JsonNode d = e.get("detail");
            assertEquals(DetailTypes.RENDITION_COMPLETED, e.get("detail-type").asText());
            assertEquals("renditions.worker", e.get("source").asText());
            assertEquals("2026-01-01T12:00:00Z", e.get("time").asText());
            assertEquals(
                    source.toAbsolutePath().toUri().toString(),
                    d.at("/source/uri").asText());
            assertTrue(d.at("/source/uri").asText().startsWith("file:///"));
            assertEquals(rendition.name(), d.at("/rendition/name").asText());
            assertEquals(
                    out.resolve("cat.png")
                            .resolve(rendition.name() + ".jpg")
                            .toAbsolutePath()
                            .toUri()
                            .toString(),
                    d.at("/rendition/uri").asText());
            assertEquals("jpeg", d.at("/rendition/format").asText());
            assertEquals("image/jpeg", d.at("/rendition/contentType").asText());
            assertEquals(rendition.width().intValue(), d.at("/rendition/width").asInt());
            assertEquals(
                    rendition.height().intValue(), d.at("/rendition/height").asInt());
            assertEquals(
                    (rendition.name() + ":5").length(), d.at("/rendition/bytes").asInt());
            assertEquals(
                    RenditionSpec.renditionHash(rendition),
                    d.at("/rendition/hash").asText());
            assertEquals(defaultSpec.hash(), d.at("/spec/hash").asText());
            assertEquals(0, d.get("durationMs").asInt());
            assertTrue(d.path("job").isMissingNode(), "no job outside AWS Batch");
        }
        assertTrue(r.err().contains("wrote thumb 320x320"), r::toString);
    }

    @Test
    void durationCountsFromTheCommandsStart() {
        Instant start = CliHarness.NOW;
        Clock clock = new Clock() {
            private int calls;

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return calls++ == 0 ? start : start.plusMillis(1500);
            }
        };
        Result r = render(cli().clock(clock), "--rendition", "web");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1500, r.events().get(0).at("/detail/durationMs").asInt());
        assertEquals("2026-01-01T12:00:01Z", r.events().get(0).get("time").asText());
    }

    @Test
    void anArrayChildRendersItsIndexAndNamesItsJob() throws IOException {
        CliHarness cli = cli().env("AWS_BATCH_JOB_ID", "7d3c:1")
                .env("AWS_BATCH_JOB_ARRAY_INDEX", "1")
                .env("AWS_BATCH_JOB_ATTEMPT", "2");
        Result r = render(cli, "--events", "stdout");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("cat.png/web.jpg"), files(out));
        JsonNode e = r.events().get(0);
        EventSchemas.assertValid(e);
        assertEquals("7d3c:1", e.at("/detail/job/id").asText());
        assertEquals(1, e.at("/detail/job/arrayIndex").asInt());
        assertEquals(2, e.at("/detail/job/attempt").asInt());
    }

    @Test
    void aOneRenditionSpecNeedsNoSelector() throws IOException {
        Path spec = TestImages.write(
                dir,
                "one.json",
                "{\"version\":1,\"renditions\":[{\"name\":\"icon\",\"width\":64,\"format\":\"png\"}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Result r = render(cli(), "--spec", spec.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("cat.png/icon.png"), files(out));
        JsonNode e = r.events().get(0);
        EventSchemas.assertValid(e);
        assertEquals("image/png", e.at("/detail/rendition/contentType").asText());
        assertEquals(
                spec.toAbsolutePath().toUri().toString(),
                e.at("/detail/spec/uri").asText());
    }

    @Test
    void eventsNonePrintsNothingOnStdout() throws IOException {
        Result r = render(cli(), "--index", "0", "--events", "none");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals(List.of("cat.png/thumb.jpg"), files(out));
    }

    @Test
    void eventSourceIsConfigurable() {
        Result r = render(cli(), "--index", "0", "--event-source", "acme.gallery");
        assertEquals("acme.gallery", r.events().get(0).get("source").asText());
        assertUsageError(render(cli(), "--index", "0", "--event-source", "aws.s3"), "--event-source");
    }

    @Test
    void aDashMeansTheSourcePinIsNotSet() throws IOException {
        Result r = render(cli(), "--index", "0", "--source-version", "-", "--source-etag", "-");
        assertEquals(0, r.exitCode(), r::toString);
        assertUsageError(render(cli(), "--index", "0", "--source-version", "v1"), "s3:// sources only");
    }

    // ------------------------------------------------------------------ usage errors (exit 2, no event)

    @Test
    void noSelectorOutsideBatchListsTheChoices() throws IOException {
        Result r = render(cli());
        assertUsageError(r, "0 thumb, 1 web, 2 large", "--rendition NAME", "--index N", "--all");
        assertEquals(List.of(), files(out));
        assertEquals(List.of(), engine.calls);
    }

    @Test
    void anIndexOutsideTheSpecIsAUsageError() {
        assertUsageError(render(cli(), "--index", "3"), "--index 3 is outside the spec");
        assertUsageError(render(cli().env("AWS_BATCH_JOB_ARRAY_INDEX", "3")), "AWS_BATCH_JOB_ARRAY_INDEX=3 is outside");
        assertUsageError(render(cli().env("AWS_BATCH_JOB_ARRAY_INDEX", "one")), "whole number", "'one'");
        assertUsageError(render(cli(), "--rendition", "huge"), "'huge' is not in the spec", "thumb, web, large");
    }

    @Test
    void selectorsAreMutuallyExclusive() {
        assertUsageError(render(cli(), "--all", "--index", "1"), "mutually exclusive");
    }

    @Test
    void anInvalidSpecIsAUsageErrorWithTheParsersMessage() throws IOException {
        Path spec = TestImages.write(
                dir,
                "bad.json",
                "{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":320,\"height\":320,\"fit\":\"stretch\"}]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertUsageError(
                render(cli(), "--all", "--spec", spec.toString()),
                "invalid rendition spec",
                "fit",
                "'stretch'",
                "inside, cover, contain, fill");
        assertUsageError(
                render(cli(), "--all", "--spec", dir.resolve("missing.json").toString()), "not found");
        Path notJson = TestImages.write(dir, "x.json", "{".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertUsageError(render(cli(), "--all", "--spec", notJson.toString()), "not valid JSON");
    }

    @Test
    void anUnsubstitutedBatchParameterNamesTheParameter() {
        Result r = cli().run("render", "--source", "Ref::source", "--output", out.toString(), "--all");
        assertUsageError(r, "AWS Batch parameter 'source' was not substituted", "--source");
        // a typed option that could not even be parsed still reports the missing parameter
        assertUsageError(render(cli(), "--index", "Ref::index"), "parameter 'index'");
        assertUsageError(render(cli(), "--all", "--spec=Ref::spec"), "parameter 'spec'");
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertUsageError(render(cli(), "--all", "--colour", "red"), "--colour", "worker render --help");
        assertUsageError(cli().run("render", "--all"), "Missing required option", "--output");
        assertUsageError(
                cli().run("render", "--output", out.toString(), "--all"),
                "Missing required argument (specify one of these): (--source",
                "--manifest");
        assertUsageError(
                cli().run("render", "--source", source.toString(), "--manifest", "s3://b/m.csv", "--output", "o"),
                "--manifest",
                "mutually exclusive");
        assertUsageError(render(cli(), "--all", "--images-per-child", "2"), "--images-per-child applies to --manifest");
        assertUsageError(render(cli(), "--index", "x"), "--index");
        assertUsageError(render(cli(), "--all", "--events", "kafka"), "--events");
        assertUsageError(cli().run(), "expected a command", "render", "probe");
    }

    @Test
    void anS3OutputNeedsAnS3Source() {
        assertUsageError(
                cli().run("render", "--source", source.toString(), "--output", "s3://bucket/renditions/", "--all"),
                "needs an s3:// --source");
    }

    @Test
    void underBatchEventsGoToEventBridgeByDefault() {
        List<String> seen = new java.util.ArrayList<>();
        CliHarness cli = cli().env("AWS_BATCH_JOB_ID", "7d3c:0")
                .env("EVENT_BUS_NAME", "renditions")
                .publishers((mode, bus, stdout) -> events -> seen.add(mode + " " + bus + " " + events.size()));
        Result r = render(cli, "--index", "0");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("EVENTBRIDGE renditions 1"), seen);
        assertEquals("", r.out(), "nothing on stdout");

        seen.clear();
        assertEquals(0, render(cli, "--index", "0", "--event-bus", "other").exitCode());
        assertEquals(List.of("EVENTBRIDGE other 1"), seen, "the flag wins over the environment");
        seen.clear();
        assertEquals(0, render(cli(), "--index", "0", "--events", "none").exitCode());
        assertEquals(List.of(), seen);
    }

    @Test
    void eventBridgeNeedsTheCloudAndSaysSoAsAUsageError() {
        Result r = render(cli(), "--index", "0", "--events", "eventbridge");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("EventBridge"), r::toString);
    }

    @Test
    void eventSourceAndBusComeFromTheEnvironment() {
        Result r = render(cli().env("EVENT_SOURCE", "acme.renditions"), "--index", "0");
        assertEquals("acme.renditions", r.events().get(0).get("source").asText());
        assertUsageError(
                render(cli().env("AWS_BATCH_JOB_ID", "1:0"), "--index", "0", "--event-bus", "bad bus"), "--event-bus");
    }

    @Test
    void aDirectoryAsSourceOrAFileAsOutputIsAUsageError() throws IOException {
        assertUsageError(cli().run("render", "--source", dir.toString(), "--output", out.toString(), "--all"));
        Path file = TestImages.write(dir, "not-a-folder", new byte[] {1});
        assertUsageError(cli().run("render", "--source", source.toString(), "--output", file.toString(), "--all"));
    }

    // ------------------------------------------------------------------ failures (events, exit 1 or 3)

    private static void assertFailedEvents(Result r, int count, String code, boolean retryable) {
        List<JsonNode> events = r.events();
        assertEquals(count, events.size(), r::toString);
        for (JsonNode e : events) {
            EventSchemas.assertValid(e);
            assertEquals(DetailTypes.RENDITION_FAILED, e.get("detail-type").asText());
            assertEquals(code, e.at("/detail/error/code").asText(), r::toString);
            assertEquals(retryable, e.at("/detail/error/retryable").asBoolean());
            assertFalse(e.at("/detail/error/message").asText().isBlank());
        }
    }

    @Test
    void aMissingSourceIsInvalidInputWithAFailedEventPerRendition() throws IOException {
        Result r = cli().run(
                        "render", "--source", dir.resolve("gone.jpg").toString(), "--output", out.toString(), "--all");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: source file not found: "), r::toString);
        assertFailedEvents(r, 3, InvalidInputException.SOURCE_MISSING, false);
        assertEquals(
                List.of("thumb", "web", "large"),
                r.events().stream()
                        .map(e -> e.at("/detail/rendition/name").asText())
                        .toList());
        assertEquals(List.of(), files(out));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoAsSourceIsAUsageErrorNotAHang() throws Exception { // the time-out is a liveness guard, not a speed check
        Path fifo = dir.resolve("pipe.jpg");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e.getMessage());
            return;
        }
        assertEquals(0, mkfifo.waitFor());
        for (String command : List.of("render", "probe")) {
            Result r = command.equals("render")
                    ? cli().run("render", "--source", fifo.toString(), "--output", out.toString(), "--all")
                    : cli().run("probe", fifo.toString());
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(
                    r.err().startsWith("error: the source must be a regular file, found a special file (a FIFO,"),
                    r::toString);
        }
        assertEquals(List.of(), files(out));
    }

    @Test
    void anInvalidImageExitsThreeAndWritesNothing() throws IOException {
        CliHarness cli = cli().engine((src, limits, rs) -> {
            throw new InvalidInputException(InvalidInputException.CORRUPT_IMAGE, "JPEG data ends early");
        });
        Result r = render(cli, "--index", "1");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals("error: JPEG data ends early\n", r.err());
        assertFailedEvents(r, 1, InvalidInputException.CORRUPT_IMAGE, false);
        assertFalse(Files.exists(out), "no output folder");
    }

    @Test
    void aTransientFailureExitsOneWithRetryableEvents() throws IOException {
        CliHarness cli = cli().engine((src, limits, rs) -> {
            throw new TransientException(TransientException.THROTTLED, "slow down", null);
        });
        Result r = render(cli, "--all");
        assertEquals(1, r.exitCode(), r::toString);
        assertFailedEvents(r, 3, TransientException.THROTTLED, true);
        assertEquals(List.of(), files(out));
    }

    @Test
    void anUnexpectedFailureExitsOneAndShowsItsStackOnlyWhenVerbose() {
        CliHarness cli = cli().engine((src, limits, rs) -> {
            throw new IllegalStateException("boom");
        });
        Result quiet = render(cli, "--index", "0");
        assertEquals(1, quiet.exitCode(), quiet::toString);
        assertEquals("error: unexpected error: boom\n", quiet.err());
        assertFailedEvents(quiet, 1, TransientException.INTERNAL, true);

        Result verbose = render(cli, "--index", "0", "--verbose");
        assertEquals(1, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.err().contains("error: unexpected error: boom\n"), verbose::toString);
        assertTrue(verbose.err().contains("java.lang.IllegalStateException: boom"), verbose::toString);
        assertTrue(verbose.err().contains("\tat "), verbose::toString);
    }

    @Test
    void anErrorThrownByTheEngineIsClassifiedToo() {
        CliHarness cli = cli().engine((src, limits, rs) -> {
            throw new OutOfMemoryError("Java heap space");
        });
        Result r = render(cli, "--index", "2");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: out of memory"), r::toString);
        assertFailedEvents(r, 1, TransientException.INTERNAL, true);
    }

    @Test
    void anUndeliverableEventExitsOneAfterWriting() throws IOException {
        CliHarness cli = cli().publishers((mode, bus, stdout) -> events -> {
            throw new TransientException(TransientException.EVENT_NOT_DELIVERED, "bus unavailable", null);
        });
        Result r = render(cli, "--index", "0");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("error: bus unavailable\n", r.err().substring(r.err().indexOf("error: ")));
        assertEquals(List.of("cat.png/thumb.jpg"), files(out), "the rendition itself is complete");
    }

    @Test
    void anUndeliverableFailureEventExitsOneAndMentionsTheFailure() {
        CliHarness cli = cli().engine((src, limits, rs) -> {
                    throw new InvalidInputException(InvalidInputException.CORRUPT_IMAGE, "broken");
                })
                .publishers((mode, bus, stdout) -> events -> {
                    throw new TransientException(TransientException.EVENT_NOT_DELIVERED, "bus unavailable", null);
                });
        Result r = render(cli, "--index", "0");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("error: bus unavailable"), r::toString);
        assertTrue(r.err().contains("also: broken"), r::toString);
    }

    @Test
    void stdoutCarriesOnlyEventsAndStderrOnlyLogs() {
        Result r = render(cli(), "--all", "--verbose");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(3, r.events().size());
        assertFalse(r.err().contains("{\"version\""), "no event on stderr");
        assertTrue(r.err().contains("spec " + defaultSpec.hash()), r::toString);
    }
}
