package dev.renditions.dispatcher;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.events.Json;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
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
 * The dedup markers of one dispatch, all in the output bucket under {@code MARKER_PREFIX}, each created with
 * {@code If-None-Match: *}:
 *
 * <ul>
 *   <li>{@code <prefix><id>}: the claim. Whoever creates it may submit the job. Holds the claimant's deadline: a claim
 *       without a job record past its deadline belongs to an invocation that ended without recording a job (it died,
 *       or its submit failed in a way that may or may not have created the job) and may be taken over. The only
 *       overwrite of any marker is that takeover, and it is conditional on the ETag of the expired claim as read
 *       ({@code If-Match}), so of several invocations taking over the same claim exactly one succeeds.
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

    /**
     * The claim and its ETag: a HEAD for the ETag, then a GET pinned to it ({@code If-Match}), so the body is the one
     * that ETag names.
     *
     * @throws dev.renditions.core.ports.SourceChangedException when the claim was replaced between the two requests
     *     (another invocation is taking it over right now)
     */
    Optional<HeldClaim> readClaim(String id) {
        S3Location loc = claimLocation(id);
        Optional<ObjectMeta> meta = store.head(loc);
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        String etag = meta.get().etag();
        return read(loc, new Pin(null, etag)).map(b -> new HeldClaim(Json.read(b, Claim.class), etag));
    }

    /**
     * Replaces an expired claim with {@code next}, only if the claim is still the one read ({@code If-Match} on its
     * ETag).
     *
     * @return true when this call took the claim over; false when another invocation replaced or released it first
     */
    boolean takeOver(String id, HeldClaim expired, Claim next) {
        return store.putIfMatch(claimLocation(id), bytes(next), expired.etag(), JSON);
    }

    /** Deletes the claim so that a retry can claim again: only after a submit that was rejected (no job exists). */
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
        return read(loc, Pin.LATEST);
    }

    private Optional<String> read(S3Location loc, Pin pin) {
        try {
            return Optional.of(new String(store.readHead(loc, pin, MAX_MARKER_BYTES), StandardCharsets.UTF_8));
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

    /**
     * Body of the claim marker. {@code firstClaimedAt} is when the first claim of this dispatch was made; a takeover
     * carries it over, so that the search for a job an earlier holder may have submitted covers every earlier holder,
     * not only the last one. Markers written before this field existed lack it: {@code claimedAt} stands in.
     */
    @JsonPropertyOrder({"source", "versionId", "etag", "specHash", "claimedAt", "expiresAt", "firstClaimedAt"})
    record Claim(
            String source,
            String versionId,
            String etag,
            String specHash,
            String claimedAt,
            String expiresAt,
            String firstClaimedAt) {
        boolean expiredAt(Instant now) {
            return expiresAt == null || !Instant.parse(expiresAt).isAfter(now);
        }

        /** When the first holder of this dispatch claimed it; null when the marker says nothing parseable. */
        Instant since() {
            String t = firstClaimedAt != null ? firstClaimedAt : claimedAt;
            try {
                return t == null ? null : Instant.parse(t);
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    /** A claim as read, with the ETag a takeover must match. */
    record HeldClaim(Claim claim, String etag) {}

    /** Body of the job marker. */
    @JsonPropertyOrder({"jobId", "jobName", "queue", "arraySize", "submittedAt"})
    record JobRecord(String jobId, String jobName, String queue, int arraySize, String submittedAt) {}

    /** Body of the announced marker. */
    @JsonPropertyOrder({"eventId", "announcedAt"})
    record Announced(String eventId, String announcedAt) {}
}
