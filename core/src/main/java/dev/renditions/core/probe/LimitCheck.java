package dev.renditions.core.probe;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.spec.Limits;

/** Checks a source against the spec's limits before anything is decoded. Shared by the dispatcher and the worker. */
public final class LimitCheck {
    private LimitCheck() {}

    /** Throws {@link InvalidInputException} ({@code EmptySource} or {@code LimitExceeded}) when the size is off. */
    public static void checkBytes(long bytes, Limits limits) {
        if (bytes == 0) {
            throw new InvalidInputException(
                    InvalidInputException.EMPTY_SOURCE, "source is empty (0 bytes); expected an image file");
        }
        if (bytes > limits.maxBytes()) {
            throw new InvalidInputException(
                    InvalidInputException.LIMIT_EXCEEDED,
                    "source is " + bytes + " bytes; limits.maxBytes allows at most " + limits.maxBytes());
        }
    }

    /** Throws {@code UnsupportedFormat} unless the format can be decoded. */
    public static void checkFormat(ImageFormat format) {
        if (!format.supported()) {
            throw new InvalidInputException(
                    InvalidInputException.UNSUPPORTED_FORMAT,
                    "source is not a supported image: expected " + ImageFormat.supportedList() + " (by content), found "
                            + (format == ImageFormat.UNKNOWN ? "unrecognised bytes" : format.displayName()));
        }
    }

    /** Throws {@code LimitExceeded} when known dimensions exceed the limits; unknown dimensions pass. */
    public static void checkPixels(ImageHeader h, Limits limits) {
        if (!h.hasDimensions()) {
            return;
        }
        checkPixels(h.width(), h.height(), limits);
    }

    /** Throws {@code LimitExceeded} when {@code width} x {@code height} exceeds the limits. */
    public static void checkPixels(int width, int height, Limits limits) {
        if (width > limits.maxDimension() || height > limits.maxDimension()) {
            throw new InvalidInputException(
                    InvalidInputException.LIMIT_EXCEEDED,
                    "source is " + width + "x" + height + " pixels; limits.maxDimension allows at most "
                            + limits.maxDimension() + " per side");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new InvalidInputException(
                    InvalidInputException.LIMIT_EXCEEDED,
                    "source is " + width + "x" + height + " = " + pixels + " pixels; limits.maxPixels allows at most "
                            + limits.maxPixels());
        }
    }
}
