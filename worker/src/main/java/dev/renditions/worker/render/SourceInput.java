package dev.renditions.worker.render;

import dev.renditions.core.events.RenditionDetail;
import dev.renditions.imaging.ImageSource;

/**
 * Where a run's source image comes from: a local file or an S3 object (pinned, downloaded to a temporary file).
 * Describing it never touches it, so a failure event can name a source that turns out to be missing. Closing it
 * deletes whatever {@link #fetch} left on disk.
 */
public interface SourceInput extends AutoCloseable {
    /** The source as events name it before anything is known about it (for S3: the pinned version and ETag). */
    RenditionDetail.Source describe();

    /**
     * Looks at the source without reading it. Throws {@link dev.renditions.core.errors.InvalidInputException} with
     * code {@code SourceMissing} when there is no such source, and
     * {@link dev.renditions.core.ports.SourceChangedException} when it no longer matches the pin (superseded).
     */
    SourceState inspect();

    /**
     * Makes the bytes of exactly the source {@code state} describes available. Throws like {@link #inspect} when it
     * is gone or changed since.
     */
    ImageSource fetch(SourceState state);

    /** Deletes temporary files; never throws. */
    @Override
    default void close() {}
}
