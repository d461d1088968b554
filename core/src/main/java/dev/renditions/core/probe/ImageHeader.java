package dev.renditions.core.probe;

import java.util.Objects;

/**
 * What the header of an image says, read without decoding a pixel.
 *
 * @param width stored width, or -1 when the header was not within the bytes read
 * @param height stored height, or -1
 * @param orientation EXIF orientation 1-8 (1 when absent or invalid)
 * @param bitsPerSample bits per sample (8, 16, ...), 0 when unknown
 * @param adobeSegment a JPEG with an Adobe APP14 segment: its CMYK samples (if any) are stored inverted
 * @param frames number of frames, or null when unknown without reading the whole file
 * @param icc the embedded ICC profile, or null
 * @param headerComplete true when every header field was within the bytes read (false: a longer prefix may add the
 *     ICC profile, orientation or frame count)
 */
public record ImageHeader(
        ImageFormat format,
        int width,
        int height,
        int orientation,
        int bitsPerSample,
        ColorKind colorKind,
        boolean adobeSegment,
        boolean alpha,
        boolean progressive,
        Integer frames,
        IccProfile icc,
        boolean headerComplete) {

    public ImageHeader {
        Objects.requireNonNull(format, "format");
        if (orientation < 1 || orientation > 8) {
            orientation = 1;
        }
        if (colorKind == null) {
            colorKind = ColorKind.UNKNOWN;
        }
    }

    public boolean hasDimensions() {
        return width > 0 && height > 0;
    }

    public long pixels() {
        return hasDimensions() ? (long) width * height : -1;
    }

    /** Width after applying the EXIF orientation. */
    public int orientedWidth() {
        return orientation >= 5 ? height : width;
    }

    /** Height after applying the EXIF orientation. */
    public int orientedHeight() {
        return orientation >= 5 ? width : height;
    }
}
