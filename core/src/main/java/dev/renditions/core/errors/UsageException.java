package dev.renditions.core.errors;

/** A usage or configuration error (bad flag, bad spec, access denied, missing parameter): exit 2, never retried. */
public final class UsageException extends RenditionException {
    public static final String BAD_USAGE = "BadUsage";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String ACCESS_DENIED = "AccessDenied";
    public static final String MISSING_PARAMETER = "MissingParameter";
    public static final String UNSAFE_OUTPUT = "UnsafeOutput";

    public UsageException(String message) {
        this(BAD_USAGE, message);
    }

    public UsageException(String code, String message) {
        super(code, message, null);
    }

    public UsageException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public int exitCode() {
        return ExitCodes.USAGE;
    }
}
