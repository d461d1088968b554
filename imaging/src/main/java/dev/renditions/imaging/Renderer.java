package dev.renditions.imaging;

import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import java.util.List;

/**
 * Decodes a source once and renders each requested rendition from it (largest first), returning encoded bytes in the
 * order requested. Pure: no files, S3 or environment. Thread-safe.
 *
 * <p>Throws {@link dev.renditions.core.errors.InvalidInputException} (corrupt, unsupported, over a limit) or
 * {@link dev.renditions.core.errors.TransientException} (out of memory, unexpected).
 */
public final class Renderer {
    public List<RenderResult> render(ImageSource source, Limits limits, List<Rendition> renditions) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
