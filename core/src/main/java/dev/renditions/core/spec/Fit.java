package dev.renditions.core.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a rendition fits its box. */
public enum Fit {
    /** Scale to fit inside the box, keeping the aspect ratio (default). */
    INSIDE,
    /** Scale to fill the box, keeping the aspect ratio, then centre-crop to the box. */
    COVER,
    /** Scale to fit inside the box, then pad to exactly the box with {@code background}. */
    CONTAIN,
    /** Stretch to exactly the box, ignoring the aspect ratio. */
    FILL;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Fit parse(String s) {
        for (Fit f : values()) {
            if (f.jsonName().equals(s)) {
                return f;
            }
        }
        return null;
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Fit::jsonName).collect(Collectors.joining(", "));
    }
}
