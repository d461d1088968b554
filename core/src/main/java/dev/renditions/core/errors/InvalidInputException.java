package dev.renditions.core.errors;

/** The source image is invalid, unsupported, missing or over a limit: exit 3, never retried. */
public final class InvalidInputException extends RenditionException {
    public static final String UNSUPPORTED_FORMAT = "UnsupportedFormat";
    public static final String LIMIT_EXCEEDED = "LimitExceeded";
    public static final String CORRUPT_IMAGE = "CorruptImage";
    public static final String EMPTY_SOURCE = "EmptySource";
    public static final String SOURCE_MISSING = "SourceMissing";

    public InvalidInputException(String code, String message) {
        super(code, message, null);
    }

    public InvalidInputException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    public int exitCode() {
        return ExitCodes.INVALID_INPUT;
    }
}
