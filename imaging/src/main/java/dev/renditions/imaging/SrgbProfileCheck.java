package dev.renditions.imaging;

/**
 * Recognises the common case, an embedded copy of sRGB (most camera and phone JPEGs carry "sRGB IEC61966-2.1"), from the
 * profile's bytes alone: its matrix/TRC tags are read here, so the JDK's colour engine (LCMS, a native library and
 * its profile parser: 15-20 ms in a fresh process) is not loaded for a profile that changes nothing.
 *
 * <p>Only ever answers "equivalent" when {@link ColorManagement#isSrgbEquivalent} would too (the same colorants within a
 * tighter tolerance, the same curve test); anything it does not read (LUT-based or parametric profiles, other tag
 * types, odd sizes) is left to {@link ColorManagement}.
 */
final class SrgbProfileCheck {
    /**
     * sRGB's colorants adapted to D50, as the JDK's own sRGB profile gives them ({@code ICC_ProfileRGB.getMatrix()}:
     * rows X, Y, Z; columns red, green, blue). A test keeps them equal to the JDK's.
     */
    static final double[][] SRGB_D50 = {
        {0.4360, 0.3851, 0.1431},
        {0.2225, 0.7169, 0.0606},
        {0.0139, 0.0971, 0.7141}
    };

    /** Tighter than {@link ColorManagement}'s tolerance by more than the rounding of {@link #SRGB_D50}. */
    private static final double MATRIX_TOLERANCE = 0.0015;

    /** How far a tone curve may be from sRGB's (1.5 levels in 255), here and in {@link ColorManagement}. */
    static final double CURVE_TOLERANCE = 1.5 / 255.0;

    private static final int RXYZ = tag("rXYZ");
    private static final int GXYZ = tag("gXYZ");
    private static final int BXYZ = tag("bXYZ");
    private static final int RTRC = tag("rTRC");
    private static final int GTRC = tag("gTRC");
    private static final int BTRC = tag("bTRC");
    private static final int WTPT = tag("wtpt");
    private static final int XYZ_TYPE = tag("XYZ ");
    private static final int CURVE_TYPE = tag("curv");
    private static final int RGB_SPACE = tag("RGB ");

    private SrgbProfileCheck() {}

    /** True when {@code icc} is an RGB matrix/TRC profile whose colorants and curves are sRGB's. */
    static boolean isSrgbCopy(byte[] icc) {
        try {
            return check(icc);
        } catch (IndexOutOfBoundsException e) {
            return false; // malformed: let ColorManagement decide
        }
    }

    private static boolean check(byte[] p) {
        if (p.length < 132 || u32(p, 0) != p.length || u32(p, 16) != RGB_SPACE) {
            return false;
        }
        int count = u32(p, 128);
        if (count < 0 || count > (p.length - 132) / 12) {
            return false;
        }
        int[] colorants = {RXYZ, GXYZ, BXYZ};
        int[] curves = {RTRC, GTRC, BTRC};
        if (find(p, count, WTPT) < 0) {
            return false;
        }
        for (int c = 0; c < 3; c++) {
            int at = find(p, count, colorants[c]);
            if (at < 0 || u32(p, at) != XYZ_TYPE) {
                return false;
            }
            for (int row = 0; row < 3; row++) {
                double v = u32(p, at + 8 + 4 * row) / 65536.0; // s15Fixed16
                if (Math.abs(v - SRGB_D50[row][c]) > MATRIX_TOLERANCE) {
                    return false;
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            int at = find(p, count, curves[c]);
            if (at < 0 || u32(p, at) != CURVE_TYPE || !curveIsSrgb(p, at)) {
                return false;
            }
        }
        return true;
    }

    /** A {@code curv} element: a table of at least two entries, checked as {@link ColorManagement} checks one. */
    private static boolean curveIsSrgb(byte[] p, int at) {
        int n = u32(p, at + 8);
        if (n < 2 || n > (p.length - at - 12) / 2) {
            return false; // identity or a single gamma: not sRGB's curve as a table; ColorManagement decides
        }
        short[] table = new short[n];
        for (int i = 0; i < n; i++) {
            table[i] = (short) u16(p, at + 12 + 2 * i);
        }
        return tableIsSrgb(table);
    }

    /** Whether a tone curve table (unsigned 16-bit entries over 0..1) is sRGB's within {@link #CURVE_TOLERANCE}. */
    static boolean tableIsSrgb(short[] table) {
        int n = table.length;
        for (int i = 0; i < n; i++) {
            double x = i / (double) (n - 1);
            double y = (table[i] & 0xFFFF) / 65535.0;
            if (Math.abs(y - srgbToLinear(x)) > CURVE_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** sRGB's tone curve: encoded value to linear light. */
    static double srgbToLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** The offset of a tag's data, -1 when absent or out of the profile. */
    private static int find(byte[] p, int count, int signature) {
        for (int i = 0; i < count; i++) {
            int e = 132 + 12 * i;
            if (u32(p, e) == signature) {
                int offset = u32(p, e + 4);
                int size = u32(p, e + 8);
                return offset >= 132 && size >= 12 && offset <= p.length - size ? offset : -1;
            }
        }
        return -1;
    }

    private static int u32(byte[] p, int i) {
        return ((p[i] & 0xFF) << 24) | ((p[i + 1] & 0xFF) << 16) | ((p[i + 2] & 0xFF) << 8) | (p[i + 3] & 0xFF);
    }

    private static int u16(byte[] p, int i) {
        return ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
    }

    private static int tag(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }
}
