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
        m.put(String.valueOf(ExitCodes.OK), "Success: written, already up to date, or the source was superseded.");
        m.put(String.valueOf(ExitCodes.TRANSIENT), "Transient or unexpected failure: a retry may help.");
        m.put(
                String.valueOf(ExitCodes.USAGE),
                "Usage or configuration error: bad flag or spec, unsubstituted Ref:: parameter, access"
                        + " denied, unsafe output.");
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
                "                             --all is given (set in AWS Batch array children);",
                "                             with --manifest, the child i whose images it renders.",
                "  " + WorkerEnv.AWS_BATCH_JOB_ID + "           Set by AWS Batch; copied into events (job.id);",
                "                             when set, --events defaults to eventbridge.",
                "  " + WorkerEnv.AWS_BATCH_JOB_ATTEMPT + "      Set by AWS Batch; copied into events (job.attempt).",
                "  " + EventsOptions.EVENT_BUS_NAME + ", " + EventsOptions.EVENT_SOURCE
                        + "  Defaults of --event-bus and --event-source.",
                "  " + InputPrefixOption.INPUT_PREFIX + ", " + S3Options.CACHE_CONTROL
                        + "      Defaults of --input-prefix and --cache-control.",
                "  AWS_ENDPOINT_URL[_S3|_EVENTBRIDGE]  Endpoint overrides (moto, LocalStack, MinIO).",
                "  AWS_REGION, AWS_ACCESS_KEY_ID, ...  The usual AWS region and credential chains.",
                "  AWS_MAX_ATTEMPTS             Attempts per AWS call (SDK standard retry mode, default 3).");
    }
}
