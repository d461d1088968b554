package dev.renditions.worker.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.probe.IccProfile;
import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.probe.LimitCheck;
import dev.renditions.core.spec.Limits;
import java.util.Locale;

/**
 * What {@code worker probe --json} prints: the header of one image and whether it is within the spec's limits.
 *
 * @param width stored width (before EXIF orientation), null when unknown
 * @param problem why the image would be refused, or null
 */
@JsonPropertyOrder({
    "file",
    "bytes",
    "format",
    "mimeType",
    "supported",
    "width",
    "height",
    "orientation",
    "orientedWidth",
    "orientedHeight",
    "colorKind",
    "icc",
    "bitsPerSample",
    "alpha",
    "progressive",
    "frames",
    "limits",
    "withinLimits",
    "problem"
})
public record ProbeReport(
        String file,
        long bytes,
        String format,
        String mimeType,
        boolean supported,
        Integer width,
        Integer height,
        int orientation,
        Integer orientedWidth,
        Integer orientedHeight,
        String colorKind,
        Icc icc,
        Integer bitsPerSample,
        boolean alpha,
        boolean progressive,
        Integer frames,
        Limits limits,
        boolean withinLimits,
        Problem problem) {

    @JsonPropertyOrder({"description", "colorSpace", "bytes"})
    public record Icc(String description, String colorSpace, int bytes) {}

    /**
     * @param code the failure code a render would report ({@code LimitExceeded}, {@code UnsupportedFormat}, ...)
     * @param limit the limit exceeded ({@code maxBytes}, {@code maxPixels}, {@code maxDimension}), or null
     */
    @JsonPropertyOrder({"code", "limit", "message"})
    public record Problem(String code, String limit, String message) {}

    public static ProbeReport of(String file, long bytes, ImageHeader h, Limits limits) {
        boolean dims = h.hasDimensions();
        IccProfile p = h.icc();
        Problem problem = check(bytes, h, limits);
        return new ProbeReport(
                file,
                bytes,
                h.format().displayName(),
                h.format().mimeType(),
                h.format().supported(),
                dims ? h.width() : null,
                dims ? h.height() : null,
                h.orientation(),
                dims ? h.orientedWidth() : null,
                dims ? h.orientedHeight() : null,
                h.colorKind().name(),
                p == null ? null : new Icc(p.description(), p.colorSpace(), p.size()),
                h.bitsPerSample() > 0 ? h.bitsPerSample() : null,
                h.alpha(),
                h.progressive(),
                h.frames(),
                limits,
                problem == null,
                problem);
    }

    static Problem check(long bytes, ImageHeader h, Limits limits) {
        try {
            LimitCheck.checkBytes(bytes, limits);
        } catch (InvalidInputException e) {
            return new Problem(e.code(), bytes == 0 ? null : "maxBytes", e.getMessage());
        }
        try {
            LimitCheck.checkFormat(h.format());
        } catch (InvalidInputException e) {
            return new Problem(e.code(), null, e.getMessage());
        }
        try {
            LimitCheck.checkPixels(h, limits);
        } catch (InvalidInputException e) {
            boolean side = h.width() > limits.maxDimension() || h.height() > limits.maxDimension();
            return new Problem(e.code(), side ? "maxDimension" : "maxPixels", e.getMessage());
        }
        return null;
    }

    /** The human form: one {@code label  value} line per fact. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        line(sb, "file", file);
        line(
                sb,
                "format",
                format + " (" + mimeType + ")" + (progressive ? ", progressive" : "")
                        + (supported ? "" : ", not supported"));
        line(sb, "bytes", String.valueOf(bytes));
        line(sb, "dimensions", width == null ? "unknown" : width + "x" + height);
        line(
                sb,
                "orientation",
                orientation
                        + (orientedWidth == null ? "" : " (displayed " + orientedWidth + "x" + orientedHeight + ")"));
        line(
                sb,
                "colour",
                colorKind.toLowerCase(Locale.ROOT)
                        + (icc == null
                                ? ", no ICC profile"
                                : ", ICC '" + icc.description() + "' (" + icc.colorSpace() + ", " + icc.bytes()
                                        + " bytes)"));
        line(sb, "bit depth", bitsPerSample == null ? "unknown" : String.valueOf(bitsPerSample));
        line(sb, "alpha", alpha ? "yes" : "no");
        line(sb, "frames", frames == null ? "unknown" : String.valueOf(frames));
        String limitText = "maxPixels " + limits.maxPixels() + ", maxBytes " + limits.maxBytes() + ", maxDimension "
                + limits.maxDimension();
        line(
                sb,
                "limits",
                problem == null
                        ? "within (" + limitText + ")"
                        : "NOT within: " + (problem.limit() == null ? "" : problem.limit() + ": ") + problem.message());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "%-12s %s%n", label, value));
    }
}
