package dev.renditions.worker.backfill;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Feeds a generated listing of N keys through the real planner with fakes (no S3), in a JVM of its own so that its
 * heap can be small: {@code MillionKeys N onlyMissing retain}. With {@code onlyMissing}, every even source already has
 * all its renditions (1.5 renditions listed per source). The fake store checks each uploaded chunk line by line
 * against the generated sequence without keeping it, unless {@code retain} (the control: a planner that kept every
 * key would look like this) makes it keep every line. Prints {@code images=... chunks=... jobs=... verified=...}.
 */
public final class MillionKeys {
    static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
    static final RenditionSpec SPEC = SpecParser.defaultSpec();

    private MillionKeys() {}

    static String key(int i) {
        String n = Integer.toString(i);
        return "photos/" + (i % 1000) + "/holiday snap " + "0000000".substring(n.length()) + n + ".jpg";
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        boolean onlyMissing = Boolean.parseBoolean(args[1]);
        boolean retain = Boolean.parseBoolean(args[2]);
        GeneratedStore store = new GeneratedStore(n, onlyMissing, retain);
        FakeJobs jobs = new FakeJobs();
        BackfillRequest request = new BackfillRequest(
                new SourceSelection.Listing("src", "photos/"),
                SourceFilter.images(Limits.DEFAULT_MAX_BYTES),
                SPEC,
                "default",
                S3Location.parse("s3://out/renditions/"),
                ".dispatch/",
                S3Location.parse("s3://out/.backfill/"),
                "q",
                "d",
                new Chunking(1, 10_000),
                onlyMissing,
                null,
                null,
                "uploads/");
        BackfillResult r = new BackfillPlanner(
                        store,
                        new PacedSubmitter(jobs, 50, PacedSubmitter.Backoff.DEFAULT, d -> {}, () -> 0L),
                        events -> {},
                        "renditions.backfill",
                        Clock.systemUTC(),
                        Progress.NONE,
                        System.err::println)
                .run(request, BackfillPlanner.Mode.SUBMIT);
        Runtime rt = Runtime.getRuntime();
        System.out.println("images=" + r.plan().images() + " chunks=" + r.plan().chunks() + " jobs="
                + jobs.submitted.size() + " verified=" + store.verified + " maxHeapMiB=" + rt.maxMemory() / 1048576);
    }

    static final class GeneratedStore implements ObjectStore {
        private final int n;
        private final boolean onlyMissing;
        private final boolean retain;
        private final Map<String, byte[]> small = new HashMap<>();
        private final List<String> retained = new ArrayList<>();
        private int next;
        long verified;

        GeneratedStore(int n, boolean onlyMissing, boolean retain) {
            this.n = n;
            this.onlyMissing = onlyMissing;
            this.retain = retain;
        }

        private boolean rendered(int i) {
            return onlyMissing && i % 2 == 0;
        }

        @Override
        public Stream<ObjectMeta> list(String bucket, String prefix) {
            if (bucket.equals("src")) {
                return IntStream.range(0, n)
                        .mapToObj(i -> new ObjectMeta(
                                new S3Location("src", key(i)), 1000 + i % 100, "etag", null, null, T, null));
            }
            return IntStream.range(0, n).filter(this::rendered).boxed().flatMap(i -> SPEC.renditions().stream()
                    .map(r -> new ObjectMeta(
                            new S3Location(bucket, OutputKeys.key(prefix, key(i), r)), 10, "e", null, null, T, null)));
        }

        /** Checks every line of a chunk against the sequence, keeping nothing (unless told to). */
        @Override
        public void put(S3Location l, Path body, PutOptions options) {
            try (BufferedReader in = Files.newBufferedReader(body, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    while (rendered(next)) {
                        next++;
                    }
                    ManifestCsv.Entry e = ManifestCsv.parse(line);
                    if (!e.key().equals(key(next)) || !e.bucket().equals("src")) {
                        throw new IllegalStateException("line " + line + " in " + l + ", expected " + key(next));
                    }
                    next++;
                    verified++;
                    if (retain) {
                        retained.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean putIfAbsent(S3Location l, byte[] body, PutOptions options) {
            if (small.containsKey(l.uri())) {
                return false;
            }
            small.put(l.uri(), body);
            return true;
        }

        @Override
        public Optional<ObjectMeta> head(S3Location l) {
            return Optional.ofNullable(small.get(l.uri()))
                    .map(b -> new ObjectMeta(l, b.length, "e", null, null, T, null));
        }

        @Override
        public ObjectMeta download(S3Location l, Pin pin, Path target) {
            byte[] b = small.get(l.uri());
            if (b == null) {
                throw new InvalidInputException(InvalidInputException.SOURCE_MISSING, l.uri() + " does not exist");
            }
            try {
                Files.write(target, b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return head(l).orElseThrow();
        }

        @Override
        public byte[] readHead(S3Location l, Pin pin, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(S3Location l) {
            throw new UnsupportedOperationException();
        }
    }
}
