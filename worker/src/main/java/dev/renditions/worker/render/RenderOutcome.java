package dev.renditions.worker.render;

import dev.renditions.imaging.RenderResult;
import java.util.List;

/**
 * What one run did: the renditions it wrote, the ones that were already up to date, or nothing because the source was
 * superseded.
 */
public record RenderOutcome(List<RenderResult> written, List<ExistingRendition> upToDate, boolean superseded) {
    public RenderOutcome {
        written = List.copyOf(written);
        upToDate = List.copyOf(upToDate);
    }
}
