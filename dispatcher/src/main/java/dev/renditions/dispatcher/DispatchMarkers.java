package dev.renditions.dispatcher;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.events.Json;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The dedup markers of one dispatch, all in the output bucket under {@code MARKER_PREFIX}, each written once with
 * {@code If-None-Match: *} and never overwritten:
 *
 * <ul>
 *   <li>{@code <prefix><id>}: the claim. Whoever creates it may submit the job. Holds the claimant's deadline: a claim
 *       without a job record past its deadline belongs to an invocation that died and may be taken over.
 *   <li>{@code <prefix><id>.job}: the submitted job (id, name, array size), written right after SubmitJob succeeds.
 *   <li>{@code <prefix><id>.announced}: "Renditions Requested" was published.
 * </ul>
 *
 * {@code <id>} is the SHA-256 (hex) of bucket, key, version id (or ETag) and spec hash.
 */
final class DispatchMarkers {
    private static final int MAX_MARKER_BYTES = 16 * 1024;
    private static final PutOptions JSON = new PutOptions("application/json", null, Map.of());

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;

    DispatchMarkers(ObjectStore store, String bucket, String prefix) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** The marker id of one upload rendered with one spec. */
    static String id(String bucket, String key, String objectIdentity, String specHash) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {bucket, key, objectIdentity, specHash}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                // length-prefixed, so no choice of key can make two different tuples collide
                md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    S3Location claimLocation(String id) {
        return new S3Location(bucket, prefix + id);
    }

    S3Location jobLocation(String id) {
        return new S3Location(bucket, prefix + id + ".job");
    }

    S3Location announcedLocation(String id) {
        return new S3Location(bucket, prefix + id + ".announced");
    }

    /** @return true when this call created the claim */
    boolean claim(String id, Claim claim) {
        return store.putIfAbsent(claimLocation(id), bytes(claim), JSON);
    }

    Optional<Claim> readClaim(String id) {
        return read(claimLocation(id)).map(b -> Json.read(b, Claim.class));
    }

    /** Deletes the claim so that a retry can claim again (after a failed submit, or to take over a dead claim). */
    void release(String id) {
        store.delete(claimLocation(id));
    }

    /** @return false when a job record already existed (it is left as it was) */
    boolean recordJob(String id, JobRecord job) {
        return store.putIfAbsent(jobLocation(id), bytes(job), JSON);
    }

    Optional<JobRecord> readJob(String id) {
        return read(jobLocation(id)).map(b -> Json.read(b, JobRecord.class));
    }

    boolean markAnnounced(String id, Announced announced) {
        return store.putIfAbsent(announcedLocation(id), bytes(announced), JSON);
    }

    boolean isAnnounced(String id) {
        return read(announcedLocation(id)).isPresent();
    }

    private Optional<String> read(S3Location loc) {
        try {
            return Optional.of(new String(store.readHead(loc, Pin.LATEST, MAX_MARKER_BYTES), StandardCharsets.UTF_8));
        } catch (InvalidInputException e) {
            if (InvalidInputException.SOURCE_MISSING.equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static byte[] bytes(Object o) {
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    /** Body of the claim marker. */
    @JsonPropertyOrder({"source", "versionId", "etag", "specHash", "claimedAt", "expiresAt"})
    record Claim(String source, String versionId, String etag, String specHash, String claimedAt, String expiresAt) {
        boolean expiredAt(Instant now) {
            return expiresAt == null || !Instant.parse(expiresAt).isAfter(now);
        }
    }

    /** Body of the job marker. */
    @JsonPropertyOrder({"jobId", "jobName", "queue", "arraySize", "submittedAt"})
    record JobRecord(String jobId, String jobName, String queue, int arraySize, String submittedAt) {}

    /** Body of the announced marker. */
    @JsonPropertyOrder({"eventId", "announcedAt"})
    record Announced(String eventId, String announcedAt) {}
}
