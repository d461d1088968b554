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

    public void info(String message) {
        err.println(message);
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
