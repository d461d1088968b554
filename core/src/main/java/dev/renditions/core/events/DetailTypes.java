package dev.renditions.core.events;

/** The {@code detail-type} values this project publishes. Consumer rules match on these strings. */
public final class DetailTypes {
    public static final String RENDITION_COMPLETED = "Rendition Completed";
    public static final String RENDITION_SKIPPED = "Rendition Skipped";
    public static final String RENDITION_FAILED = "Rendition Failed";
    public static final String RENDITIONS_REQUESTED = "Renditions Requested";
    public static final String UPLOAD_REJECTED = "Upload Rejected";
    public static final String BACKFILL_SUBMITTED = "Backfill Submitted";

    /** Default {@code source} of the worker's events. */
    public static final String WORKER_SOURCE = "renditions.worker";
    /** Default {@code source} of the dispatcher's events. */
    public static final String DISPATCHER_SOURCE = "renditions.dispatcher";
    /** Default {@code source} of the backfill planner's events. */
    public static final String BACKFILL_SOURCE = "renditions.backfill";

    private DetailTypes() {}
}
