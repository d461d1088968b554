package dev.renditions.core.spec;

import dev.renditions.core.errors.UsageException;

/** A rendition spec that does not validate. The message names the field, what is allowed and what was found. */
public final class SpecException extends IllegalArgumentException {
    private final String field;

    public SpecException(String field, String expected, String found) {
        super("invalid rendition spec: " + field + ": expected " + expected + ", found " + found);
        this.field = field;
    }

    public SpecException(String message) {
        super("invalid rendition spec: " + message);
        this.field = null;
    }

    public String field() {
        return field;
    }

    public UsageException toUsage() {
        return new UsageException(UsageException.INVALID_SPEC, getMessage(), this);
    }
}
