package dev.renditions.worker.render;

import dev.renditions.core.spec.Rendition;
import java.util.List;
import java.util.Objects;

/**
 * Writing stopped after some renditions were stored completely (S3 cannot undo a PUT): {@link #written()} were
 * written and are announced as completed, the others fail with {@link #getCause()}.
 */
public final class PartlyWrittenException extends RuntimeException {
    private final transient List<Rendition> written;

    public PartlyWrittenException(List<Rendition> written, RuntimeException cause) {
        super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
        this.written = List.copyOf(written);
    }

    public List<Rendition> written() {
        return written;
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
