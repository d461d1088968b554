package dev.renditions.worker.backfill;

import java.util.List;
import java.util.Objects;

/**
 * What a backfill run did.
 *
 * @param plan the plan (computed now, or read back from {@code plan.json})
 * @param jobs the plan's jobs in chunk order (empty for a dry run)
 * @param submittedNow jobs this run submitted
 * @param throttled SubmitJob calls that were throttled and sent again
 * @param duplicates job ids this run submitted that turned out to be duplicates (another run recorded the chunk first)
 */
public record BackfillResult(
        Status status,
        PlanLayout layout,
        PlanRecord plan,
        List<JobRecord> jobs,
        long submittedNow,
        boolean eventSent,
        int throttled,
        List<String> duplicates) {

    public enum Status {
        /** Nothing written or submitted: the plan as it would be. */
        DRY_RUN,
        /** No image was selected: nothing written or submitted. */
        NOTHING_TO_DO,
        /** A new plan, every job submitted by this run. */
        SUBMITTED,
        /** An interrupted plan, continued with {@code --resume}. */
        RESUMED,
        /** The plan was already fully submitted: nothing new. */
        ALREADY_SUBMITTED
    }

    /** One job of the plan. */
    public record JobRecord(
            long chunk,
            String jobId,
            String jobName,
            String manifest,
            long images,
            int children,
            boolean submittedNow) {
        public JobRecord {
            Objects.requireNonNull(jobId, "jobId");
        }

        /** Array size as submitted: 0 for a plain job. */
        public int arraySize() {
            return children == 1 ? 0 : children;
        }
    }

    public BackfillResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(plan, "plan");
        jobs = List.copyOf(jobs);
        duplicates = List.copyOf(duplicates);
    }

    public String planId() {
        return layout.planId();
    }
}
