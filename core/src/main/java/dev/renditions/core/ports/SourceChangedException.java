package dev.renditions.core.ports;

/**
 * The object no longer matches the pinned version or ETag: it was overwritten and a newer upload event will follow.
 * Not a failure: callers skip cleanly.
 */
public final class SourceChangedException extends RuntimeException {
    public SourceChangedException(String message) {
        super(message);
    }
}
