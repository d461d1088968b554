package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.aws.testing.BatchFixture;
import dev.renditions.aws.testing.EventTap;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.WorkerProcess.Run;
import dev.renditions.worker.backfill.ManifestCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * The packaged worker as the children of a manifest array job against moto: a manifest of 6 images (one corrupt) in
 * the planner's CSV form, 3 children of 2 images each, run as separate processes with the {@code AWS_BATCH_*}
 * variables, events through a real EventBridge rule to SQS. The output bucket is versioned, so the number of object
 * versions proves how many PUTs happened.
 */
@ExtendWith(MotoExtension.class)
class WorkerManifestIT {
    static final String IN = "backfill-in";
    static final String OUT = "backfill-out";
    static final String BUS = "renditions";
    static final String PREFIX = "renditions/";
    static final String MANIFEST = "s3://" + OUT + "/.backfill/plan-it/chunks/000000.csv";
    static final int K = 2;
    static final Duration WAIT = Duration.ofSeconds(10);
    static final List<String> RENDITIONS =
            SpecParser.defaultSpec().renditions().stream().map(Rendition::name).toList();

    /** Manifest order; the corrupt one is image 3 (child 1's second). */
    static final List<String> KEYS = List.of(
            "uploads/2019/beach day.png",
            "uploads/2019/a+b.png",
            "uploads/2020/ünï 😀.png",
            "uploads/2020/broken.jpg",
            "uploads/2021/100% done.png",
            "uploads/2021/last,one.png");

    static final String CORRUPT = "uploads/2020/broken.jpg";

    static MotoServer moto;
    static MotoObjects s3;
    static EventTap tap;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp(MotoServer server) throws IOException {
        moto = server;
        s3 = new MotoObjects(moto).bucket(IN, true).bucket(OUT, true);
        tap = EventTap.forSource(moto, BUS, DetailTypes.WORKER_SOURCE);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < KEYS.size(); i++) {
            String key = KEYS.get(i);
            byte[] body = key.equals(CORRUPT)
                    ? Files.readAllBytes(TestImages.truncatedJpeg(tmp, "broken.jpg", 300))
                    : Files.readAllBytes(TestImages.png(tmp, "img" + i + ".png", 700 + 50 * i, 600));
            s3.upload(IN, key, body);
            csv.append(ManifestCsv.line(IN, key, null)).append('\n');
        }
        String key = MANIFEST.substring(("s3://" + OUT + "/").length());
        s3.upload(OUT, key, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void tearDown() {
        tap.close();
    }

    static Run child(int index, int attempt) {
        Map<String, String> env = new LinkedHashMap<>(moto.env());
        env.putAll(WorkerProcess.batchChild("backfill-job", index, attempt));
        env.put("EVENT_BUS_NAME", BUS);
        // the job definition's manifest form, after Batch's Ref:: substitution
        return WorkerProcess.run(
                env,
                List.of(
                        "render",
                        "--manifest",
                        MANIFEST,
                        "--images-per-child",
                        String.valueOf(K),
                        "--output",
                        "s3://" + OUT + "/" + PREFIX,
                        "--spec",
                        "default"));
    }

    /** Source key -> number of rendition objects (all versions) under its folder. */
    static Map<String, Integer> versionsBySource() {
        Map<String, Integer> by = new TreeMap<>();
        for (String key : KEYS) {
            int n = s3.versions(OUT, OutputKeys.folder(PREFIX, key)).size();
            if (n > 0) {
                by.put(key, n);
            }
        }
        return by;
    }

    /** "key detail-type[ skipped]" per event, sorted, each event checked against its schema and child. */
    static List<String> events(int expected, int child) {
        List<JsonNode> got = tap.receive(expected, WAIT);
        List<String> out = new ArrayList<>();
        for (JsonNode e : got) {
            EventSchemas.assertValid(e);
            assertEquals(child, e.at("/detail/job/arrayIndex").asInt(), e::toString);
            out.add(e.at("/detail/source/key").asText() + " "
                    + e.get("detail-type").asText() + " "
                    + e.at("/detail/rendition/name").asText()
                    + (e.at("/detail/skipped").asBoolean() ? " skipped" : ""));
        }
        return out.stream().sorted().toList();
    }

    static List<String> expected(String key, String detailType, String suffix) {
        return RENDITIONS.stream()
                .map(n -> key + " " + detailType + " " + n + suffix)
                .toList();
    }

    static List<String> sorted(List<List<String>> lists) {
        return lists.stream().flatMap(List::stream).sorted().toList();
    }

    @Test
    void threeChildrenRenderExactlyTheirSlicesAndARerunWritesNothing() {
        tap.drain();
        Map<String, Integer> expectedVersions = new TreeMap<>();
        for (int child = 0; child < 3; child++) {
            Run r = child(child, 1);
            assertEquals(0, r.exitCode(), "a corrupt image is not retryable: " + r);
            assertEquals("", r.out(), "under Batch events go to EventBridge");
            List<String> slice = KEYS.subList(child * K, child * K + K);
            assertTrue(
                    r.err()
                            .contains("manifest " + MANIFEST + " child " + child + " (images " + child * K + " to "
                                    + (child * K + 1) + "): rendered " + (slice.contains(CORRUPT) ? 1 : 2)
                                    + ", skipped 0, failed " + (slice.contains(CORRUPT) ? 1 : 0) + ", transient 0"),
                    r::toString);
            for (String key : slice) {
                if (!key.equals(CORRUPT)) {
                    expectedVersions.put(key, RENDITIONS.size());
                }
            }
            assertEquals(expectedVersions, versionsBySource(), "after child " + child + ": exactly its slice");

            List<List<String>> want = new ArrayList<>();
            for (String key : slice) {
                want.add(expected(
                        key, key.equals(CORRUPT) ? DetailTypes.RENDITION_FAILED : DetailTypes.RENDITION_COMPLETED, ""));
            }
            assertEquals(sorted(want), events(K * RENDITIONS.size(), child), r::toString);
        }
        assertEquals(5, versionsBySource().size(), "every image but the corrupt one");
        assertFalse(versionsBySource().containsKey(CORRUPT));
        String thumb = OutputKeys.key(PREFIX, KEYS.get(2), "thumb.jpg");
        assertArrayEquals(new int[] {320, 320}, s3.size(OUT, thumb));
        assertEquals(IN, s3.head(OUT, thumb).metadata().get("source-bucket"));

        // the whole array again (e.g. the plan re-submitted): nothing is written, everything is announced as skipped
        for (int child = 0; child < 3; child++) {
            Run again = child(child, 2);
            assertEquals(0, again.exitCode(), again::toString);
            List<String> slice = KEYS.subList(child * K, child * K + K);
            List<List<String>> want = new ArrayList<>();
            for (String key : slice) {
                want.add(
                        key.equals(CORRUPT)
                                ? expected(key, DetailTypes.RENDITION_FAILED, "")
                                : expected(key, DetailTypes.RENDITION_COMPLETED, " skipped"));
            }
            assertEquals(sorted(want), events(K * RENDITIONS.size(), child), again::toString);
        }
        assertEquals(expectedVersions, versionsBySource(), "no new object version: nothing written");

        // a child beyond the manifest's end has nothing to do
        Run beyond = child(3, 1);
        assertEquals(0, beyond.exitCode(), beyond::toString);
        assertTrue(beyond.err().contains("nothing to do, the manifest has 6 images"), beyond::toString);
        assertEquals(List.of(), tap.drain());
    }

    /** The manifest job definition's command, as in {@code batch-job-definitions/worker-manifest-*.json}. */
    static final List<String> MANIFEST_COMMAND = List.of(
            "render",
            "--manifest",
            "Ref::manifest",
            "--images-per-child",
            "Ref::imagesPerChild",
            "--output",
            "Ref::output",
            "--spec",
            "Ref::spec");

    /** Batch's substitution: an argument that is exactly {@code Ref::name} becomes parameter {@code name}. */
    static List<String> substitute(List<String> command, Map<String, String> params) {
        return command.stream()
                .map(a -> a.startsWith("Ref::") && params.containsKey(a.substring(5)) ? params.get(a.substring(5)) : a)
                .toList();
    }

    @Test
    void theChildrenOfAPlannedBackfillRenderExactlyTheirSlicesOfItsChunk() throws IOException {
        List<String> keys =
                List.of("planned/p 0.png", "planned/p+1.png", "planned/p2.png", "planned/p3.png", "planned/p4.png");
        for (int i = 0; i < keys.size(); i++) {
            s3.upload(IN, keys.get(i), Files.readAllBytes(TestImages.png(tmp, "p" + i + ".png", 700, 600)));
        }
        Map<String, String> defaults =
                Map.of("imagesPerChild", "1", "spec", "default", "output", "s3://" + OUT + "/" + PREFIX);
        BatchFixture batch = BatchFixture.create(moto, "manifest-it", MANIFEST_COMMAND, defaults);

        // the planner, in-process against moto: one chunk of 5 images, K = 2, so an array of 3
        CliHarness planner = new CliHarness().cloud(new AwsCloudServices(moto.env()));
        moto.env().forEach(planner::env);
        CliHarness.Result plan = planner.run(
                "backfill",
                "--bucket",
                IN,
                "--prefix",
                "planned/",
                "--output",
                "s3://" + OUT + "/" + PREFIX,
                "--job-queue",
                batch.jobQueueName(),
                "--job-definition",
                batch.jobDefinitionName(),
                "--images-per-child",
                "2",
                "--events",
                "none");
        assertEquals(0, plan.exitCode(), plan::toString);
        List<String> jobs =
                batch.jobIds(moto).stream().filter(id -> !id.contains(":")).toList();
        assertEquals(1, jobs.size(), plan::toString);
        JobDetail job = BatchFixture.describe(moto, jobs.get(0));
        assertEquals(3, job.arrayProperties().size(), job::toString);
        Map<String, String> params = new LinkedHashMap<>(defaults);
        params.putAll(job.parameters());
        List<String> argv = substitute(MANIFEST_COMMAND, params);
        String manifest = params.get("manifest");
        List<ManifestCsv.Entry> lines = s3.get(
                        S3Location.parse(manifest).bucket(),
                        S3Location.parse(manifest).key())
                .asUtf8String()
                .lines()
                .map(ManifestCsv::parse)
                .toList();
        assertEquals(5, lines.size());

        tap.drain();
        for (int child = 0; child < 3; child++) {
            Map<String, String> env = new LinkedHashMap<>(moto.env());
            env.putAll(WorkerProcess.batchChild(jobs.get(0), child, 1));
            env.put("EVENT_BUS_NAME", BUS);
            Run r = WorkerProcess.run(env, argv);
            assertEquals(0, r.exitCode(), r::toString);

            List<String> slice = lines.subList(child * 2, Math.min(child * 2 + 2, lines.size())).stream()
                    .map(ManifestCsv.Entry::key)
                    .toList();
            List<List<String>> want = new ArrayList<>();
            slice.forEach(k -> want.add(expected(k, DetailTypes.RENDITION_COMPLETED, "")));
            assertEquals(sorted(want), events(slice.size() * RENDITIONS.size(), child), r::toString);
            for (String k : keys) {
                boolean done = lines.subList(0, Math.min(child * 2 + 2, lines.size())).stream()
                        .anyMatch(e -> e.key().equals(k));
                assertEquals(
                        done ? RENDITIONS.size() : 0,
                        s3.versions(OUT, OutputKeys.folder(PREFIX, k)).size(),
                        k + " after child " + child);
            }
        }
        assertEquals(List.of(), tap.drain());
    }
}
