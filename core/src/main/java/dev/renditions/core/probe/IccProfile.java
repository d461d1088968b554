package dev.renditions.core.probe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An embedded ICC profile: its bytes, its colour space signature ({@code RGB}, {@code CMYK}, {@code GRAY}, ...) and
 * its human description, read without AWT.
 */
public final class IccProfile {
    private final byte[] data;
    private final String colorSpace;
    private final String description;

    private IccProfile(byte[] data, String colorSpace, String description) {
        this.data = data;
        this.colorSpace = colorSpace;
        this.description = description;
    }

    /** Parses what it can; never throws on a malformed profile (description and colour space are then "unknown"). */
    public static IccProfile of(byte[] data) {
        Objects.requireNonNull(data, "data");
        String cs = "unknown";
        String desc = "unknown";
        try {
            if (data.length >= 132) {
                cs = new String(data, 16, 4, StandardCharsets.US_ASCII).trim();
                desc = readDescription(data);
            }
        } catch (RuntimeException e) {
            // malformed: keep what we have
        }
        return new IccProfile(data.clone(), cs, desc == null ? "unknown" : desc);
    }

    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }

    public String colorSpace() {
        return colorSpace;
    }

    public String description() {
        return description;
    }

    /** True when the description names an sRGB profile (the common camera case). */
    public boolean describesSrgb() {
        String d = description.toLowerCase(Locale.ROOT).replace(" ", "");
        return d.contains("srgb") || d.contains("iec61966-2");
    }

    private static String readDescription(byte[] p) {
        int count = be32(p, 128);
        for (int i = 0; i < count && 132 + i * 12 + 12 <= p.length; i++) {
            int at = 132 + i * 12;
            String sig = new String(p, at, 4, StandardCharsets.US_ASCII);
            if (!sig.equals("desc")) {
                continue;
            }
            int off = be32(p, at + 4);
            int size = be32(p, at + 8);
            if (off < 0 || size < 12 || off + size > p.length) {
                return null;
            }
            String type = new String(p, off, 4, StandardCharsets.US_ASCII);
            if (type.equals("desc")) {
                int n = be32(p, off + 8);
                if (n <= 0 || off + 12 + n > p.length) {
                    return null;
                }
                return new String(p, off + 12, n, StandardCharsets.ISO_8859_1)
                        .replace("\0", "")
                        .trim();
            }
            if (type.equals("mluc")) {
                int records = be32(p, off + 8);
                if (records < 1) {
                    return null;
                }
                int len = be32(p, off + 16 + 4);
                int strOff = be32(p, off + 16 + 8);
                if (len <= 0 || off + strOff + len > p.length) {
                    return null;
                }
                return new String(p, off + strOff, len, StandardCharsets.UTF_16BE)
                        .replace("\0", "")
                        .trim();
            }
        }
        return null;
    }

    private static int be32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IccProfile other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return description + " (" + colorSpace + ", " + data.length + " bytes)";
    }
}
