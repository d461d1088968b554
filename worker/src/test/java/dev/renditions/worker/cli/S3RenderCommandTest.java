package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.Json;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.SourceChangedException;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.AwsCloudServices;
import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CliHarness.Result;
import dev.renditions.worker.EventSchemas;
import dev.renditions.worker.FakeCloud;
import dev.renditions.worker.FakeEngine;
import dev.renditions.worker.InMemoryObjectStore.Stored;
import dev.renditions.worker.TestImages;
import dev.renditions.worker.s3.RenditionMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The render command on S3 with an in-memory store and a fake engine: layout, metadata, idempotency, pins, guard. */
class S3RenderCommandTest {
    static final String IN = "photos-in";
    static final String OUT = "photos-out";
    static final String KEY = "uploads/2026/a b+c%20d/ünï 😀.jpg";
    static final S3Location SOURCE = new S3Location(IN, KEY);
    static final byte[] BODY = {1, 2, 3, 4, 5, 6, 7};

    private final FakeCloud cloud = new FakeCloud();
    private final FakeEngine engine = new FakeEngine();
    private final RenditionSpec defaultSpec = SpecParser.defaultSpec();
    private ObjectMeta uploaded;

    @BeforeEach
    void buckets() {
        cloud.store.bucket(IN, true).bucket(OUT, false);
        uploaded = cloud.store.upload(SOURCE, BODY, "image/jpeg");
    }

    private CliHarness cli() {
        return new CliHarness().engine(engine).cloud(cloud);
    }

    private Result render(CliHarness cli, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "render", "--source", SOURCE.uri(), "--output", "s3://" + OUT + "/renditions/", "--events", "stdout"));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private static S3Location target(String file) {
        return new S3Location(OUT, "renditions/" + KEY + "/" + file);
    }

    private static void assertEventsValid(Result r) {
        r.events().forEach(EventSchemas::assertValid);
    }

    @Test
    void writesEachRenditionWithTypeCacheControlMetadataAndAnnouncesIt() {
        Result r = render(cli(), "--all", "--source-version", uploaded.versionId(), "--source-etag", uploaded.etag());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(
                List.of(
                        "renditions/" + KEY + "/thumb.jpg",
                        "renditions/" + KEY + "/web.jpg",
                        "renditions/" + KEY + "/large.jpg"),
                cloud.store.keys(OUT));
        Stored thumb = cloud.store.get(target("thumb.jpg")).orElseThrow();
        assertEquals("thumb:7", new String(thumb.body(), StandardCharsets.UTF_8));
        assertEquals("image/jpeg", thumb.options().contentType());
        assertEquals("public, max-age=86400", thumb.options().cacheControl());
        Map<String, String> m = thumb.options().metadata();
        assertEquals(IN, m.get("source-bucket"));
        assertEquals("uploads/2026/a%20b%2Bc%2520d/%C3%BCn%C3%AF%20%F0%9F%98%80.jpg", m.get("source-key"));
        assertEquals(KEY, RenditionMetadata.decodeKey(m.get("source-key")));
        assertEquals(uploaded.versionId(), m.get("source-version"));
        assertEquals(uploaded.etag(), m.get("source-etag"));
        assertEquals(defaultSpec.hash(), m.get("spec-hash"));
        assertEquals(RenditionSpec.renditionHash(defaultSpec.renditions().get(0)), m.get("rendition-hash"));
        assertEquals("thumb", m.get("rendition"));
        assertEquals("320", m.get("width"));
        assertEquals("320", m.get("height"));
        for (String v : m.values()) {
            assertTrue(v.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), () -> "not printable ASCII: " + v);
        }

        List<JsonNode> events = r.events();
        assertEquals(3, events.size(), r::toString);
        assertEventsValid(r);
        JsonNode d = events.get(0).get("detail");
        assertEquals(
                DetailTypes.RENDITION_COMPLETED,
                events.get(0).get("detail-type").asText());
        assertEquals("s3://" + IN + "/" + KEY, d.at("/source/uri").asText());
        assertEquals(IN, d.at("/source/bucket").asText());
        assertEquals(KEY, d.at("/source/key").asText());
        assertEquals(uploaded.versionId(), d.at("/source/versionId").asText());
        assertEquals(uploaded.etag(), d.at("/source/etag").asText());
        assertEquals(target("thumb.jpg").uri(), d.at("/rendition/uri").asText());
        assertEquals(OUT, d.at("/rendition/bucket").asText());
        assertEquals(target("thumb.jpg").key(), d.at("/rendition/key").asText());
        assertTrue(d.path("skipped").isMissingNode());
    }

    @Test
    void anUnpinnedRunRecordsWhatItRead() {
        Result r = render(cli(), "--index", "1");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode d = r.events().get(0).get("detail");
        assertEquals(uploaded.versionId(), d.at("/source/versionId").asText());
        assertEquals(uploaded.etag(), d.at("/source/etag").asText());
    }

    @Test
    void aRerunSkipsWhatIsUpToDateAndForceRendersAgain() {
        assertEquals(0, render(cli(), "--all").exitCode());
        cloud.store.clearCalls();
        engine.calls.clear();

        Result again = render(cli(), "--all");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of(), engine.calls, "nothing rendered");
        assertEquals(List.of(), cloud.store.calls("download"), "the source is not even read");
        assertEquals(List.of(), cloud.store.calls("put"));
        assertEventsValid(again);
        List<JsonNode> events = again.events();
        assertEquals(3, events.size());
        for (int i = 0; i < 3; i++) {
            JsonNode d = events.get(i).get("detail");
            assertEquals(
                    DetailTypes.RENDITION_COMPLETED,
                    events.get(i).get("detail-type").asText());
            assertTrue(d.get("skipped").asBoolean());
            int box = defaultSpec.renditions().get(i).width();
            assertEquals(box, d.at("/rendition/width").asInt());
            assertEquals(box, d.at("/rendition/height").asInt());
            assertEquals(
                    (defaultSpec.renditions().get(i).name() + ":7").length(),
                    d.at("/rendition/bytes").asInt());
        }
        assertTrue(again.err().contains("skipped thumb: already up to date"), again::toString);

        Result forced = render(cli(), "--all", "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(List.of(List.of("thumb", "web", "large")), engine.calls);
        assertEquals(3, cloud.store.calls("put").size());
        forced.events().forEach(e -> assertTrue(e.at("/detail/skipped").isMissingNode()));
    }

    @Test
    void addingARenditionToTheSpecRendersOnlyTheNewOne() {
        String one = "{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":320,\"height\":320,\"fit\":\"cover\""
                + ",\"quality\":80}]}";
        String two = one.replace("]}", ",{\"name\":\"icon\",\"width\":64,\"format\":\"png\"}]}");
        cloud.store.bucket("config", false);
        cloud.store.upload(new S3Location("config", "one.json"), one.getBytes(StandardCharsets.UTF_8), "x");
        cloud.store.upload(new S3Location("config", "two.json"), two.getBytes(StandardCharsets.UTF_8), "x");

        assertEquals(0, render(cli(), "--all", "--spec", "s3://config/one.json").exitCode());
        engine.calls.clear();
        Result r = render(cli(), "--all", "--spec", "s3://config/two.json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(List.of("icon")), engine.calls, "thumb's definition did not change");
        assertTrue(r.events().get(0).at("/detail/skipped").asBoolean());
        assertEquals(
                "s3://config/two.json", r.events().get(1).at("/detail/spec/uri").asText());
        assertEquals(
                SpecParser.parse(two).hash(),
                cloud.store
                        .get(target("icon.png"))
                        .orElseThrow()
                        .options()
                        .metadata()
                        .get("spec-hash"));
        assertEquals(
                "image/png",
                cloud.store.get(target("icon.png")).orElseThrow().options().contentType());
        assertEventsValid(r);
    }

    @Test
    void aChangedDefinitionOrANewSourceVersionRendersAgain() {
        assertEquals(0, render(cli(), "--index", "0").exitCode());
        engine.calls.clear();
        String spec =
                "{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":320,\"height\":320,\"fit\":\"cover\""
                        + ",\"quality\":70}]}";
        cloud.store.bucket("config", false);
        cloud.store.upload(new S3Location("config", "q70.json"), spec.getBytes(StandardCharsets.UTF_8), "x");
        assertEquals(0, render(cli(), "--spec", "s3://config/q70.json").exitCode());
        assertEquals(List.of(List.of("thumb")), engine.calls, "quality changed: the rendition hash changed");

        engine.calls.clear();
        ObjectMeta v2 = cloud.store.upload(SOURCE, new byte[] {9, 9, 9}, "image/jpeg");
        Result r = render(cli(), "--index", "0", "--source-version", v2.versionId());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(List.of("thumb")), engine.calls, "a new source version is rendered");
        assertEquals(
                v2.versionId(),
                cloud.store
                        .get(target("thumb.jpg"))
                        .orElseThrow()
                        .options()
                        .metadata()
                        .get("source-version"));
    }

    @Test
    void anUnversionedSourceIsComparedByEtag() {
        cloud.store.bucket("flat", false);
        S3Location flat = new S3Location("flat", "uploads/cat.jpg");
        cloud.store.upload(flat, BODY, "image/jpeg");
        String[] args = {"render", "--source", flat.uri(), "--output", "s3://" + OUT + "/r/", "--index", "0"};
        assertEquals(0, cli().run(args).exitCode());
        Map<String, String> m = cloud.store
                .get(new S3Location(OUT, "r/uploads/cat.jpg/thumb.jpg"))
                .orElseThrow()
                .options()
                .metadata();
        assertFalse(m.containsKey("source-version"));
        assertEquals("uploads/cat.jpg", m.get("source-key"), "a plain ASCII key is stored as it is");
        engine.calls.clear();
        assertEquals(0, cli().run(args).exitCode());
        assertEquals(List.of(), engine.calls);
        cloud.store.upload(flat, new byte[] {8, 8}, "image/jpeg");
        assertEquals(0, cli().run(args).exitCode());
        assertEquals(List.of(List.of("thumb")), engine.calls, "new content, new ETag");
    }

    @Test
    void aSupersededSourceWritesNothingAndSaysSo() {
        ObjectMeta v2 = cloud.store.upload(SOURCE, new byte[] {9, 9}, "image/jpeg");
        Result byVersion = render(cli(), "--all", "--source-version", uploaded.versionId());
        assertEquals(0, byVersion.exitCode(), byVersion::toString);
        Result byEtag = render(cli(), "--all", "--source-etag", uploaded.etag());
        assertEquals(0, byEtag.exitCode(), byEtag::toString);
        assertEquals(List.of(), cloud.store.keys(OUT));
        assertEquals(List.of(), engine.calls);
        for (Result r : List.of(byVersion, byEtag)) {
            assertEventsValid(r);
            assertEquals(3, r.events().size());
            for (JsonNode e : r.events()) {
                assertEquals(DetailTypes.RENDITION_SKIPPED, e.get("detail-type").asText());
                assertEquals("superseded", e.at("/detail/reason").asText());
            }
            assertTrue(r.err().contains("superseded"), r::toString);
        }
        assertEquals(
                uploaded.versionId(),
                byVersion.events().get(0).at("/detail/source/versionId").asText());
        assertEquals(
                uploaded.etag(),
                byEtag.events().get(0).at("/detail/source/etag").asText());
        assertFalse(v2.versionId().equals(uploaded.versionId()));
    }

    @Test
    void aSourceOverwrittenBetweenHeadAndGetIsSupersededToo() {
        cloud.store.failNext(c -> c.op().equals("download"), new SourceChangedException("412 PreconditionFailed"));
        Result r = render(cli(), "--index", "0");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(
                DetailTypes.RENDITION_SKIPPED,
                r.events().get(0).get("detail-type").asText());
        assertEquals(List.of(), cloud.store.keys(OUT));
    }

    @Test
    void aMissingSourceFailsWithSourceMissing() {
        cloud.store.remove(SOURCE);
        Result r = render(cli(), "--all", "--source-version", uploaded.versionId());
        assertEquals(3, r.exitCode(), r::toString);
        assertEventsValid(r);
        assertEquals(3, r.events().size());
        for (JsonNode e : r.events()) {
            assertEquals(DetailTypes.RENDITION_FAILED, e.get("detail-type").asText());
            assertEquals("SourceMissing", e.at("/detail/error/code").asText());
            assertFalse(e.at("/detail/error/retryable").asBoolean());
            assertEquals(uploaded.versionId(), e.at("/detail/source/versionId").asText(), "the version asked for");
        }
        assertTrue(r.err().startsWith("error: s3://" + IN + "/" + KEY + " does not exist"), r::toString);
    }

    @Test
    void aSourceOverTheByteLimitIsRefusedBeforeItIsRead() {
        String spec = "{\"version\":1,\"renditions\":[{\"name\":\"thumb\",\"width\":32}],\"limits\":{\"maxBytes\":4}}";
        cloud.store.bucket("config", false);
        cloud.store.upload(new S3Location("config", "tiny.json"), spec.getBytes(StandardCharsets.UTF_8), "x");
        Result r = render(cli(), "--spec", "s3://config/tiny.json");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals("LimitExceeded", r.events().get(0).at("/detail/error/code").asText());
        assertEquals(
                List.of(),
                cloud.store.calls("download").stream()
                        .filter(c -> c.location().equals(SOURCE))
                        .toList());
    }

    @Test
    void aSpecInS3MustExistAndBeValid() {
        assertUsage(render(cli(), "--all", "--spec", "s3://" + IN + "/nope.json"), "--spec object not found");
        cloud.store.upload(new S3Location(IN, "bad.json"), "{\"version\":2}".getBytes(StandardCharsets.UTF_8), "x");
        assertUsage(render(cli(), "--all", "--spec", "s3://" + IN + "/bad.json"), "invalid rendition spec");
        assertEquals(List.of(), cloud.store.keys(OUT));
    }

    @Test
    void anOutputInsideTheWatchedPrefixIsRefused() {
        String[] base = {"render", "--source", SOURCE.uri(), "--index", "0", "--events", "stdout", "--output"};
        assertUnsafe(cli().run(concat(base, "s3://" + IN + "/uploads/renditions/")), "'uploads/'");
        assertUnsafe(cli().run(concat(base, "s3://" + IN + "/")), "empty output prefix");
        assertUnsafe(cli().run(concat(base, "s3://" + IN)), "empty output prefix");
        assertUnsafe(
                cli().env("INPUT_PREFIX", "incoming/").run(concat(base, "s3://" + IN + "/incoming/r/")), "'incoming/'");
        assertUnsafe(cli().run(concat(concat(base, "s3://" + IN + "/renditions/"), "--input-prefix", "")), "whole");
        assertUnsafe(cli().env("INPUT_PREFIX", "").run(concat(base, "s3://" + IN + "/renditions/")), "whole");

        Result outside = cli().run(concat(base, "s3://" + IN + "/renditions/"));
        assertEquals(0, outside.exitCode(), outside::toString);
        assertTrue(cloud.store
                .get(new S3Location(IN, "renditions/" + KEY + "/thumb.jpg"))
                .isPresent());
        Result elsewhere = cli().env("INPUT_PREFIX", "incoming/").run(concat(base, "s3://" + IN + "/uploads/r/"));
        assertEquals(0, elsewhere.exitCode(), elsewhere::toString);
    }

    @Test
    void cacheControlComesFromTheFlagOrTheEnvironment() {
        assertEquals(
                0,
                render(cli().env("CACHE_CONTROL", "no-cache"), "--index", "0").exitCode());
        assertEquals(
                "no-cache",
                cloud.store.get(target("thumb.jpg")).orElseThrow().options().cacheControl());
        assertEquals(
                0,
                render(
                                cli().env("CACHE_CONTROL", "no-cache"),
                                "--index",
                                "0",
                                "--force",
                                "--cache-control",
                                "max-age=60")
                        .exitCode());
        assertEquals(
                "max-age=60",
                cloud.store.get(target("thumb.jpg")).orElseThrow().options().cacheControl());
        assertUsage(render(cli(), "--index", "0", "--cache-control", "max-age=60\r\nX: y"), "--cache-control");
    }

    @Test
    void aFailedPutAfterAnotherAnnouncesWhatWasWrittenAndFailsTheRest() {
        cloud.store.failNext(
                c -> c.op().equals("put") && c.location().key().endsWith("/web.jpg"),
                new TransientException(TransientException.THROTTLED, "throttled: s3:PutObject", null));
        Result r = render(cli(), "--all");
        assertEquals(1, r.exitCode(), r::toString);
        assertEventsValid(r);
        List<JsonNode> events = r.events();
        assertEquals(
                List.of(DetailTypes.RENDITION_COMPLETED, DetailTypes.RENDITION_FAILED, DetailTypes.RENDITION_FAILED),
                events.stream().map(e -> e.get("detail-type").asText()).toList());
        assertTrue(events.get(1).at("/detail/error/retryable").asBoolean());
        assertEquals("Throttled", events.get(1).at("/detail/error/code").asText());
        assertEquals(List.of("renditions/" + KEY + "/thumb.jpg"), cloud.store.keys(OUT));

        engine.calls.clear();
        Result retry = render(cli(), "--all");
        assertEquals(0, retry.exitCode(), retry::toString);
        assertEquals(List.of(List.of("web", "large")), engine.calls, "the retry renders only what is missing");
        assertTrue(retry.events().get(0).at("/detail/skipped").asBoolean());
    }

    @Test
    void accessDeniedIsAUsageErrorWithoutEvents() {
        cloud.store.failNext(
                c -> c.op().equals("head"),
                new UsageException(UsageException.ACCESS_DENIED, "access denied: s3:GetObject (HEAD) on s3://x/y"));
        Result r = render(cli(), "--all");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: access denied: s3:GetObject (HEAD) on s3://x/y"), r::toString);
    }

    @Test
    void underBatchTheEventsGoToTheBusAndAnUndeliveredOneIsSentAgainOnTheRetry() {
        CliHarness batch = cli().env("AWS_BATCH_JOB_ID", "job-1:0")
                .env("AWS_BATCH_JOB_ARRAY_INDEX", "0")
                .env("AWS_BATCH_JOB_ATTEMPT", "1")
                .env("EVENT_BUS_NAME", "renditions");
        String[] args = {"render", "--source", SOURCE.uri(), "--output", "s3://" + OUT + "/renditions/"};
        cloud.publishFailure = new TransientException(
                TransientException.EVENT_NOT_DELIVERED, "1 of 1 events not delivered to event bus renditions", null);
        Result first = batch.run(args);
        assertEquals(1, first.exitCode(), first::toString);
        assertTrue(first.err().contains("not delivered"), first::toString);
        assertTrue(cloud.store.get(target("thumb.jpg")).isPresent(), "the rendition was written");

        cloud.publishFailure = null;
        engine.calls.clear();
        Result retry = batch.env("AWS_BATCH_JOB_ATTEMPT", "2").run(args);
        assertEquals(0, retry.exitCode(), retry::toString);
        assertEquals(List.of(), engine.calls, "the retry only announces");
        assertEquals(1, cloud.published.size());
        FakeCloud.Published p = cloud.published.get(0);
        assertEquals("renditions", p.bus());
        JsonNode e = Json.read(p.json(), JsonNode.class);
        EventSchemas.assertValid(e);
        assertTrue(e.at("/detail/skipped").asBoolean());
        assertEquals("job-1:0", e.at("/detail/job/id").asText());
        assertEquals(2, e.at("/detail/job/attempt").asInt());
    }

    @Test
    void anS3SourceCanRenderToALocalFolder(@TempDir Path dir) throws Exception {
        Result r = cli().run("render", "--source", SOURCE.uri(), "--output", dir.toString(), "--index", "0");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("thumb:7", Files.readString(dir.resolve("ünï 😀.jpg").resolve("thumb.jpg")));
        EventSchemas.assertValid(r.events().get(0));
    }

    @Test
    void badS3LocationsAreUsageErrors() {
        assertUsage(cli().run("render", "--source", "s3:///k.jpg", "--output", "s3://o/r/", "--all"), "--source");
        assertUsage(cli().run("render", "--source", "s3://b/folder/", "--output", "s3://o/r/", "--all"), "folder");
        assertUsage(cli().run("render", "--source", "s3://b", "--output", "s3://o/r/", "--all"), "object");
    }

    @Test
    void awsIsConfiguredOnlyWhenUsedAndABadEndpointIsAUsageError(@TempDir Path dir) {
        Path local = TestImages.write(dir, "cat.png", BODY);
        AwsCloudServices aws = new AwsCloudServices(Map.of("AWS_ENDPOINT_URL", "not a url"));
        CliHarness cli = new CliHarness().engine(engine).cloud(aws);
        Result ok = cli.run(
                "render",
                "--source",
                local.toString(),
                "--output",
                dir.resolve("out").toString(),
                "--all");
        assertEquals(0, ok.exitCode(), ok::toString);
        Result r = cli.run("render", "--source", SOURCE.uri(), "--output", "s3://" + OUT + "/r/", "--all");
        assertUsage(r, "AWS_ENDPOINT_URL must be a URL");
        aws.close();
    }

    private static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }

    private void assertUnsafe(Result r, String fragment) {
        assertUsage(r, "unsafe --output", fragment);
        assertEquals(List.of(), cloud.store.calls("put"), "nothing written");
    }

    private static void assertUsage(Result r, String... fragments) {
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out(), "no events for a usage error");
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "expected '" + f + "' in\n" + r);
        }
    }
}
