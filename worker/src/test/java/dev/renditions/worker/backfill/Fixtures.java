package dev.renditions.worker.backfill;

import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A bucket with sources, non-images and existing renditions, and a planner wired to fakes. */
final class Fixtures {
    static final String BUCKET = "media";
    static final S3Location OUTPUT = S3Location.parse("s3://media/renditions/");
    static final S3Location MANIFESTS = S3Location.parse("s3://media/.backfill/");
    static final String MARKERS = ".dispatch/";
    static final RenditionSpec SPEC = SpecParser.defaultSpec();
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    final MemoryStore store = new MemoryStore();
    final FakeJobs jobs = new FakeJobs();
    final List<EventEnvelope<?>> events = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    boolean publishEvents = true;

    /** {@code n} images spread over three prefixes, e.g. {@code uploads/b/img-00001.JPG}. */
    static String imageKey(int i) {
        String[] dirs = {"uploads/a/", "uploads/b/", "uploads/c d/"};
        String[] suffixes = {".jpg", ".JPG", ".png", ".jpeg", ".webp"};
        return dirs[i % 3] + "img-" + String.format("%05d", i) + suffixes[i % suffixes.length];
    }

    Fixtures images(int n) {
        for (int i = 0; i < n; i++) {
            store.add(BUCKET, imageKey(i), 10 + i % 7);
        }
        return this;
    }

    /** Non-images, an empty image, a folder placeholder, dispatcher markers and a foreign rendition. */
    Fixtures clutter() {
        store.add(BUCKET, "uploads/a/readme.txt", 5);
        store.add(BUCKET, "uploads/b/data.json", 5);
        store.add(BUCKET, "uploads/c d/", 0);
        store.add(BUCKET, "uploads/a/empty.jpg", 0);
        store.add(BUCKET, MARKERS + "uploads/a/img-00000.jpg", 5);
        store.add(BUCKET, "renditions/somewhere/else.jpg/thumb.jpg", 5);
        return this;
    }

    static final int CLUTTER_OBJECTS = 6;

    /** Every rendition of the default spec for source {@code key}, or only the first {@code count}. */
    Fixtures rendered(String key, int count) {
        List<Rendition> rs = SPEC.renditions();
        for (int r = 0; r < count; r++) {
            store.add(BUCKET, OutputKeys.key(OUTPUT.key(), key, rs.get(r)), 3);
        }
        return this;
    }

    BackfillRequest request(Chunking chunking) {
        return request(chunking, false, null);
    }

    BackfillRequest request(Chunking chunking, boolean onlyMissing, String label) {
        return new BackfillRequest(
                new SourceSelection.Listing(BUCKET, ""),
                SourceFilter.images(Limits.DEFAULT_MAX_BYTES),
                SPEC,
                "default",
                OUTPUT,
                MARKERS,
                MANIFESTS,
                "renditions-queue",
                "renditions-worker-manifest",
                chunking,
                onlyMissing,
                null,
                label,
                "uploads/");
    }

    /** The parts of a request that tests change; {@link #copy} builds a request from {@code r} with them changed. */
    static final class Change {
        SourceSelection source;
        SourceFilter filter;
        dev.renditions.core.spec.RenditionSpec spec;
        S3Location output;
        String jobQueue;
        String inputPrefix;
    }

    static BackfillRequest copy(BackfillRequest r, java.util.function.Consumer<Change> edit) {
        Change c = new Change();
        c.source = r.source();
        c.filter = r.filter();
        c.spec = r.spec();
        c.output = r.output();
        c.jobQueue = r.jobQueue();
        c.inputPrefix = r.inputPrefix();
        edit.accept(c);
        return new BackfillRequest(
                c.source,
                c.filter,
                c.spec,
                r.specParameter(),
                c.output,
                r.markerPrefix(),
                r.manifestPrefix(),
                c.jobQueue,
                r.jobDefinition(),
                r.chunking(),
                r.onlyMissing(),
                r.staleBefore(),
                r.label(),
                c.inputPrefix);
    }

    BackfillPlanner planner() {
        return planner(jobs);
    }

    BackfillPlanner planner(FakeJobs submitter) {
        return new BackfillPlanner(
                store,
                new PacedSubmitter(submitter, 50, PacedSubmitter.Backoff.DEFAULT, sleeps::add, () -> 0L),
                publishEvents ? events::addAll : null,
                "renditions.backfill",
                Clock.fixed(NOW, ZoneOffset.UTC),
                Progress.NONE,
                warnings::add);
    }

    /** Every manifest line of the plan, chunk by chunk. */
    List<List<ManifestCsv.Entry>> chunks(BackfillResult r) {
        List<List<ManifestCsv.Entry>> out = new ArrayList<>();
        for (long n = 0; n < r.plan().chunks(); n++) {
            String text = store.text(r.layout().chunk(n)).orElseThrow(() -> new AssertionError("no chunk file"));
            out.add(text.lines().map(ManifestCsv::parse).toList());
        }
        return out;
    }
}
