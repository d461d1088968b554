package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.aws.testing.EventTap;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.WorkerProcess.Run;
import dev.renditions.worker.s3.RenditionMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The packaged worker as an AWS Batch array child against moto: S3 in and out, events through a real EventBridge rule
 * with an SQS target. The output bucket is versioned, so the number of object versions proves how many PUTs happened.
 */
@ExtendWith(MotoExtension.class)
class WorkerS3IT {
    static final String IN = "photos-in";
    static final String OUT = "photos-out";
    static final String BUS = "renditions";
    static final String PREFIX = "renditions/";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final RenditionSpec SPEC = SpecParser.defaultSpec();

    static MotoServer moto;
    static MotoObjects s3;
    static EventTap tap;
    static byte[] image;
    static int runs;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp(MotoServer server) throws IOException {
        moto = server;
        s3 = new MotoObjects(moto).bucket(IN, true).bucket(OUT, true);
        tap = EventTap.forSource(moto, BUS, DetailTypes.WORKER_SOURCE);
        image = Files.readAllBytes(TestImages.png(tmp, "photo.png", 800, 600));
    }

    @BeforeEach
    void noEventsLeftOver() {
        tap.drain();
    }

    @AfterAll
    static void tearDown() {
        tap.close();
    }

    static Map<String, String> env(int index, int attempt) {
        Map<String, String> env = new LinkedHashMap<>(moto.env());
        env.putAll(WorkerProcess.batchChild("job-" + (++runs), index, attempt));
        env.put("EVENT_BUS_NAME", BUS);
        return env;
    }

    static Run worker(Map<String, String> env, String key, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("render", "--source", "s3://" + IN + "/" + key, "--output", "s3://" + OUT + "/" + PREFIX));
        args.addAll(List.of(extra));
        return WorkerProcess.run(env, args);
    }

    /** The events that arrived, each checked against its published schema. */
    static List<JsonNode> events(int expected) {
        List<JsonNode> got = tap.receive(expected, WAIT);
        got.forEach(EventSchemas::assertValid);
        return got;
    }

    static String target(String key, String file) {
        return OutputKeys.key(PREFIX, key, file);
    }

    @Test
    void anAwkwardKeyIsRenderedWithItsMetadataAndAnnouncedOnce() {
        String key = "uploads/2026/a b+c%20d/ünï 😀.png";
        PutObjectResponse put = s3.upload(IN, key, image);
        String etag = put.eTag().replace("\"", "");
        Run r = worker(env(0, 1), key, "--source-version", put.versionId(), "--source-etag", put.eTag());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.out(), "under Batch events go to EventBridge, not stdout");

        String thumb = target(key, "thumb.jpg");
        assertEquals("renditions/uploads/2026/a b+c%20d/ünï 😀.png/thumb.jpg", thumb);
        assertArrayEquals(new int[] {320, 320}, s3.size(OUT, thumb));
        HeadObjectResponse head = s3.head(OUT, thumb);
        assertEquals("image/jpeg", head.contentType());
        assertEquals("public, max-age=86400", head.cacheControl());
        Map<String, String> m = head.metadata();
        assertEquals(IN, m.get("source-bucket"));
        assertEquals(key, RenditionMetadata.decodeKey(m.get("source-key")));
        assertEquals(put.versionId(), m.get("source-version"));
        assertEquals(etag, m.get("source-etag"));
        assertEquals(SPEC.hash(), m.get("spec-hash"));
        assertEquals(RenditionSpec.renditionHash(SPEC.renditions().get(0)), m.get("rendition-hash"));
        assertEquals("thumb", m.get("rendition"));
        assertEquals("320", m.get("width"));
        assertEquals("320", m.get("height"));
        assertEquals(1, s3.versions(OUT, thumb).size());

        List<JsonNode> events = events(1);
        assertEquals(1, events.size(), events::toString);
        JsonNode e = events.get(0);
        assertEquals(DetailTypes.RENDITION_COMPLETED, e.get("detail-type").asText());
        JsonNode d = e.get("detail");
        assertEquals(key, d.at("/source/key").asText());
        assertEquals(IN, d.at("/source/bucket").asText());
        assertEquals(put.versionId(), d.at("/source/versionId").asText());
        assertEquals(etag, d.at("/source/etag").asText());
        assertEquals(OUT, d.at("/rendition/bucket").asText());
        assertEquals(thumb, d.at("/rendition/key").asText());
        assertEquals("s3://" + OUT + "/" + thumb, d.at("/rendition/uri").asText());
        assertEquals(320, d.at("/rendition/width").asInt());
        assertEquals(head.contentLength().longValue(), d.at("/rendition/bytes").asLong());
        assertTrue(d.at("/job/id").asText().endsWith(":0"));
        assertEquals(0, d.at("/job/arrayIndex").asInt());
        assertEquals(1, d.at("/job/attempt").asInt());
        assertTrue(d.path("skipped").isMissingNode());

        // re-run: nothing is rendered or written, the event says skipped
        Run again = worker(env(0, 2), key, "--source-version", put.versionId(), "--source-etag", etag);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("skipped thumb: already up to date"), again::toString);
        assertEquals(1, s3.versions(OUT, thumb).size(), "no second PUT");
        List<JsonNode> skipped = events(1);
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).at("/detail/skipped").asBoolean());
        assertEquals(320, skipped.get(0).at("/detail/rendition/height").asInt());
        assertEquals(2, skipped.get(0).at("/detail/job/attempt").asInt());

        // --force renders and writes again
        Run forced = worker(env(0, 3), key, "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertEquals(2, s3.versions(OUT, thumb).size(), "one more PUT");
        List<JsonNode> rendered = events(1);
        assertEquals(1, rendered.size());
        assertTrue(rendered.get(0).at("/detail/skipped").isMissingNode());
    }

    @Test
    void aNearMaximumKeyWithAnS3SpecAndEveryRendition() throws IOException {
        String key = "uploads/" + "é".repeat(10) + "-" + "k".repeat(967) + ".png"; // 1,000 bytes of UTF-8
        assertEquals(1000, key.getBytes(StandardCharsets.UTF_8).length);
        s3.upload(IN, key, image);
        String spec = "{\"version\":1,\"renditions\":["
                + "{\"name\":\"small\",\"width\":200,\"height\":100,\"fit\":\"contain\",\"format\":\"png\"},"
                + "{\"name\":\"medium\",\"width\":400}]}";
        s3.bucket("config", false).upload("config", "specs/v1.json", spec.getBytes(StandardCharsets.UTF_8));
        Run r = worker(env(0, 1), key, "--all", "--spec", "s3://config/specs/v1.json");
        assertEquals(0, r.exitCode(), r::toString);

        String small = target(key, "small.png");
        String medium = target(key, "medium.jpg");
        assertTrue(small.getBytes(StandardCharsets.UTF_8).length <= OutputKeys.MAX_KEY_BYTES);
        assertTrue(small.contains("~"), "shortened deterministically: " + small);
        assertEquals(
                small.substring(0, small.lastIndexOf('/')), medium.substring(0, medium.lastIndexOf('/')), "one folder");
        assertEquals(List.of(medium, small), s3.keys(OUT, OutputKeys.folder(PREFIX, key)));
        assertArrayEquals(new int[] {200, 100}, s3.size(OUT, small));
        assertArrayEquals(new int[] {400, 300}, s3.size(OUT, medium));
        assertEquals("image/png", s3.head(OUT, small).contentType());
        Map<String, String> m = s3.head(OUT, small).metadata();
        assertEquals(SpecParser.parse(spec).hash(), m.get("spec-hash"));
        if (m.containsKey("source-key")) {
            assertEquals(key, RenditionMetadata.decodeKey(m.get("source-key")));
        }

        List<JsonNode> events = events(2);
        assertEquals(2, events.size(), events::toString);
        assertEquals(
                List.of(small, medium),
                events.stream()
                        .map(e -> e.at("/detail/rendition/key").asText())
                        .sorted((a, b) -> a.endsWith(".png") ? -1 : 1)
                        .toList());
        events.forEach(e -> assertEquals(
                "s3://config/specs/v1.json", e.at("/detail/spec/uri").asText()));
        events.forEach(e -> assertEquals(key, e.at("/detail/source/key").asText()));
    }

    @Test
    void aSupersededSourceWritesNothingAndIsAnnouncedAsSkipped() {
        String key = "uploads/overwritten.png";
        PutObjectResponse v1 = s3.upload(IN, key, image);
        s3.upload(IN, key, TestImages.class.getName().getBytes(StandardCharsets.UTF_8)); // the newer upload
        Run byVersion = worker(env(0, 1), key, "--source-version", v1.versionId(), "--source-etag", "-");
        assertEquals(0, byVersion.exitCode(), byVersion::toString);
        Run byEtag = worker(env(1, 1), key, "--source-version", "-", "--source-etag", v1.eTag());
        assertEquals(0, byEtag.exitCode(), byEtag::toString);
        assertEquals(List.of(), s3.keys(OUT, OutputKeys.folder(PREFIX, key)));

        List<JsonNode> events = events(2);
        assertEquals(2, events.size(), events::toString);
        for (JsonNode e : events) {
            assertEquals(DetailTypes.RENDITION_SKIPPED, e.get("detail-type").asText());
            assertEquals("superseded", e.at("/detail/reason").asText());
            assertEquals(key, e.at("/detail/source/key").asText());
        }
    }

    @Test
    void aMissingOrCorruptSourceExitsThreeWithAFailureEventAndWritesNothing() {
        String missing = "uploads/never uploaded.jpg";
        Run gone = worker(env(0, 1), missing);
        assertEquals(3, gone.exitCode(), gone::toString);
        assertTrue(gone.err().startsWith("error: s3://" + IN + "/" + missing + " does not exist"), gone::toString);

        String corrupt = "uploads/cut.jpg";
        Path cut = TestImages.truncatedJpeg(tmp, "cut.jpg", 300);
        try {
            s3.upload(IN, corrupt, Files.readAllBytes(cut));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run broken = worker(env(2, 1), corrupt, "--events", "stdout");
        assertEquals(3, broken.exitCode(), broken::toString);
        assertEquals(List.of(), s3.keys(OUT, OutputKeys.folder(PREFIX, missing)));
        assertEquals(List.of(), s3.keys(OUT, OutputKeys.folder(PREFIX, corrupt)));

        List<JsonNode> bus = events(1);
        assertEquals(1, bus.size(), bus::toString);
        assertEquals(DetailTypes.RENDITION_FAILED, bus.get(0).get("detail-type").asText());
        assertEquals("SourceMissing", bus.get(0).at("/detail/error/code").asText());
        assertFalse(bus.get(0).at("/detail/error/retryable").asBoolean());

        List<JsonNode> stdout = broken.events();
        assertEquals(1, stdout.size(), broken::toString);
        EventSchemas.assertValid(stdout.get(0));
        assertEquals(
                DetailTypes.RENDITION_FAILED, stdout.get(0).get("detail-type").asText());
        assertEquals("large", stdout.get(0).at("/detail/rendition/name").asText());
        assertFalse(stdout.get(0).at("/detail/error/retryable").asBoolean());
    }

    @Test
    void anOutputThatWouldRetriggerThePipelineIsRefused() {
        String key = "uploads/loop.png";
        s3.upload(IN, key, image);
        Run r = WorkerProcess.run(
                env(0, 1),
                List.of("render", "--source", "s3://" + IN + "/" + key, "--output", "s3://" + IN + "/uploads/out/"));
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: unsafe --output s3://" + IN + "/uploads/out/"), r::toString);
        assertEquals(List.of(), s3.keys(IN, "uploads/out/"), "nothing written");
        assertEquals(List.of(), tap.drain(), "a usage error announces nothing");
    }
}
