package dev.renditions.core.errors;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one place that turns any throwable into a classified {@link RenditionException}. */
public final class Failures {
    private Failures() {}

    public static RenditionException classify(Throwable t) {
        if (t instanceof RenditionException re) {
            return re;
        }
        if (t instanceof UncheckedIOException uio) {
            t = uio.getCause();
        }
        if (t instanceof OutOfMemoryError) {
            return new TransientException(
                    TransientException.INTERNAL,
                    "out of memory: give the process more heap or lower limits.maxPixels (" + t.getMessage() + ")",
                    t);
        }
        if (t instanceof IOException) {
            return new TransientException(TransientException.IO_ERROR, "I/O error: " + describe(t), t);
        }
        return new TransientException(TransientException.INTERNAL, "unexpected error: " + describe(t), t);
    }

    /** One line: the message, or the class name where there is none. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        return (m == null || m.isBlank()) ? t.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
