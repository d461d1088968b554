package dev.renditions.imaging;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.probe.HeaderProbe;
import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.probe.LimitCheck;
import dev.renditions.core.spec.Limits;
import java.io.IOException;
import java.io.InputStream;

/** Reads and checks a source's header before any pixel is decoded. */
public final class ImageProbe {
    /** Headers are read in growing prefixes up to this size; a header that needs more is refused as corrupt. */
    static final int MAX_HEADER_BYTES = 32 << 20;

    private static final int FIRST_READ = 64 << 10;

    private ImageProbe() {}

    /**
     * Reads the header (format by magic bytes, dimensions, orientation, ICC, ...). Throws
     * {@link InvalidInputException} for an empty, unrecognised, unsupported or corrupt header. Does not check limits.
     */
    public static ImageHeader read(ImageSource source) {
        long size = source.size();
        if (size == 0) {
            throw new InvalidInputException(
                    InvalidInputException.EMPTY_SOURCE, "source " + source.name() + " is empty (0 bytes)");
        }
        int want = (int) Math.min(size, FIRST_READ);
        while (true) {
            byte[] head = readPrefix(source, want);
            boolean complete = head.length >= size || head.length < want;
            ImageHeader h;
            try {
                h = HeaderProbe.probe(head, head.length, complete, size);
            } catch (HeaderProbe.CorruptHeaderException e) {
                throw new InvalidInputException(
                        InvalidInputException.CORRUPT_IMAGE, source.name() + ": " + e.getMessage(), e);
            }
            LimitCheck.checkFormat(h.format());
            if (h.hasDimensions() && (complete || h.headerComplete())) {
                return h;
            }
            if (complete || want >= MAX_HEADER_BYTES) {
                if (h.hasDimensions()) {
                    return h;
                }
                throw new InvalidInputException(
                        InvalidInputException.CORRUPT_IMAGE,
                        source.name() + ": no " + h.format().displayName() + " dimensions found in the first "
                                + head.length + " bytes");
            }
            want = (int) Math.min(Math.min(size, MAX_HEADER_BYTES), (long) want * 8);
        }
    }

    /** {@link #read} and then the byte, format, dimension and pixel limits; throws {@code InvalidInputException}. */
    public static ImageHeader check(ImageSource source, Limits limits) {
        LimitCheck.checkBytes(source.size(), limits);
        ImageHeader h = read(source);
        LimitCheck.checkPixels(h, limits);
        return h;
    }

    private static byte[] readPrefix(ImageSource source, int n) {
        try (InputStream in = source.open()) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.IO_ERROR, "could not read " + source.name() + ": " + e.getMessage(), e);
        }
    }
}
