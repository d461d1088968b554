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
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            if (count == max) {
                return sb.append("... (")
                        .append(raw.codePointCount(0, raw.length()))
                        .append(" characters)")
                        .toString();
            }
            if (Character.isISOControl(cp)) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
            count++;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    public String field() {
        return field;
    }

    public UsageException toUsage() {
        return new UsageException(UsageException.INVALID_SPEC, getMessage(), this);
    }
}
