package dev.renditions.worker.events;

import dev.renditions.worker.WorkerEnv;

/** Where the worker's events go ({@code --events}). */
public enum EventsMode {
    /** One JSON line per event on stdout, shaped as an EventBridge rule target receives it. */
    STDOUT,
    /** Nowhere. */
    NONE;

    /**
     * The default when {@code --events} is not given: stdout. (Under AWS Batch, i.e. with {@code AWS_BATCH_JOB_ID}
     * set, this becomes EventBridge once the EventBridge publisher exists; until then it is stdout there too.)
     */
    public static EventsMode defaultFor(WorkerEnv env) {
        return STDOUT;
    }
}
