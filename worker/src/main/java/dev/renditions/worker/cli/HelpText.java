package dev.renditions.worker.cli;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.worker.WorkerEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The exit codes and environment variables every command's {@code --help} lists. */
final class HelpText {
    private HelpText() {}

    static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(String.valueOf(ExitCodes.OK), "Success.");
        m.put(String.valueOf(ExitCodes.TRANSIENT), "Transient or unexpected failure: a retry may help.");
        m.put(
                String.valueOf(ExitCodes.USAGE),
                "Usage or configuration error: bad flag or spec, unsubstituted Ref:: parameter.");
        m.put(
                String.valueOf(ExitCodes.INVALID_INPUT),
                "The input is invalid, unsupported, missing or over a limit: a retry cannot help.");
        return m;
    }

    static Map<String, String> probeExitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(String.valueOf(ExitCodes.OK), "The image is readable and within the spec's limits.");
        m.put(String.valueOf(ExitCodes.TRANSIENT), "Unexpected failure (e.g. an I/O error).");
        m.put(String.valueOf(ExitCodes.USAGE), "Usage or configuration error: bad flag or spec.");
        m.put(
                String.valueOf(ExitCodes.INVALID_INPUT),
                "The image is unreadable, unsupported, missing or over a limit.");
        return m;
    }

    static List<String> environment() {
        return List.of(
                "  " + WorkerEnv.AWS_BATCH_JOB_ARRAY_INDEX + "  Rendition index when none of --rendition, --index,",
                "                             --all is given (set in AWS Batch array children).",
                "  " + WorkerEnv.AWS_BATCH_JOB_ID + "           Set by AWS Batch; copied into events (job.id).",
                "  " + WorkerEnv.AWS_BATCH_JOB_ATTEMPT + "      Set by AWS Batch; copied into events (job.attempt).");
    }
}
