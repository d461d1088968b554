package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.ImageSource;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CliHarness.Result;
import dev.renditions.worker.EventSchemas;
import dev.renditions.worker.FakeCloud;
import dev.renditions.worker.FakeEngine;
import dev.renditions.worker.render.RenderEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code render --manifest}: the child's slice, key decoding, failures per image, re-runs; with an in-memory S3, the
 * CLI in-process and an engine that counts decodes.
 */
class ManifestRenderCommandTest {
    static final String IN = "photos-in";
    static final String OUT = "photos-out";
    static final String OUTPUT = "s3://" + OUT + "/renditions/";
    static final S3Location MANIFEST = new S3Location(OUT, ".backfill/plan-1/chunks/000000.csv");
    static final List<String> RENDITIONS = List.of("thumb", "web", "large");
    static final byte[] CORRUPT = "CORRUPT: not an image".getBytes(StandardCharsets.UTF_8);

    private final FakeCloud cloud = new FakeCloud();
    private final DecodeCounter engine = new DecodeCounter();

    /**
     * {@link FakeEngine} that records each decode (one call per image, with the renditions asked) and fails like the
     * real engine on a source whose bytes start with {@code CORRUPT}.
     */
    static final class DecodeCounter implements RenderEngine {
        final FakeEngine fake = new FakeEngine();
        final List<String> decoded = new ArrayList<>();

        @Override
        public List<RenderResult> render(ImageSource source, Limits limits, List<Rendition> renditions) {
            decoded.add(source.name());
            try (InputStream in = source.open()) {
                if (Arrays.equals(in.readNBytes(7), Arrays.copyOf(CORRUPT, 7))) {
                    throw new InvalidInputException(
                            InvalidInputException.CORRUPT_IMAGE, source.name() + " cannot be decoded");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return fake.render(source, limits, renditions);
        }
    }

    @BeforeEach
    void buckets() {
        cloud.store.bucket(IN, true).bucket(OUT, true);
    }

    private CliHarness cli() {
        return new CliHarness().engine(engine).cloud(cloud);
    }

    private CliHarness child(int index) {
        return cli().env("AWS_BATCH_JOB_ARRAY_INDEX", String.valueOf(index));
    }

    private static Result run(CliHarness cli, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("render", "--manifest", MANIFEST.uri(), "--output", OUTPUT, "--events", "stdout"));
        args.addAll(List.of(extra));
        Result r = cli.run(args.toArray(String[]::new));
        r.events().forEach(EventSchemas::assertValid);
        return r;
    }

    /** Uploads sources named by key with a small body each, and a manifest listing them in that order. */
    private void sources(String... keys) {
        StringBuilder csv = new StringBuilder();
        for (String k : keys) {
            cloud.store.upload(new S3Location(IN, k), ("image " + k).getBytes(StandardCharsets.UTF_8), "image/jpeg");
            csv.append(IN).append(',').append(encode(k)).append('\n');
        }
        manifest(csv.toString());
    }

    private void manifest(String csv) {
        cloud.store.upload(MANIFEST, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    /** As S3 Inventory writes keys: form-URL-encoded, '/' kept. */
    private static String encode(String key) {
        return java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String target(String key, String rendition) {
        return "renditions/" + key + "/" + rendition + ".jpg";
    }

    /** Source keys with at least one rendition in the output bucket, sorted. */
    private List<String> renderedSources() {
        TreeSet<String> sources = new TreeSet<>();
        for (String k : cloud.store.keys(OUT)) {
            if (k.startsWith("renditions/")) {
                sources.add(k.substring("renditions/".length(), k.lastIndexOf('/')));
            }
        }
        return List.copyOf(sources);
    }

    /** Event detail-type and rendition name per source key, in order. */
    private static Map<String, List<String>> eventsBySource(Result r) {
        Map<String, List<String>> by = new LinkedHashMap<>();
        for (JsonNode e : r.events()) {
            by.computeIfAbsent(e.at("/detail/source/key").asText(), k -> new ArrayList<>())
                    .add(e.get("detail-type").asText() + " "
                            + e.at("/detail/rendition/name").asText()
                            + (e.at("/detail/skipped").asBoolean() ? " skipped" : ""));
        }
        return by;
    }

    private static List<String> each(String detailType, String suffix) {
        return RENDITIONS.stream().map(n -> detailType + " " + n + suffix).toList();
    }

    private static void assertUsageError(Result r, String... fragments) {
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out(), "no events for a usage error");
        assertTrue(r.err().startsWith("error: "), r::toString);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "expected '" + f + "' in\n" + r);
        }
    }

    // ------------------------------------------------------------------ slices

    @Test
    void eachChildRendersExactlyItsSliceOfKImages() {
        sources("a/0.jpg", "a/1.jpg", "a/2.jpg", "a/3.jpg", "a/4.jpg");

        Result first = run(child(0), "--images-per-child", "2");
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(List.of("a/0.jpg", "a/1.jpg"), renderedSources());
        assertEquals(
                List.of("a/0.jpg", "a/1.jpg"), List.copyOf(eventsBySource(first).keySet()));
        assertTrue(
                first.err()
                        .contains("manifest " + MANIFEST.uri()
                                + " child 0 (images 0 to 1): rendered 2, skipped 0, failed 0, transient 0"),
                first::toString);

        Result middle = run(child(1), "--images-per-child", "2");
        assertEquals(0, middle.exitCode(), middle::toString);
        assertEquals(
                List.of("a/2.jpg", "a/3.jpg"),
                List.copyOf(eventsBySource(middle).keySet()));

        Result lastPartial = run(child(2), "--images-per-child", "2");
        assertEquals(0, lastPartial.exitCode(), lastPartial::toString);
        assertEquals(List.of("a/4.jpg"), List.copyOf(eventsBySource(lastPartial).keySet()));
        assertTrue(lastPartial.err().contains("child 2 (images 4): rendered 1,"), lastPartial::toString);
        assertEquals(List.of("a/0.jpg", "a/1.jpg", "a/2.jpg", "a/3.jpg", "a/4.jpg"), renderedSources());

        cloud.store.clearCalls();
        Result beyond = run(child(3), "--images-per-child", "2");
        assertEquals(0, beyond.exitCode(), beyond::toString);
        assertEquals("", beyond.out(), "no events");
        assertTrue(
                beyond.err()
                        .contains("child 3: nothing to do, the manifest has 5 images and this child's slice starts at"
                                + " image 6 (2 per child)"),
                beyond::toString);
        assertEquals(
                List.of("download"),
                cloud.store.calls().stream().map(c -> c.op()).toList(),
                "only the manifest");
    }

    @Test
    void aPlainJobIsChildZeroAndKDefaultsToOne() {
        sources("b/0.jpg", "b/1.jpg");
        Result r = run(cli());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("b/0.jpg"), renderedSources());
        assertEquals(Map.of("b/0.jpg", each(DetailTypes.RENDITION_COMPLETED, "")), eventsBySource(r));
    }

    @Test
    void blankLinesCarriageReturnsAndAByteOrderMarkAreNotImages() {
        for (String k : List.of("c/0.jpg", "c/1.jpg", "c/2.jpg")) {
            cloud.store.upload(new S3Location(IN, k), new byte[] {1, 2, 3}, "image/jpeg");
        }
        manifest("\uFEFF" + IN + ",c/0.jpg\r\n\r\n   \n" + IN + ",c/1.jpg\r\n\n" + IN + ",c/2.jpg\n\n");
        Result r = run(child(1));
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("c/1.jpg"), renderedSources());
        assertEquals(0, run(child(0)).exitCode());
        assertEquals(List.of("c/0.jpg", "c/1.jpg"), renderedSources(), "the mark is not part of the bucket name");
        Result beyond = run(child(3));
        assertTrue(beyond.err().contains("the manifest has 3 images"), beyond::toString);
    }

    // ------------------------------------------------------------------ keys

    @Test
    void keysAreUrlDecodedOnceAsInventoryAndBatchOperationsWriteThem() {
        List<String> keys = List.of(
                "d/holiday photos/cat 1.jpg", // space: '+' in Inventory's form encoding
                "d/a+b.jpg", // '+': %2B
                "d/100% real.jpg", // '%': %25
                "d/ünï 😀.jpg",
                "d/comma,separated.jpg",
                "d/already%20encoded.jpg"); // decoded once: the key really holds "%20"
        for (String k : keys) {
            cloud.store.upload(new S3Location(IN, k), new byte[] {9}, "image/jpeg");
        }
        manifest(String.join(
                "\n",
                IN + ",d/holiday+photos/cat%201.jpg", // both spellings of a space
                IN + ",d/a%2Bb.jpg",
                IN + ",d/100%25+real.jpg",
                IN + ",d/%C3%BCn%C3%AF+%F0%9F%98%80.jpg",
                "\"" + IN + "\",\"d/comma%2Cseparated.jpg\"", // S3 Inventory quotes every field
                IN + ",d/already%2520encoded.jpg"));

        Result r = run(cli(), "--images-per-child", "6");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(new TreeSet<>(keys), new TreeSet<>(renderedSources()));
        for (String k : keys) {
            assertTrue(cloud.store.get(new S3Location(OUT, target(k, "thumb"))).isPresent(), k);
        }
        assertEquals(List.copyOf(keys), List.copyOf(eventsBySource(r).keySet()));
    }

    // ------------------------------------------------------------------ one image at a time

    @Test
    void eachImageIsDecodedOnceForAllItsRenditions() {
        sources("e/0.jpg", "e/1.jpg", "e/2.jpg");
        Result r = run(cli(), "--images-per-child", "3");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(
                List.of("s3://" + IN + "/e/0.jpg", "s3://" + IN + "/e/1.jpg", "s3://" + IN + "/e/2.jpg"),
                engine.decoded);
        assertEquals(List.of(RENDITIONS, RENDITIONS, RENDITIONS), engine.fake.calls, "one call with every rendition");
        assertEquals(
                3,
                cloud.store.calls("download").stream()
                        .filter(c -> c.location().bucket().equals(IN))
                        .count());
        for (String k : List.of("e/0.jpg", "e/1.jpg", "e/2.jpg")) {
            for (String n : RENDITIONS) {
                assertEquals(
                        n + ":" + ("image " + k).length(),
                        new String(
                                cloud.store
                                        .get(new S3Location(OUT, target(k, n)))
                                        .orElseThrow()
                                        .body(),
                                StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aCorruptImageIsAnnouncedAsFailedAndTheChildGoesOnAndSucceeds() {
        sources("f/0.jpg", "f/1.jpg", "f/2.jpg");
        cloud.store.upload(new S3Location(IN, "f/1.jpg"), CORRUPT, "image/jpeg");

        Result r = run(cli(), "--images-per-child", "3");

        assertEquals(0, r.exitCode(), "an invalid image is not retryable: " + r);
        assertEquals(List.of("f/0.jpg", "f/2.jpg"), renderedSources());
        Map<String, List<String>> events = eventsBySource(r);
        assertEquals(each(DetailTypes.RENDITION_COMPLETED, ""), events.get("f/0.jpg"));
        assertEquals(each(DetailTypes.RENDITION_FAILED, ""), events.get("f/1.jpg"));
        assertEquals(each(DetailTypes.RENDITION_COMPLETED, ""), events.get("f/2.jpg"));
        for (JsonNode e : r.events()) {
            if (e.get("detail-type").asText().equals(DetailTypes.RENDITION_FAILED)) {
                assertEquals("CorruptImage", e.at("/detail/error/code").asText());
                assertFalse(e.at("/detail/error/retryable").asBoolean());
            }
        }
        assertTrue(
                r.err().contains("image 1 s3://" + IN + "/f/1.jpg failed (CorruptImage, not retryable)"), r::toString);
        assertTrue(r.err().contains("rendered 2, skipped 0, failed 1, transient 0"), r::toString);
        assertFalse(r.err().contains("error:"), r::toString);
    }

    @Test
    void aMissingImageIsAnnouncedAsFailedToo() {
        sources("g/0.jpg", "g/1.jpg");
        cloud.store.remove(new S3Location(IN, "g/0.jpg"));
        Result r = run(cli(), "--images-per-child", "2");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("g/1.jpg"), renderedSources());
        assertEquals(each(DetailTypes.RENDITION_FAILED, ""), eventsBySource(r).get("g/0.jpg"));
        assertEquals("SourceMissing", r.events().get(0).at("/detail/error/code").asText());
    }

    @Test
    void aTransientFailureLetsTheOthersRenderThenExitsOneAndTheRetrySkipsWhatIsDone() {
        sources("h/0.jpg", "h/1.jpg", "h/2.jpg");
        cloud.store.failNext(
                c -> c.op().equals("download") && c.location().key().equals("h/1.jpg"),
                new TransientException(TransientException.THROTTLED, "SlowDown: reduce your request rate", null));

        Result r = run(cli(), "--images-per-child", "3");

        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(List.of("h/0.jpg", "h/2.jpg"), renderedSources());
        Map<String, List<String>> events = eventsBySource(r);
        assertEquals(each(DetailTypes.RENDITION_FAILED, ""), events.get("h/1.jpg"));
        assertTrue(r.events().stream()
                .filter(e -> e.at("/detail/source/key").asText().equals("h/1.jpg"))
                .allMatch(e -> e.at("/detail/error/retryable").asBoolean()));
        assertTrue(r.err().contains("rendered 2, skipped 0, failed 0, transient 1"), r::toString);
        assertTrue(
                r.err().contains("error: 1 of 3 images of manifest child 0 failed transiently (first: SlowDown"),
                r::toString);

        // Batch retries the child: the two done are skipped (HEADs only), the third is rendered
        cloud.store.clearCalls();
        Result retry = run(cli(), "--images-per-child", "3");
        assertEquals(0, retry.exitCode(), retry::toString);
        assertEquals(List.of("h/0.jpg", "h/1.jpg", "h/2.jpg"), renderedSources());
        assertEquals(
                List.of(
                        new S3Location(OUT, target("h/1.jpg", "thumb")),
                        new S3Location(OUT, target("h/1.jpg", "web")),
                        new S3Location(OUT, target("h/1.jpg", "large"))),
                cloud.store.calls("put").stream().map(c -> c.location()).toList());
        events = eventsBySource(retry);
        assertEquals(each(DetailTypes.RENDITION_COMPLETED, " skipped"), events.get("h/0.jpg"));
        assertEquals(each(DetailTypes.RENDITION_COMPLETED, ""), events.get("h/1.jpg"));
        assertTrue(retry.err().contains("rendered 1, skipped 2, failed 0, transient 0"), retry::toString);
    }

    @Test
    void aRerunWritesNothingAndAnnouncesEveryRenditionAsSkipped() {
        sources("i/0.jpg", "i/1.jpg");
        assertEquals(0, run(cli(), "--images-per-child", "2").exitCode());
        cloud.store.clearCalls();
        engine.decoded.clear();

        Result again = run(cli(), "--images-per-child", "2");

        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(List.of(), cloud.store.calls("put"));
        assertEquals(
                List.of(MANIFEST),
                cloud.store.calls("download").stream().map(c -> c.location()).toList());
        assertEquals(List.of(), engine.decoded);
        assertEquals(
                Map.of(
                        "i/0.jpg", each(DetailTypes.RENDITION_COMPLETED, " skipped"),
                        "i/1.jpg", each(DetailTypes.RENDITION_COMPLETED, " skipped")),
                eventsBySource(again));
        assertTrue(again.err().contains("rendered 0, skipped 2, failed 0, transient 0"), again::toString);

        Result forced = run(cli(), "--images-per-child", "2", "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(6, cloud.store.calls("put").size(), "--force writes again");
    }

    @Test
    void aVersionInTheManifestPinsTheSourceAndAnOverwrittenOneIsSuperseded() {
        S3Location a = new S3Location(IN, "j/a.jpg");
        ObjectMeta v1 = cloud.store.upload(a, new byte[] {1}, "image/jpeg");
        cloud.store.upload(a, new byte[] {1, 2}, "image/jpeg"); // overwritten since the manifest was made
        S3Location b = new S3Location(IN, "j/b.jpg");
        ObjectMeta current = cloud.store.upload(b, new byte[] {3}, "image/jpeg");
        manifest(IN + ",j/a.jpg," + v1.versionId() + "\n" + IN + ",j/b.jpg," + current.versionId() + "\n");

        Result r = run(cli(), "--images-per-child", "2");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("j/b.jpg"), renderedSources());
        Map<String, List<String>> events = eventsBySource(r);
        assertEquals(each(DetailTypes.RENDITION_SKIPPED, ""), events.get("j/a.jpg"));
        assertEquals(each(DetailTypes.RENDITION_COMPLETED, ""), events.get("j/b.jpg"));
        assertEquals(
                current.versionId(),
                r.events().get(3).at("/detail/source/versionId").asText());
        assertTrue(r.err().contains("rendered 1, skipped 1, failed 0, transient 0"), r::toString);
    }

    // ------------------------------------------------------------------ usage and configuration errors

    @Test
    void aConfigurationErrorStopsTheChildAtOnce() {
        sources("k/0.jpg", "k/1.jpg", "k/2.jpg");
        cloud.store.failNext(
                c -> c.op().equals("put"),
                new UsageException(
                        UsageException.ACCESS_DENIED, "access denied: s3:PutObject on s3://" + OUT + "/renditions/"));

        Result r = run(cli(), "--images-per-child", "3");

        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("error: access denied: s3:PutObject"), r::toString);
        assertTrue(r.err().contains("stopped at image 0 by a usage or configuration error"), r::toString);
        assertEquals(List.of("s3://" + IN + "/k/0.jpg"), engine.decoded, "the other images are not attempted");
        assertEquals("", r.out(), "a usage error announces nothing");
    }

    @Test
    void anUnsafeOutputForAnyImageOfTheSliceRefusesTheWholeSliceBeforeRendering() {
        cloud.store.upload(new S3Location(IN, "uploads/ok.jpg"), new byte[] {1}, "image/jpeg");
        manifest(OUT + ",x.jpg\n" + IN + ",uploads/ok.jpg\n");
        cloud.store.upload(new S3Location(OUT, "x.jpg"), new byte[] {1}, "image/jpeg");
        Result r = cli().run(
                        "render",
                        "--manifest",
                        MANIFEST.uri(),
                        "--output",
                        "s3://" + IN + "/uploads/renditions/",
                        "--images-per-child",
                        "2",
                        "--events",
                        "stdout");
        assertUsageError(r, "unsafe --output s3://" + IN + "/uploads/renditions/");
        assertEquals(List.of(), engine.decoded);
    }

    @Test
    void aMalformedLineOfTheSliceIsAUsageErrorButOneOutsideItIsNotRead() {
        cloud.store.upload(new S3Location(IN, "l/0.jpg"), new byte[] {1}, "image/jpeg");
        manifest(IN + ",l/0.jpg\njust-a-bucket\n" + IN + ",%zz.jpg\n");

        assertEquals(0, run(child(0)).exitCode());
        assertUsageError(run(child(1)), "--manifest " + MANIFEST.uri() + " line 2:", "bucket,key[,versionId]");
        assertUsageError(run(child(2)), "line 3:", "not a URL-encoded key");
        assertEquals(List.of("s3://" + IN + "/l/0.jpg"), engine.decoded);
    }

    @Test
    void aManifestThatIsNotUtf8IsAUsageError() {
        cloud.store.upload(MANIFEST, new byte[] {'b', ',', (byte) 0xff, (byte) 0xfe, '\n'}, "text/csv");
        assertUsageError(run(cli()), "is not UTF-8 text");
    }

    @Test
    void flagsThatDoNotApplyToAManifestAreRefused() {
        sources("m/0.jpg");
        assertUsageError(run(cli(), "--rendition", "thumb"), "--rendition and --index do not apply to --manifest");
        assertUsageError(run(cli(), "--index", "0"), "--rendition and --index do not apply to --manifest");
        assertUsageError(run(cli(), "--source-version", "v1"), "--source-version and --source-etag apply to --source");
        assertUsageError(run(cli(), "--images-per-child", "0"), "--images-per-child must be 1 to 1000, found 0");
        assertUsageError(run(cli(), "--images-per-child", "1001"), "--images-per-child must be 1 to 1000");
        assertUsageError(
                cli().run("render", "--manifest", MANIFEST.uri(), "--output", "out"),
                "--manifest needs an s3:// --output");
        assertUsageError(
                cli().run("render", "--manifest", "s3://" + OUT + "/.backfill/", "--output", OUTPUT),
                "must name an object");
        assertUsageError(
                cli().run("render", "--manifest", "Ref::manifest", "--output", OUTPUT),
                "AWS Batch parameter 'manifest' was not substituted");
        assertUsageError(
                cli().run(
                                "render",
                                "--manifest",
                                MANIFEST.uri(),
                                "--output",
                                OUTPUT,
                                "--images-per-child",
                                "Ref::imagesPerChild"),
                "AWS Batch parameter 'imagesPerChild' was not substituted");
        assertEquals(List.of(), engine.decoded);

        // --all is what a manifest child does anyway, and "-" pins are "not set"
        Result r = run(cli(), "--all", "--source-version", "-", "--source-etag", "-");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(3, r.events().size());
    }

    @Test
    void aMissingManifestIsAUsageError() {
        assertUsageError(run(cli()), "--manifest " + MANIFEST.uri() + " does not exist");
    }

    @Test
    void underBatchTheEventsNameTheChildAndGoToEventBridge() {
        sources("n/0.jpg", "n/1.jpg", "n/2.jpg");
        Result r = cli().env("AWS_BATCH_JOB_ID", "job-7:1")
                .env("AWS_BATCH_JOB_ARRAY_INDEX", "1")
                .env("AWS_BATCH_JOB_ATTEMPT", "2")
                .env("EVENT_BUS_NAME", "renditions")
                .run("render", "--manifest", MANIFEST.uri(), "--output", OUTPUT);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals(3, cloud.published.size());
        for (FakeCloud.Published p : cloud.published) {
            assertEquals("renditions", p.bus());
            JsonNode e = dev.renditions.core.events.Json.read(p.json(), JsonNode.class);
            EventSchemas.assertValid(e);
            assertEquals("n/1.jpg", e.at("/detail/source/key").asText());
            assertEquals("job-7:1", e.at("/detail/job/id").asText());
            assertEquals(1, e.at("/detail/job/arrayIndex").asInt());
            assertEquals(2, e.at("/detail/job/attempt").asInt());
        }
    }
}
