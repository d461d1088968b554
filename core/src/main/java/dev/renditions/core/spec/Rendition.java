package dev.renditions.core.spec;

import java.util.regex.Pattern;

/**
 * One output of the spec. {@code width} and {@code height} are boxes in pixels; at least one is set ({@code null} =
 * unconstrained).
 */
public record Rendition(
        String name,
        Integer width,
        Integer height,
        Fit fit,
        OutputFormat format,
        int quality,
        boolean progressive,
        boolean enlarge,
        String background) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
    public static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    public static final int MAX_SIZE = 16_384;
    public static final int DEFAULT_QUALITY = 85;
    public static final String DEFAULT_BACKGROUND = "#ffffff";

    public Rendition {
        String where = "renditions[" + (name == null ? "?" : name) + "]";
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SpecException("renditions[].name", "1 to 32 of [a-z0-9-]", quote(name));
        }
        if (width == null && height == null) {
            throw new SpecException(where + ".width/height", "at least one of width and height", "neither");
        }
        checkSize(where + ".width", width);
        checkSize(where + ".height", height);
        if (fit == null) {
            fit = Fit.INSIDE;
        }
        if ((fit == Fit.COVER || fit == Fit.FILL || fit == Fit.CONTAIN) && (width == null || height == null)) {
            throw new SpecException(
                    where + ".fit", "inside when only one of width and height is set", "'" + fit.jsonName() + "'");
        }
        if (format == null) {
            format = OutputFormat.JPEG;
        }
        if (quality < 1 || quality > 100) {
            throw new SpecException(where + ".quality", "a whole number from 1 to 100", String.valueOf(quality));
        }
        if (background == null) {
            background = DEFAULT_BACKGROUND;
        }
        if (!COLOUR.matcher(background).matches()) {
            throw new SpecException(where + ".background", "a colour as #rrggbb", quote(background));
        }
        background = background.toLowerCase(java.util.Locale.ROOT);
    }

    /** A rendition with the defaults for everything but name, box and fit. */
    public static Rendition of(String name, Integer width, Integer height, Fit fit) {
        return new Rendition(name, width, height, fit, OutputFormat.JPEG, DEFAULT_QUALITY, true, false, null);
    }

    public Rendition withFormat(OutputFormat f) {
        return new Rendition(name, width, height, fit, f, quality, progressive, enlarge, background);
    }

    public Rendition withQuality(int q) {
        return new Rendition(name, width, height, fit, format, q, progressive, enlarge, background);
    }

    public Rendition withEnlarge(boolean e) {
        return new Rendition(name, width, height, fit, format, quality, progressive, e, background);
    }

    public Rendition withBackground(String bg) {
        return new Rendition(name, width, height, fit, format, quality, progressive, enlarge, bg);
    }

    public Rendition withProgressive(boolean p) {
        return new Rendition(name, width, height, fit, format, quality, p, enlarge, background);
    }

    /** The background as 0xRRGGBB. */
    public int backgroundRgb() {
        return Integer.parseInt(background.substring(1), 16);
    }

    /** File name of this rendition's output: {@code <name>.<ext>}. */
    public String fileName() {
        return name + "." + format.extension();
    }

    private static void checkSize(String field, Integer v) {
        if (v != null && (v < 1 || v > MAX_SIZE)) {
            throw new SpecException(field, "a whole number of pixels from 1 to " + MAX_SIZE, String.valueOf(v));
        }
    }

    static String quote(String s) {
        return s == null ? "nothing" : "'" + SpecException.shown(s) + "'";
    }
}
