package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.aws.testing.BatchFixture;
import dev.renditions.aws.testing.EventTap;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.AwsCloudServices;
import dev.renditions.worker.CliHarness;
import dev.renditions.worker.EventSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code worker backfill} in-process against moto 5.2.1 (S3, Batch in non-Docker mode, EventBridge with an SQS tap):
 * 2,500 images across prefixes, with non-images, dispatcher markers and existing renditions in the same bucket. The
 * tests run in order and share the bucket: dry run, a real run, a re-run, {@code --only-missing}.
 */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillIT {
    static final String BUCKET = "media";
    static final int IMAGES = 2500;
    static final int COMPLETE = 100; // sources with every rendition already
    static final int PARTIAL = 20; // sources with one rendition only
    static final Pattern JOB_LINE = Pattern.compile("^  (\\S+)  (renditions-backfill-[0-9a-f]{16}-\\d{6})  .*$");

    static BatchFixture batch;
    static EventTap tap;
    static List<String> images = new ArrayList<>();
    static List<String> firstRunJobs;

    static String imageKey(int i) {
        String[] dirs = {"uploads/2024/", "uploads/2025/holiday photos/", "archive/scans/"};
        String[] suffixes = {".jpg", ".JPG", ".png", ".webp", ".jpeg"};
        return dirs[i % dirs.length] + "img+" + i + (i % 7 == 0 ? " ü" : "") + suffixes[i % suffixes.length];
    }

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        S3Client s3 = moto.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
        Map<String, Integer> objects = new LinkedHashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            images.add(imageKey(i));
            objects.put(imageKey(i), 16 + i % 5);
        }
        objects.put("uploads/2024/notes.txt", 10);
        objects.put("uploads/2024/data.json", 10);
        objects.put("uploads/2025/empty.jpg", 0);
        objects.put("archive/scans/", 0);
        objects.put(".dispatch/uploads/2024/img+0.jpg", 10);
        List<Rendition> renditions = SpecParser.defaultSpec().renditions();
        for (int i = 0; i < COMPLETE + PARTIAL; i++) {
            int count = i < COMPLETE ? renditions.size() : 1;
            for (int r = 0; r < count; r++) {
                objects.put(OutputKeys.key("renditions/", imageKey(i), renditions.get(r)), 8);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (Map.Entry<String, Integer> e : objects.entrySet()) {
                puts.add(pool.submit(() -> s3.putObject(
                        b -> b.bucket(BUCKET).key(e.getKey()), RequestBody.fromBytes(new byte[e.getValue()]))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        batch = BatchFixture.create(
                moto,
                "backfill-it",
                List.of(
                        "render",
                        "--manifest",
                        "Ref::manifest",
                        "--images-per-child",
                        "Ref::imagesPerChild",
                        "--output",
                        "Ref::output",
                        "--spec",
                        "Ref::spec"),
                Map.of("spec", "default"));
        tap = EventTap.forSource(moto, "default", DetailTypes.BACKFILL_SOURCE);
    }

    @AfterAll
    static void tearDown() {
        if (tap != null) {
            tap.close();
        }
    }

    static CliHarness.Result backfill(MotoServer moto, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "backfill",
                "--bucket",
                BUCKET,
                "--output",
                "s3://media/renditions/",
                "--job-queue",
                batch.jobQueueName(),
                "--job-definition",
                batch.jobDefinitionName(),
                "--images-per-child",
                "1",
                "--max-array-size",
                "1000"));
        args.addAll(List.of(more));
        return cli(moto).run(args.toArray(String[]::new));
    }

    /** The CLI in-process, with the production AWS services pointed at moto. */
    static CliHarness cli(MotoServer moto) {
        CliHarness cli = new CliHarness().cloud(new AwsCloudServices(moto.env()));
        moto.env().forEach(cli::env);
        return cli;
    }

    /** Every object in the bucket with its ETag. */
    static Map<String, String> snapshot(MotoServer moto) {
        Map<String, String> m = new TreeMap<>();
        for (S3Object o :
                moto.s3().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
            m.put(o.key(), o.eTag());
        }
        return m;
    }

    static List<String[]> jobLines(CliHarness.Result r) {
        List<String[]> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            Matcher m = JOB_LINE.matcher(line);
            if (m.matches()) {
                out.add(new String[] {m.group(1), m.group(2)});
            }
        }
        return out;
    }

    static List<ManifestCsv.Entry> manifest(MotoServer moto, String uri) {
        dev.renditions.core.keys.S3Location at = dev.renditions.core.keys.S3Location.parse(uri);
        String text = moto.s3()
                .getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key()))
                .asString(StandardCharsets.UTF_8);
        return text.lines().map(ManifestCsv::parse).toList();
    }

    @Test
    @Order(1)
    void aDryRunWritesNothingSubmitsNothingAnnouncesNothing(MotoServer moto) {
        Map<String, String> before = snapshot(moto);
        CliHarness.Result r = backfill(moto, "--dry-run");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("dry run: nothing written, nothing submitted"), r.out());
        assertTrue(r.out().contains(IMAGES + " selected"), r.out());
        assertTrue(r.out().contains("jobs        3 (3 arrays, 0 plain), 2500 children"), r.out());
        assertEquals(before, snapshot(moto), "not one object written");
        assertEquals(List.of(), batch.jobIds(moto), "no job");
        assertEquals(List.of(), tap.drain(), "no event");
    }

    @Test
    @Order(2)
    void threeArrayJobsCoverEveryImageExactlyOnce(MotoServer moto) {
        CliHarness.Result r = backfill(moto);
        assertEquals(0, r.exitCode(), r.toString());
        List<String[]> jobs = jobLines(r);
        assertEquals(3, jobs.size(), r.toString());
        firstRunJobs = jobs.stream().map(j -> j[0]).toList();

        List<String> covered = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (String[] j : jobs) {
            JobDetail d = BatchFixture.describe(moto, j[0]);
            assertEquals(j[1], d.jobName());
            assertEquals(batch.jobQueueArn(), d.jobQueue());
            sizes.add(d.arrayProperties().size());
            Map<String, String> p = d.parameters();
            assertEquals("1", p.get("imagesPerChild"));
            assertEquals("s3://media/renditions/", p.get("output"));
            assertEquals("default", p.get("spec"));
            List<ManifestCsv.Entry> lines = manifest(moto, p.get("manifest"));
            assertEquals(d.arrayProperties().size(), lines.size(), "one image per child");
            lines.forEach(e -> assertEquals(BUCKET, e.bucket()));
            lines.forEach(e -> covered.add(e.key()));
        }
        assertEquals(List.of(1000, 1000, 500), sizes);
        assertEquals(IMAGES, covered.size(), "no image twice");
        assertEquals(new HashSet<>(images), new HashSet<>(covered), "every image and nothing else");

        List<JsonNode> events = tap.receive(1, Duration.ofSeconds(10));
        assertEquals(1, events.size(), events.toString());
        JsonNode e = events.get(0);
        assertEquals(Set.of(), EventSchemas.schema("backfill-submitted").validate(e));
        assertEquals(DetailTypes.BACKFILL_SUBMITTED, e.get("detail-type").asText());
        List<String> ids = new ArrayList<>();
        e.at("/detail/jobIds").forEach(n -> ids.add(n.asText()));
        assertEquals(firstRunJobs, ids);
        assertEquals(IMAGES, e.at("/detail/counts/images").asLong());
        assertEquals(3 * IMAGES, e.at("/detail/counts/renditions").asLong());
    }

    @Test
    @Order(3)
    void reRunningSubmitsNothingNew(MotoServer moto) {
        List<String> before = batch.jobIds(moto);
        CliHarness.Result r = backfill(moto);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("already submitted: nothing new (3 jobs)"), r.out());
        assertEquals(firstRunJobs, jobLines(r).stream().map(j -> j[0]).toList());
        assertEquals(before, batch.jobIds(moto), "no new job on the queue");
        assertEquals(List.of(), tap.receive(0, Duration.ZERO), "no second event");
    }

    @Test
    @Order(4)
    void onlyMissingSkipsWhatExists(MotoServer moto) {
        CliHarness.Result r = backfill(moto, "--only-missing", "--dry-run");
        assertEquals(0, r.exitCode(), r.toString());
        int expected = IMAGES - COMPLETE;
        assertTrue(r.out().contains(expected + " selected"), r.out());
        assertTrue(r.out().contains(COMPLETE + " every rendition exists (--only-missing)"), r.out());

        CliHarness.Result real = backfill(moto, "--only-missing");
        assertEquals(0, real.exitCode(), real.toString());
        List<String> covered = new ArrayList<>();
        for (String[] j : jobLines(real)) {
            covered.addAll(manifest(
                            moto, BatchFixture.describe(moto, j[0]).parameters().get("manifest"))
                    .stream()
                    .map(ManifestCsv.Entry::key)
                    .toList());
        }
        assertEquals(expected, covered.size());
        Set<String> want = new HashSet<>(images.subList(COMPLETE, IMAGES));
        assertEquals(want, new HashSet<>(covered), "partial ones included, complete ones skipped");
        assertEquals(1, tap.receive(1, Duration.ofSeconds(10)).size());
    }

    @Test
    @Order(5)
    void anInventoryReportIsReadInsteadOfAListing(MotoServer moto) throws IOException {
        S3Client s3 = moto.s3();
        s3.createBucket(b -> b.bucket("inventories"));
        String csv = "\"media\",\"uploads/2025/holiday+photos/img%2B1.JPG\",\"2025-05-01T10:00:00.000Z\",\"17\"\n"
                + "\"media\",\"uploads/2024/notes.txt\",\"2025-05-01T10:00:00.000Z\",\"10\"\n"
                + "\"media\",\"archive/scans/img%2B2.png\",\"2025-05-01T10:00:00.000Z\",\"18\"\n";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(csv.getBytes(StandardCharsets.UTF_8));
        }
        s3.putObject(
                b -> b.bucket("inventories").key("media/all/data/a.csv.gz"), RequestBody.fromBytes(gz.toByteArray()));
        s3.putObject(
                b -> b.bucket("inventories").key("media/all/2026-01-01T00-00Z/manifest.json"),
                RequestBody.fromString("{\"sourceBucket\":\"media\",\"destinationBucket\":\"arn:aws:s3:::inventories\","
                        + "\"fileFormat\":\"CSV\",\"fileSchema\":\"Bucket, Key, LastModifiedDate, Size\","
                        + "\"files\":[{\"key\":\"media/all/data/a.csv.gz\",\"size\":1,\"MD5checksum\":\"x\"}]}"));
        CliHarness.Result r = cli(moto)
                .run(
                        "backfill",
                        "--inventory",
                        "s3://inventories/media/all/2026-01-01T00-00Z/manifest.json",
                        "--output",
                        "s3://media/renditions/",
                        "--job-queue",
                        batch.jobQueueName(),
                        "--job-definition",
                        batch.jobDefinitionName(),
                        "--images-per-child",
                        "5",
                        "--events",
                        "none");
        assertEquals(0, r.exitCode(), r.toString());
        List<String[]> jobs = jobLines(r);
        assertEquals(1, jobs.size(), r.toString());
        JobDetail d = BatchFixture.describe(moto, jobs.get(0)[0]);
        assertTrue(
                d.arrayProperties() == null || d.arrayProperties().size() == null, "2 images, 5 a child: a plain job");
        assertEquals(
                List.of(
                        new ManifestCsv.Entry("media", "uploads/2025/holiday photos/img+1.JPG", null),
                        new ManifestCsv.Entry("media", "archive/scans/img+2.png", null)),
                manifest(moto, d.parameters().get("manifest")));
    }
}
