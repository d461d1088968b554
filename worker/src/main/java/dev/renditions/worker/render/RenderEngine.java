package dev.renditions.worker.render;

import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.ImageSource;
import dev.renditions.imaging.RenderResult;
import dev.renditions.imaging.Renderer;
import java.util.List;

/**
 * Turns a source into encoded renditions, in the order asked. The real one is the imaging module's {@link Renderer};
 * tests substitute failures the real one cannot be made to produce on demand (throttling, internal errors).
 */
@FunctionalInterface
public interface RenderEngine {
    List<RenderResult> render(ImageSource source, Limits limits, List<Rendition> renditions);

    static RenderEngine imaging() {
        Renderer renderer = new Renderer();
        return renderer::render;
    }
}
