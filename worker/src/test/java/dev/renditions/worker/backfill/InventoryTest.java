package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.spec.Limits;
import dev.renditions.worker.backfill.BackfillPlanner.Mode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Backfills from an S3 Inventory report (CSV, gzip, keys URL-encoded with '+' for spaces, every field quoted). */
class InventoryTest {
    static final S3Location MANIFEST = S3Location.parse("s3://inventories/media/daily/2026-01-01T01-00Z/manifest.json");
    static final String SCHEMA =
            "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag," + " StorageClass";

    static byte[] gzip(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    static String manifest(String format, String schema, String... files) {
        StringBuilder f = new StringBuilder();
        for (String k : files) {
            f.append(f.length() == 0 ? "" : ",")
                    .append("{\"key\":\"")
                    .append(k)
                    .append("\",\"size\":100,\"MD5checksum\":\"x\"}");
        }
        return "{\"sourceBucket\":\"media\",\"destinationBucket\":\"arn:aws:s3:::inventories\","
                + "\"version\":\"2016-11-30\",\"creationTimestamp\":\"1767229200000\",\"fileFormat\":\"" + format
                + "\",\"fileSchema\":\"" + schema + "\",\"files\":[" + f + "]}";
    }

    static Fixtures withInventory() {
        Fixtures f = new Fixtures();
        String file1 = String.join(
                "\n",
                "\"media\",\"uploads/holiday+photos/cat+1.jpg\",\"v1\",\"true\",\"false\",\"100\","
                        + "\"2025-05-01T10:00:00.000Z\",\"e1\",\"STANDARD\"",
                "\"media\",\"uploads/a%2Bb.PNG\",\"v2\",\"true\",\"false\",\"200\",\"2025-05-02T10:00:00.000Z\","
                        + "\"e2\",\"STANDARD\"",
                "\"media\",\"uploads/old.jpg\",\"v0\",\"false\",\"false\",\"300\",\"2025-01-01T10:00:00.000Z\","
                        + "\"e3\",\"STANDARD\"",
                "\"media\",\"uploads/deleted.jpg\",\"v9\",\"true\",\"true\",\"\",\"2025-05-03T10:00:00.000Z\",\"\","
                        + "\"\"",
                "\"media\",\"uploads/cold.jpg\",\"v3\",\"true\",\"false\",\"10\",\"2025-05-04T10:00:00.000Z\","
                        + "\"e4\",\"DEEP_ARCHIVE\"",
                "\"media\",\"uploads/notes.txt\",\"v4\",\"true\",\"false\",\"10\",\"2025-05-04T10:00:00.000Z\","
                        + "\"e5\",\"STANDARD\"",
                "");
        String file2 = "\"media\",\"uploads/%C3%BCber/%E6%97%A5.webp\",\"null\",\"true\",\"false\",\"50\","
                + "\"2025-06-01T00:00:00.000Z\",\"e6\",\"STANDARD\"\n";
        f.store.add(
                "inventories",
                MANIFEST.key(),
                manifest("CSV", SCHEMA, "media/daily/data/1.csv.gz", "media/daily/data/2.csv.gz")
                        .getBytes(StandardCharsets.UTF_8),
                Fixtures.NOW);
        f.store.add("inventories", "media/daily/data/1.csv.gz", gzip(file1), Fixtures.NOW);
        f.store.add("inventories", "media/daily/data/2.csv.gz", gzip(file2), Fixtures.NOW);
        return f;
    }

    static BackfillRequest request(Fixtures f, SourceFilter filter) {
        BackfillRequest r = f.request(new Chunking(1, 10));
        return Fixtures.copy(r, c -> {
            c.source = new SourceSelection.Inventory(MANIFEST);
            c.filter = filter;
        });
    }

    @Test
    void currentImagesOfTheInventoryAreSelectedWithTheirVersions() {
        Fixtures f = withInventory();
        BackfillResult r = f.planner().run(request(f, SourceFilter.images(Limits.DEFAULT_MAX_BYTES)), Mode.SUBMIT);

        assertEquals(
                List.of(
                        new ManifestCsv.Entry("media", "uploads/holiday photos/cat 1.jpg", "v1"),
                        new ManifestCsv.Entry("media", "uploads/a+b.PNG", "v2"),
                        new ManifestCsv.Entry("media", "uploads/über/日.webp", null)),
                f.chunks(r).get(0));
        assertEquals(7, r.plan().objects());
        assertEquals(350, r.plan().bytes());
        assertEquals(
                Map.of("notCurrent", 2L, "archived", 1L, "notImage", 1L),
                r.plan().skipped());
        assertEquals(
                new dev.renditions.core.events.BackfillSubmittedDetail.Source(null, null, MANIFEST.uri()),
                r.plan().source());
        assertEquals(0, f.store.listings.size(), "an inventory run lists nothing");
    }

    @Test
    void dateFiltersUseLastModifiedDate() {
        Fixtures f = withInventory();
        SourceFilter filter = new SourceFilter(
                SourceFilter.IMAGE_SUFFIXES, 1, 1000, Instant.parse("2025-05-02T00:00:00Z"), null, List.of());
        BackfillResult r = f.planner().run(request(f, filter), Mode.DRY_RUN);
        assertEquals(2, r.plan().images());
    }

    @Test
    void anInventoryWithoutDatesCannotBeFilteredByDate() {
        Fixtures f = new Fixtures();
        f.store.add(
                "inventories",
                MANIFEST.key(),
                manifest("CSV", "Bucket, Key, Size", "d/1.csv.gz").getBytes(StandardCharsets.UTF_8),
                Fixtures.NOW);
        f.store.add("inventories", "d/1.csv.gz", gzip("\"media\",\"a.jpg\",\"5\"\n"), Fixtures.NOW);
        SourceFilter dated = new SourceFilter(
                SourceFilter.IMAGE_SUFFIXES, 1, 1000, Instant.parse("2025-05-02T00:00:00Z"), null, List.of());
        UsageException e = assertThrows(UsageException.class, () -> f.planner().run(request(f, dated), Mode.DRY_RUN));
        assertTrue(e.getMessage().contains("LastModifiedDate"), e.getMessage());

        BackfillResult r = f.planner().run(request(f, SourceFilter.images(1000)), Mode.DRY_RUN);
        assertEquals(1, r.plan().images());
    }

    @Test
    void unsupportedOrMissingInventoriesAreUsageErrors() {
        Fixtures f = new Fixtures();
        UsageException missing = assertThrows(
                UsageException.class, () -> f.planner().run(request(f, SourceFilter.images(1000)), Mode.DRY_RUN));
        assertTrue(missing.getMessage().contains("no such object"), missing.getMessage());

        f.store.add(
                "inventories",
                MANIFEST.key(),
                manifest("Parquet", "Bucket, Key", "d/1.parquet").getBytes(StandardCharsets.UTF_8),
                Fixtures.NOW);
        UsageException parquet = assertThrows(
                UsageException.class, () -> f.planner().run(request(f, SourceFilter.images(1000)), Mode.DRY_RUN));
        assertTrue(parquet.getMessage().contains("only CSV"), parquet.getMessage());

        f.store.add(
                "inventories",
                MANIFEST.key(),
                manifest("CSV", "Bucket, Key", "d/gone.csv.gz").getBytes(StandardCharsets.UTF_8),
                Fixtures.NOW);
        UsageException gone = assertThrows(
                UsageException.class, () -> f.planner().run(request(f, SourceFilter.images(1000)), Mode.DRY_RUN));
        assertTrue(gone.getMessage().contains("d/gone.csv.gz"), gone.getMessage());
    }

    @Test
    void aRowThatDoesNotMatchTheSchemaNamesFileAndLine() {
        Fixtures f = new Fixtures();
        f.store.add(
                "inventories",
                MANIFEST.key(),
                manifest("CSV", "Bucket, Key, Size", "d/1.csv.gz").getBytes(StandardCharsets.UTF_8),
                Fixtures.NOW);
        f.store.add(
                "inventories", "d/1.csv.gz", gzip("\"media\",\"a.jpg\",\"5\"\n\"media\",\"b.jpg\"\n"), Fixtures.NOW);
        UsageException e = assertThrows(
                UsageException.class, () -> f.planner().run(request(f, SourceFilter.images(1000)), Mode.DRY_RUN));
        assertTrue(e.getMessage().contains("d/1.csv.gz line 2"), e.getMessage());
    }
}
