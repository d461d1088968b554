package dev.renditions.worker.render;

import java.util.Objects;

/** A rendition already at its target, made from the same source and definition: what its skip event reports. */
public record ExistingRendition(OutputLocation at, String contentType, int width, int height, long bytes) {
    public ExistingRendition {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(contentType, "contentType");
        if (width < 1 || height < 1 || bytes < 1) {
            throw new IllegalArgumentException(
                    "expected a positive size, found " + width + "x" + height + ", " + bytes + " bytes");
        }
    }
}
