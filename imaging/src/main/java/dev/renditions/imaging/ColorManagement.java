package dev.renditions.imaging;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ICC_ProfileRGB;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Colour management: outputs are sRGB. Profiles equivalent to sRGB (the usual camera "sRGB IEC61966-2.1" copies)
 * are recognised by their colorants and tone curves and cost nothing; other RGB profiles are converted after
 * shrinking, on the small image.
 */
final class ColorManagement {
    private static final ICC_ProfileRGB SRGB = (ICC_ProfileRGB) ICC_Profile.getInstance(ColorSpace.CS_sRGB);
    private static final double MATRIX_TOLERANCE = 0.002;

    private ColorManagement() {}

    /** Parses an embedded profile; null when it is not a usable ICC profile. */
    static ICC_Profile parse(byte[] data) {
        try {
            return ICC_Profile.getInstance(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when converting from {@code p} to sRGB would not change 8-bit pixels noticeably. */
    static boolean isSrgbEquivalent(ICC_Profile p) {
        if (p == null) {
            return true;
        }
        if (!(p instanceof ICC_ProfileRGB rgb)) {
            return false;
        }
        try {
            float[][] m = rgb.getMatrix();
            float[][] s = SRGB.getMatrix();
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    if (Math.abs(m[i][j] - s[i][j]) > MATRIX_TOLERANCE) {
                        return false;
                    }
                }
            }
            for (int c = 0; c < 3; c++) {
                if (!curveIsSrgb(rgb, c)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false; // not a matrix/TRC profile (e.g. LUT-based): convert to be safe
        }
    }

    private static boolean curveIsSrgb(ICC_ProfileRGB p, int component) {
        try {
            return SrgbProfileCheck.tableIsSrgb(p.getTRC(component));
        } catch (java.awt.color.ProfileDataException e) {
            // a single gamma value instead of a table
            float gamma = p.getGamma(component);
            for (int i = 0; i <= 32; i++) {
                double x = i / 32.0;
                if (Math.abs(Math.pow(x, gamma) - SrgbProfileCheck.srgbToLinear(x))
                        > SrgbProfileCheck.CURVE_TOLERANCE * 2) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Converts RGB pixels encoded in {@code profile} to sRGB. Alpha (premultiplied) is kept. */
    static Raster8 toSrgb(Raster8 src, ICC_Profile profile) {
        int w = src.width;
        int h = src.height;
        byte[] rgb;
        if (src.channels == 4) {
            rgb = new byte[w * h * 3];
            unpremultiplyInto(src.data, rgb);
        } else {
            rgb = src.data;
        }
        ColorSpace cs = new ICC_ColorSpace(profile);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, w, h, 3, w * 3, new int[] {0, 1, 2}),
                new DataBufferByte(rgb, rgb.length),
                null);
        BufferedImage in = new BufferedImage(cm, raster, false, null);
        ComponentColorModel srgbModel = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        byte[] outBytes = new byte[w * h * 3];
        WritableRaster outRaster = Raster.createWritableRaster(
                new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, w, h, 3, w * 3, new int[] {0, 1, 2}),
                new DataBufferByte(outBytes, outBytes.length),
                null);
        BufferedImage out = new BufferedImage(srgbModel, outRaster, false, null);
        new ColorConvertOp(null).filter(in, out);
        if (src.channels == 3) {
            return new Raster8(w, h, 3, outBytes);
        }
        byte[] rgba = new byte[w * h * 4];
        for (int i = 0, j = 0; j < rgba.length; i += 3, j += 4) {
            int a = src.data[j + 3] & 0xFF;
            rgba[j] = (byte) (((outBytes[i] & 0xFF) * a + 127) / 255);
            rgba[j + 1] = (byte) (((outBytes[i + 1] & 0xFF) * a + 127) / 255);
            rgba[j + 2] = (byte) (((outBytes[i + 2] & 0xFF) * a + 127) / 255);
            rgba[j + 3] = (byte) a;
        }
        return new Raster8(w, h, 4, rgba);
    }

    /** Premultiplied RGBA to straight RGB (alpha dropped). */
    static void unpremultiplyInto(byte[] rgba, byte[] rgb) {
        for (int i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
            int a = rgba[i + 3] & 0xFF;
            if (a == 0) {
                rgb[j] = rgb[j + 1] = rgb[j + 2] = 0;
            } else if (a == 255) {
                rgb[j] = rgba[i];
                rgb[j + 1] = rgba[i + 1];
                rgb[j + 2] = rgba[i + 2];
            } else {
                rgb[j] = (byte) Math.min(255, ((rgba[i] & 0xFF) * 255 + a / 2) / a);
                rgb[j + 1] = (byte) Math.min(255, ((rgba[i + 1] & 0xFF) * 255 + a / 2) / a);
                rgb[j + 2] = (byte) Math.min(255, ((rgba[i + 2] & 0xFF) * 255 + a / 2) / a);
            }
        }
    }
}
