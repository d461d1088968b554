package dev.renditions.dispatcher.fakes;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import dev.renditions.core.ports.SourceChangedException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An in-memory S3 with the semantics the dispatcher relies on: versioned or unversioned buckets, reads pinned by
 * version id or ETag, {@code If-None-Match: *} and {@code If-Match} puts, injectable failures, and hooks that run
 * another invocation's work just before a call (to interleave two invocations deterministically).
 */
public final class FakeObjectStore implements ObjectStore {
    public enum Op {
        HEAD,
        READ_HEAD,
        PUT_IF_ABSENT,
        PUT_IF_MATCH,
        DELETE
    }

    private record Version(String versionId, byte[] body, String etag) {}

    private record Fault(Op op, Predicate<S3Location> where, RuntimeException error, Runnable before) {}

    private final Map<String, List<Version>> objects = new TreeMap<>();
    private final Set<String> versioned = new HashSet<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<S3Location, Integer> lastReadLength = new LinkedHashMap<>();
    private int versionCounter;

    public void enableVersioning(String bucket) {
        versioned.add(bucket);
    }

    /** Stores a new object (a new version on versioned buckets, a replacement otherwise). */
    public ObjectMeta upload(String bucket, String key, byte[] body) {
        String id = versioned.contains(bucket) ? "v" + (++versionCounter) + "-" + key.hashCode() : null;
        Version v = new Version(id, body.clone(), md5(body));
        List<Version> versions = objects.computeIfAbsent(bucket + "/" + key, k -> new ArrayList<>());
        if (id == null) {
            versions.clear();
        }
        versions.add(v);
        return meta(new S3Location(bucket, key), v);
    }

    public void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    public boolean exists(String bucket, String key) {
        List<Version> v = objects.get(bucket + "/" + key);
        return v != null && !v.isEmpty();
    }

    public Optional<String> text(String bucket, String key) {
        List<Version> v = objects.get(bucket + "/" + key);
        return v == null || v.isEmpty()
                ? Optional.empty()
                : Optional.of(new String(v.get(v.size() - 1).body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Keys under a prefix of one bucket. */
    public List<String> keys(String bucket, String prefix) {
        String p = bucket + "/" + prefix;
        return objects.entrySet().stream()
                .filter(e -> e.getKey().startsWith(p) && !e.getValue().isEmpty())
                .map(e -> e.getKey().substring(bucket.length() + 1))
                .toList();
    }

    /** The next call of {@code op} on a matching location throws {@code error} (once). */
    public void failNext(Op op, Predicate<S3Location> where, RuntimeException error) {
        faults.add(new Fault(op, where, error, null));
    }

    /** Runs {@code action} (once) just before the next call of {@code op} on a matching location is carried out. */
    public void beforeNext(Op op, Predicate<S3Location> where, Runnable action) {
        faults.add(new Fault(op, where, null, action));
    }

    /** Every call made, as {@code OP s3://bucket/key}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public Integer lastReadLength(S3Location loc) {
        return lastReadLength.get(loc);
    }

    @Override
    public Optional<ObjectMeta> head(S3Location location) {
        enter(Op.HEAD, location);
        return latest(location).map(v -> meta(location, v));
    }

    @Override
    public ObjectMeta download(S3Location location, Pin pin, Path target) {
        throw new UnsupportedOperationException("the dispatcher never downloads whole objects");
    }

    @Override
    public byte[] readHead(S3Location location, Pin pin, int length) {
        enter(Op.READ_HEAD, location);
        lastReadLength.put(location, length);
        List<Version> versions = objects.getOrDefault(location.bucket() + "/" + location.key(), List.of());
        Version v;
        if (pin.versionId() != null) {
            v = versions.stream()
                    .filter(x -> pin.versionId().equals(x.versionId()))
                    .findFirst()
                    .orElseThrow(() -> missing(location));
            if (pin.etag() != null && !pin.etag().equals(v.etag())) {
                throw new SourceChangedException("version " + pin.versionId() + " has another ETag");
            }
        } else {
            v = latest(location).orElseThrow(() -> missing(location));
            if (pin.etag() != null && !pin.etag().equals(v.etag())) {
                throw new SourceChangedException("ETag is " + v.etag() + ", expected " + pin.etag());
            }
        }
        return Arrays.copyOf(v.body(), Math.min(length, v.body().length));
    }

    @Override
    public void put(S3Location location, Path body, PutOptions options) {
        throw new UnsupportedOperationException("the dispatcher only writes markers, with putIfAbsent");
    }

    @Override
    public boolean putIfAbsent(S3Location location, byte[] body, PutOptions options) {
        enter(Op.PUT_IF_ABSENT, location);
        if (latest(location).isPresent()) {
            return false;
        }
        upload(location.bucket(), location.key(), body);
        return true;
    }

    @Override
    public boolean putIfMatch(S3Location location, byte[] body, String etag, PutOptions options) {
        enter(Op.PUT_IF_MATCH, location);
        Optional<Version> current = latest(location);
        if (current.isEmpty() || !current.get().etag().equals(ObjectMeta.unquote(etag))) {
            return false;
        }
        upload(location.bucket(), location.key(), body);
        return true;
    }

    @Override
    public void delete(S3Location location) {
        enter(Op.DELETE, location);
        objects.remove(location.bucket() + "/" + location.key());
    }

    @Override
    public Stream<ObjectMeta> list(String bucket, String prefix) {
        return keys(bucket, prefix).stream()
                .map(k -> meta(
                        new S3Location(bucket, k),
                        latest(new S3Location(bucket, k)).orElseThrow()));
    }

    private void enter(Op op, S3Location location) {
        calls.add(op + " " + location.uri());
        for (var it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.op() == op && f.where().test(location)) {
                it.remove();
                if (f.before() != null) {
                    f.before().run();
                    return;
                }
                throw f.error();
            }
        }
    }

    private Optional<Version> latest(S3Location location) {
        List<Version> v = objects.get(location.bucket() + "/" + location.key());
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    private static ObjectMeta meta(S3Location loc, Version v) {
        return new ObjectMeta(loc, v.body().length, v.etag(), v.versionId(), null, Instant.EPOCH, Map.of());
    }

    private static InvalidInputException missing(S3Location location) {
        return new InvalidInputException(
                InvalidInputException.SOURCE_MISSING, "no such object: " + location.uri() + " (NoSuchKey)");
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
