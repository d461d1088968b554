package dev.renditions.worker.events;

import dev.renditions.worker.WorkerEnv;

/** Where the worker's events go ({@code --events}). */
public enum EventsMode {
    /** One JSON line per event on stdout, shaped as an EventBridge rule target receives it. */
    STDOUT,
    /** PutEvents to an EventBridge bus ({@code --event-bus}). */
    EVENTBRIDGE,
    /** Nowhere. */
    NONE;

    /**
     * The default when {@code --events} is not given: EventBridge under AWS Batch (when {@code AWS_BATCH_JOB_ID} is
     * set), stdout everywhere else.
     */
    public static EventsMode defaultFor(WorkerEnv env) {
        return env.inBatch() ? EVENTBRIDGE : STDOUT;
    }
}
