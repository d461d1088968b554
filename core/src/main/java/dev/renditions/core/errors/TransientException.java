package dev.renditions.core.errors;

/** Throttling, 5xx, network trouble or an undeliverable event: exit 1, a retry may help. */
public final class TransientException extends RenditionException {
    public static final String THROTTLED = "Throttled";
    public static final String SERVICE_ERROR = "ServiceError";
    public static final String IO_ERROR = "IoError";
    public static final String EVENT_NOT_DELIVERED = "EventNotDelivered";
    public static final String INTERNAL = "InternalError";

    public TransientException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public int exitCode() {
        return ExitCodes.TRANSIENT;
    }
}
