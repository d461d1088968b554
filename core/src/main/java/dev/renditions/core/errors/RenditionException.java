package dev.renditions.core.errors;

import java.util.Objects;

/**
 * Base of every failure the pipeline knows how to classify. Each carries a stable machine-readable {@link #code()}
 * (published in failure events), whether a retry may help, and the process exit code it maps to.
 */
public abstract class RenditionException extends RuntimeException {
    private final String code;

    protected RenditionException(String code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Stable error code, e.g. {@code CorruptImage}, {@code LimitExceeded}, {@code Throttled}. */
    public String code() {
        return code;
    }

    /** True when retrying the same work may succeed. */
    public abstract boolean retryable();

    /** The process exit code, one of {@link ExitCodes}. */
    public abstract int exitCode();
}
