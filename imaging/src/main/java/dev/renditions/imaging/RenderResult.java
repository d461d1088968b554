package dev.renditions.imaging;

import dev.renditions.core.spec.Rendition;
import java.util.Objects;

/** One encoded rendition: the bytes to store and their pixel size. */
public record RenderResult(Rendition rendition, byte[] bytes, int width, int height) {
    public RenderResult {
        Objects.requireNonNull(rendition, "rendition");
        Objects.requireNonNull(bytes, "bytes");
    }

    public String contentType() {
        return rendition.format().contentType();
    }
}
