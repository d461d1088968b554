package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How AWS Batch applies {@code retryStrategy.evaluateOnExit} to a failed attempt: the first entry whose given conditions
 * all match decides; when none matches the job is retried. Each condition is a glob that is either an exact string or a
 * prefix ending in {@code *}. A condition on a value the attempt does not have (e.g. no exit code because the container
 * never started) does not match: AWS does not document that case, and the default (retry) then applies anyway.
 */
final class RetryStrategies {
    enum Action {
        RETRY,
        EXIT
    }

    /** What a failed attempt reports. Any of the three may be null. */
    record Attempt(Integer exitCode, String statusReason, String reason) {
        static Attempt exit(int code) {
            return new Attempt(code, "Essential container in task exited", null);
        }

        static Attempt infrastructure(String statusReason, String reason) {
            return new Attempt(null, statusReason, reason);
        }
    }

    private RetryStrategies() {}

    static Action decide(JsonNode retryStrategy, Attempt attempt) {
        for (JsonNode entry : retryStrategy.path("evaluateOnExit")) {
            if (matches(
                            entry.get("onExitCode"),
                            attempt.exitCode() == null
                                    ? null
                                    : attempt.exitCode().toString())
                    && matches(entry.get("onStatusReason"), attempt.statusReason())
                    && matches(entry.get("onReason"), attempt.reason())) {
                return Action.valueOf(entry.path("action").asText().toUpperCase(java.util.Locale.ROOT));
            }
        }
        return Action.RETRY;
    }

    private static boolean matches(JsonNode pattern, String value) {
        if (pattern == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        String glob = pattern.asText();
        return glob.endsWith("*") ? value.startsWith(glob.substring(0, glob.length() - 1)) : value.equals(glob);
    }
}
