package dev.renditions.worker.render;

import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.RenderResult;
import java.util.List;

/** Where renditions are written: a local folder now, an S3 prefix later. */
public interface RenditionOutput {
    /** Where {@code rendition} of this run's source goes. Pure: touches nothing. */
    OutputLocation locate(Rendition rendition);

    /**
     * Writes every result, each one completely or not at all: a failure leaves no partial, empty or temporary file
     * behind.
     */
    void writeAll(List<RenderResult> results);
}
