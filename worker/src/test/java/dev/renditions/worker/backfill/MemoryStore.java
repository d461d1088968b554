package dev.renditions.worker.backfill;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An in-memory {@link ObjectStore}: objects sorted by bucket and key (as S3 lists them), every write and listing
 * counted. {@link #failWrites} makes matching writes fail, to simulate a crash at that point.
 */
public class MemoryStore implements ObjectStore {
    record Obj(byte[] body, String contentType, Map<String, String> metadata, Instant lastModified) {}

    public final TreeMap<String, Obj> objects = new TreeMap<>();
    public final List<String> writes = new ArrayList<>();
    public final List<String> listings = new ArrayList<>();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    public Predicate<S3Location> failWrites = l -> false;

    private static String id(String bucket, String key) {
        return bucket + "\u0000" + key;
    }

    public MemoryStore add(String bucket, String key, int size) {
        return add(bucket, key, new byte[size], now);
    }

    public MemoryStore add(String bucket, String key, byte[] body, Instant lastModified) {
        objects.put(id(bucket, key), new Obj(body, "application/octet-stream", Map.of(), lastModified));
        return this;
    }

    public Optional<String> text(S3Location at) {
        Obj o = objects.get(id(at.bucket(), at.key()));
        return o == null ? Optional.empty() : Optional.of(new String(o.body(), StandardCharsets.UTF_8));
    }

    public List<String> keys(String bucket, String prefix) {
        return list(bucket, prefix).map(m -> m.location().key()).toList();
    }

    private ObjectMeta meta(String bucket, String key, Obj o) {
        return new ObjectMeta(
                new S3Location(bucket, key),
                o.body().length,
                Integer.toHexString(Arrays.hashCode(o.body())),
                null,
                o.contentType(),
                o.lastModified(),
                o.metadata());
    }

    @Override
    public Optional<ObjectMeta> head(S3Location l) {
        Obj o = objects.get(id(l.bucket(), l.key()));
        return o == null ? Optional.empty() : Optional.of(meta(l.bucket(), l.key(), o));
    }

    @Override
    public ObjectMeta download(S3Location l, Pin pin, Path target) {
        Obj o = objects.get(id(l.bucket(), l.key()));
        if (o == null) {
            throw new InvalidInputException(InvalidInputException.SOURCE_MISSING, l.uri() + " does not exist");
        }
        try {
            Files.write(target, o.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meta(l.bucket(), l.key(), o);
    }

    @Override
    public byte[] readHead(S3Location l, Pin pin, int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void put(S3Location l, Path body, PutOptions options) {
        try {
            write(l, Files.readAllBytes(body), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean putIfAbsent(S3Location l, byte[] body, PutOptions options) {
        if (objects.containsKey(id(l.bucket(), l.key()))) {
            return false;
        }
        write(l, body, options);
        return true;
    }

    private void write(S3Location l, byte[] body, PutOptions options) {
        if (failWrites.test(l)) {
            throw new dev.renditions.core.errors.TransientException(
                    dev.renditions.core.errors.TransientException.SERVICE_ERROR, "injected: write " + l.uri(), null);
        }
        writes.add(l.uri());
        objects.put(id(l.bucket(), l.key()), new Obj(body, options.contentType(), options.metadata(), now));
    }

    @Override
    public void delete(S3Location l) {
        writes.add("DELETE " + l.uri());
        objects.remove(id(l.bucket(), l.key()));
    }

    @Override
    public Stream<ObjectMeta> list(String bucket, String prefix) {
        listings.add(new S3Location(bucket, prefix).uri());
        String from = id(bucket, prefix);
        List<ObjectMeta> page = new ArrayList<>();
        for (Map.Entry<String, Obj> e : objects.tailMap(from, true).entrySet()) {
            if (!e.getKey().startsWith(from)) {
                break;
            }
            page.add(meta(bucket, e.getKey().substring(bucket.length() + 1), e.getValue()));
        }
        return page.stream();
    }
}
