package dev.renditions.core.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The {@code detail} of "Backfill Submitted" (source {@code renditions.backfill}): a backfill plan's jobs are all
 * submitted. Sent once per plan, by the run that submitted its last job (a re-run of a complete plan sends nothing
 * unless the earlier run could not deliver the event). Schema:
 * {@code eventbridge-rules/schemas/backfill-submitted.schema.json}.
 *
 * @param planId 16 hex digits, derived from the backfill's inputs
 * @param plan {@code s3://} URI of the plan's {@code plan.json}; its chunk manifests are beside it
 * @param jobIds the plan's AWS Batch job ids in chunk order (the first {@value #MAX_JOB_IDS} when there are more)
 * @param jobIdsTruncated true when {@code jobIds} was cut to {@value #MAX_JOB_IDS}; absent otherwise
 * @param submitted jobs this run submitted (the others were submitted by an earlier, interrupted run)
 */
@JsonPropertyOrder({
    "planId",
    "plan",
    "source",
    "output",
    "spec",
    "imagesPerChild",
    "counts",
    "jobIds",
    "jobIdsTruncated",
    "submitted"
})
public record BackfillSubmittedDetail(
        String planId,
        String plan,
        Source source,
        String output,
        Spec spec,
        int imagesPerChild,
        Counts counts,
        List<String> jobIds,
        Boolean jobIdsTruncated,
        long submitted) {
    /** Keeps the event far below EventBridge's 256 KiB (a job id is 36 characters). */
    public static final int MAX_JOB_IDS = 1_000;

    public BackfillSubmittedDetail {
        jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    }

    /** Where the sources came from: {@code bucket} and {@code prefix}, or {@code inventory}. */
    @JsonPropertyOrder({"bucket", "prefix", "inventory"})
    public record Source(String bucket, String prefix, String inventory) {}

    /** The spec's hash, and its URI unless it is the bundled default. */
    @JsonPropertyOrder({"hash", "uri"})
    public record Spec(String hash, String uri) {}

    /**
     * @param objects objects listed (or inventory rows read)
     * @param images objects selected
     * @param bytes their total size
     * @param skipped objects not selected
     * @param jobs AWS Batch jobs of the plan
     * @param arrays of those, array jobs (the rest are plain jobs of one child)
     * @param children children over all jobs
     * @param renditions renditions to make (images x renditions of the spec)
     */
    @JsonPropertyOrder({"objects", "images", "bytes", "skipped", "jobs", "arrays", "children", "renditions"})
    public record Counts(
            long objects,
            long images,
            long bytes,
            long skipped,
            long jobs,
            long arrays,
            long children,
            long renditions) {}
}
