package dev.renditions.worker;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.RenditionDetail;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The environment variables the worker reads, read once. AWS Batch sets the {@code AWS_BATCH_*} ones in every job
 * container; outside Batch they are absent.
 *
 * @param jobId {@code AWS_BATCH_JOB_ID} ({@code <parent>:<index>} for an array child), or null
 * @param arrayIndexText {@code AWS_BATCH_JOB_ARRAY_INDEX} as given, or null; parsed by {@link #arrayIndex()}
 * @param attempt {@code AWS_BATCH_JOB_ATTEMPT} as given, or null
 */
public record WorkerEnv(String jobId, String arrayIndexText, String attempt) {
    public static final String AWS_BATCH_JOB_ID = "AWS_BATCH_JOB_ID";
    public static final String AWS_BATCH_JOB_ARRAY_INDEX = "AWS_BATCH_JOB_ARRAY_INDEX";
    public static final String AWS_BATCH_JOB_ATTEMPT = "AWS_BATCH_JOB_ATTEMPT";

    public static final WorkerEnv NONE = new WorkerEnv(null, null, null);

    public WorkerEnv {
        jobId = blankToNull(jobId);
        arrayIndexText = blankToNull(arrayIndexText);
        attempt = blankToNull(attempt);
    }

    public static WorkerEnv from(Map<String, String> env) {
        return new WorkerEnv(
                env.get(AWS_BATCH_JOB_ID), env.get(AWS_BATCH_JOB_ARRAY_INDEX), env.get(AWS_BATCH_JOB_ATTEMPT));
    }

    /** True when running as an AWS Batch job. */
    public boolean inBatch() {
        return jobId != null;
    }

    /** The array index, empty when unset. Throws a usage error when it is not a whole number >= 0. */
    public OptionalInt arrayIndex() {
        if (arrayIndexText == null) {
            return OptionalInt.empty();
        }
        Integer i = parseIndex(arrayIndexText);
        if (i == null) {
            throw new UsageException(
                    AWS_BATCH_JOB_ARRAY_INDEX + " must be a whole number >= 0, found '" + arrayIndexText + "'");
        }
        return OptionalInt.of(i);
    }

    /** The job that does the work, for events; null outside AWS Batch. Unparseable numbers are left out. */
    public RenditionDetail.Job job() {
        if (!inBatch()) {
            return null;
        }
        return new RenditionDetail.Job(jobId, parseIndex(arrayIndexText), parseIndex(attempt));
    }

    private static Integer parseIndex(String s) {
        if (s == null || !s.matches("[0-9]{1,9}")) {
            return null;
        }
        return Integer.parseInt(s);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
