package dev.renditions.worker;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import dev.renditions.core.ports.SourceChangedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A fake {@link ObjectStore} with S3's semantics as {@code S3ObjectStore} reports them: ETags are the MD5 of the
 * body, versioned buckets give each PUT a new version id, pinned reads raise {@link SourceChangedException} or
 * {@code SourceMissing}. Records every call; {@link #failNext} makes calls throw.
 */
public final class InMemoryObjectStore implements ObjectStore {
    /** One stored object version. */
    public record Stored(byte[] body, String etag, String versionId, PutOptions options) {}

    /** One call: operation ({@code head}, {@code download}, {@code put}, ...) and location. */
    public record Call(String op, S3Location location) {}

    private final Map<String, Map<String, Stored>> latest = new LinkedHashMap<>();
    private final Set<String> versioned = new HashSet<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Map.Entry<Predicate<Call>, RuntimeException>> failures = new ArrayList<>();
    private final AtomicInteger versions = new AtomicInteger();

    public InMemoryObjectStore bucket(String name, boolean versioning) {
        latest.putIfAbsent(name, new LinkedHashMap<>());
        if (versioning) {
            versioned.add(name);
        }
        return this;
    }

    /** Stores {@code body} (as an upload would) and returns what a HEAD now says. */
    public ObjectMeta upload(S3Location at, byte[] body, String contentType) {
        store(at, body, new PutOptions(contentType, null, null));
        return meta(at, latest.get(at.bucket()).get(at.key()));
    }

    public Optional<Stored> get(S3Location at) {
        Map<String, Stored> b = latest.get(at.bucket());
        return Optional.ofNullable(b == null ? null : b.get(at.key()));
    }

    public void remove(S3Location at) {
        Map<String, Stored> b = latest.get(at.bucket());
        if (b != null) {
            b.remove(at.key());
        }
    }

    /** Keys in a bucket, in insertion order. */
    public List<String> keys(String bucket) {
        return List.copyOf(latest.getOrDefault(bucket, Map.of()).keySet());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String op) {
        return calls.stream().filter(c -> c.op().equals(op)).toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** The next call that matches throws {@code failure} (once). */
    public InMemoryObjectStore failNext(Predicate<Call> match, RuntimeException failure) {
        failures.add(Map.entry(match, failure));
        return this;
    }

    private void call(String op, S3Location at) {
        Call c = new Call(op, at);
        calls.add(c);
        for (int i = 0; i < failures.size(); i++) {
            if (failures.get(i).getKey().test(c)) {
                RuntimeException e = failures.remove(i).getValue();
                throw e;
            }
        }
    }

    @Override
    public Optional<ObjectMeta> head(S3Location location) {
        call("head", location);
        return get(location).map(s -> meta(location, s));
    }

    @Override
    public ObjectMeta download(S3Location location, Pin pin, Path target) {
        call("download", location);
        Stored s = pinned(location, pin);
        try {
            Files.write(target, s.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meta(location, s);
    }

    @Override
    public byte[] readHead(S3Location location, Pin pin, int length) {
        call("readHead", location);
        byte[] b = pinned(location, pin).body();
        return java.util.Arrays.copyOf(b, Math.min(length, b.length));
    }

    @Override
    public void put(S3Location location, Path body, PutOptions options) {
        call("put", location);
        try {
            store(location, Files.readAllBytes(body), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean putIfAbsent(S3Location location, byte[] body, PutOptions options) {
        call("putIfAbsent", location);
        if (get(location).isPresent()) {
            return false;
        }
        store(location, body, options);
        return true;
    }

    @Override
    public void delete(S3Location location) {
        call("delete", location);
        remove(location);
    }

    @Override
    public Stream<ObjectMeta> list(String bucket, String prefix) {
        call("list", new S3Location(bucket, prefix));
        return latest.getOrDefault(bucket, Map.of()).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> meta(new S3Location(bucket, e.getKey()), e.getValue()));
    }

    private Stored pinned(S3Location location, Pin pin) {
        Stored s = get(location)
                .orElseThrow(() -> new InvalidInputException(
                        InvalidInputException.SOURCE_MISSING, location.uri() + " does not exist (NoSuchKey)"));
        if (pin != null && pin.versionId() != null && !pin.versionId().equals(s.versionId())) {
            throw new IllegalStateException("the fake keeps only the latest version; pinned " + pin.versionId());
        }
        if (pin != null && pin.etag() != null && !pin.etag().equals(s.etag())) {
            throw new SourceChangedException(location.uri() + " no longer has ETag " + pin.etag());
        }
        return s;
    }

    private void store(S3Location at, byte[] body, PutOptions options) {
        Map<String, Stored> b = latest.get(at.bucket());
        if (b == null) {
            throw new IllegalStateException("no bucket " + at.bucket());
        }
        String version = versioned.contains(at.bucket()) ? "v" + versions.incrementAndGet() : null;
        b.put(at.key(), new Stored(body.clone(), md5(body), version, options));
    }

    private static ObjectMeta meta(S3Location at, Stored s) {
        return new ObjectMeta(
                at,
                s.body().length,
                "\"" + s.etag() + "\"",
                s.versionId(),
                s.options().contentType(),
                Instant.EPOCH,
                s.options().metadata());
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
