package dev.renditions.worker.render;

import dev.renditions.core.events.RenditionDetail;
import dev.renditions.imaging.ImageSource;

/**
 * Where a run's source image comes from: a local file now, an S3 object (downloaded, pinned) later. Describing it
 * never touches it, so a failure event can name a source that turns out to be missing.
 */
public interface SourceInput {
    /** The source as events name it. */
    RenditionDetail.Source describe();

    /**
     * Makes the bytes available. Throws {@link dev.renditions.core.errors.InvalidInputException} with code
     * {@code SourceMissing} when there is no such source.
     */
    ImageSource fetch();
}
