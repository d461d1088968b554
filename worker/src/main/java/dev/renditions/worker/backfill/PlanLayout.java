package dev.renditions.worker.backfill;

import dev.renditions.core.keys.S3Location;
import java.util.Objects;

/**
 * Where a plan's files live, under {@code <manifest prefix><plan id>/}:
 *
 * <pre>
 * plan.json              the committed plan (written once, after every chunk)
 * chunks/000000.csv      the manifest of job 0 (ManifestCsv lines)
 * state/000000.json      job 0 was submitted: its job id (also in the object's metadata "job-id")
 * state/event.json       the "Backfill Submitted" event was delivered
 * </pre>
 */
public record PlanLayout(S3Location manifestPrefix, String planId) {
    /** User metadata of a state object that holds the job id, so a HEAD reads it. */
    public static final String JOB_ID_METADATA = "job-id";

    public PlanLayout {
        Objects.requireNonNull(manifestPrefix, "manifestPrefix");
        Objects.requireNonNull(planId, "planId");
    }

    public S3Location root() {
        return at("");
    }

    public S3Location plan() {
        return at("plan.json");
    }

    public S3Location chunk(long n) {
        return at("chunks/" + number(n) + ".csv");
    }

    public S3Location state(long n) {
        return at("state/" + number(n) + ".json");
    }

    public S3Location event() {
        return at("state/event.json");
    }

    private S3Location at(String rest) {
        return new S3Location(manifestPrefix.bucket(), manifestPrefix.key() + planId + "/" + rest);
    }

    static String number(long n) {
        return String.format("%06d", n);
    }
}
