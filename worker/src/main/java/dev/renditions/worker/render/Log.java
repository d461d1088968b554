package dev.renditions.worker.render;

import dev.renditions.core.errors.OneLine;
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
        err.println(OneLine.escapeControls(message));
        err.flush();
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
