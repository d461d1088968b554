package dev.renditions.imaging;

import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.spec.Limits;

/** Reads and checks a source's header before any pixel is decoded. */
public final class ImageProbe {
    private ImageProbe() {}

    /**
     * Reads the header (format by magic bytes, dimensions, orientation, ICC, ...). Throws
     * {@link dev.renditions.core.errors.InvalidInputException} for an empty, unrecognised or corrupt header. Does not
     * check limits.
     */
    public static ImageHeader read(ImageSource source) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@link #read} and then the byte, format, dimension and pixel limits; throws {@code InvalidInputException}. */
    public static ImageHeader check(ImageSource source, Limits limits) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
