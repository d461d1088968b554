package dev.renditions.core.spec;

import dev.renditions.core.errors.OneLine;
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

    /** Longest part of a found value that a message shows, in code points. */
    static final int SHOWN = 40;

    /**
     * A value from the spec as a message shows it: at most {@value #SHOWN} code points (then "..." and the full
     * length), control characters escaped as {@code \\uXXXX}, so that the error stays one short line.
     */
    static String shown(String raw) {
        return shown(raw, SHOWN);
    }

    /** As {@link #shown(String)}, with at most {@code max} code points. */
    static String shown(String raw, int max) {
        int length = raw.codePointCount(0, raw.length());
        if (length <= max) {
            return OneLine.escapeControls(raw);
        }
        return OneLine.escapeControls(raw.substring(0, raw.offsetByCodePoints(0, max))) + "... (" + length
                + " characters)";
    }

    public String field() {
        return field;
    }

    public UsageException toUsage() {
        return new UsageException(UsageException.INVALID_SPEC, getMessage(), this);
    }
}
