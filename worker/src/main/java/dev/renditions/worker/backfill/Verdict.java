package dev.renditions.worker.backfill;

/** What the planner decided about one listed object; every reason but {@link #SELECTED} is a skip. */
public enum Verdict {
    SELECTED("selected"),
    EXCLUDED_PREFIX("under the output, marker or manifest prefix"),
    NOT_CURRENT("an older version or a delete marker"),
    NOT_IMAGE("not an image suffix"),
    EMPTY("empty (0 bytes)"),
    TOO_SMALL("smaller than --min-size"),
    TOO_LARGE("larger than --max-size"),
    OUT_OF_DATE_RANGE("outside --modified-after/--modified-before"),
    ARCHIVED("archived (GLACIER or DEEP_ARCHIVE: restore first)"),
    UP_TO_DATE("every rendition exists (--only-missing)");

    private final String description;

    Verdict(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name used in summaries and events: lower camel case, e.g. {@code notImage}. */
    public String jsonName() {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : name().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return sb.toString();
    }
}
