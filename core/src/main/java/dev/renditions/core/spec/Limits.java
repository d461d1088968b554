package dev.renditions.core.spec;

/**
 * Limits every source must satisfy before a pixel is decoded.
 *
 * @param maxPixels largest accepted width x height (as stored, before orientation)
 * @param maxBytes largest accepted source size in bytes
 * @param maxDimension largest accepted width or height
 */
public record Limits(long maxPixels, long maxBytes, int maxDimension) {
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final long DEFAULT_MAX_BYTES = 104_857_600L;
    public static final int DEFAULT_MAX_DIMENSION = 65_535;

    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES, DEFAULT_MAX_DIMENSION);

    public Limits {
        if (maxPixels < 1) {
            throw new SpecException("limits.maxPixels", "a whole number >= 1", String.valueOf(maxPixels));
        }
        if (maxBytes < 1) {
            throw new SpecException("limits.maxBytes", "a whole number >= 1", String.valueOf(maxBytes));
        }
        if (maxDimension < 1 || maxDimension > DEFAULT_MAX_DIMENSION) {
            throw new SpecException(
                    "limits.maxDimension",
                    "a whole number from 1 to " + DEFAULT_MAX_DIMENSION,
                    String.valueOf(maxDimension));
        }
    }

    public Limits withMaxPixels(long v) {
        return new Limits(v, maxBytes, maxDimension);
    }

    public Limits withMaxBytes(long v) {
        return new Limits(maxPixels, v, maxDimension);
    }
}
