package dev.renditions.core.errors;

import java.util.Locale;

/** Text from outside (keys, file names, spec values) made safe for a one-line message or log line. */
public final class OneLine {
    private OneLine() {}

    /**
     * {@code s} with every control character (a line break, a tab, NUL, ...) escaped as {@code \\uXXXX}, so that it can
     * neither split a line nor forge one; {@code s} itself when it has none.
     */
    public static String escapeControls(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
