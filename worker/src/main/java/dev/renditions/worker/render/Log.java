package dev.renditions.worker.render;

import java.io.PrintWriter;

/** A tiny logger that writes to stderr (never stdout, which carries events): info always, debug with --verbose. */
public final class Log {
    private final PrintWriter err;
    private final boolean verbose;

    public Log(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * Writes one line. Control characters (a line break in an S3 key, say) are escaped as {@code \\uXXXX}, so that
     * a name from outside can neither split a line nor forge one.
     */
    public void info(String message) {
        err.println(escapeControls(message));
        err.flush();
    }

    static String escapeControls(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    public void debug(String message) {
        if (verbose) {
            info(message);
        }
    }

    public boolean verbose() {
        return verbose;
    }
}
