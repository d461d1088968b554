package dev.renditions.core.probe;

import java.nio.charset.StandardCharsets;

/** Decides the format from the first bytes (at least 32 are needed for a confident answer), never the file name. */
public final class FormatSniffer {
    private FormatSniffer() {}

    public static ImageFormat sniff(byte[] b, int len) {
        len = Math.min(len, b.length);
        if (len >= 3 && u(b, 0) == 0xFF && u(b, 1) == 0xD8 && u(b, 2) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (starts(b, len, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return ImageFormat.PNG;
        }
        if (ascii(b, len, 0, "GIF87a") || ascii(b, len, 0, "GIF89a")) {
            return ImageFormat.GIF;
        }
        if (ascii(b, len, 0, "RIFF") && ascii(b, len, 8, "WEBP")) {
            return ImageFormat.WEBP;
        }
        if (starts(b, len, 'I', 'I', 42, 0) || starts(b, len, 'M', 'M', 0, 42)) {
            return ImageFormat.TIFF;
        }
        if (ascii(b, len, 0, "BM") && len >= 26 && isBmpHeaderSize(le32(b, 14))) {
            return ImageFormat.BMP;
        }
        if (ascii(b, len, 0, "8BPS")) {
            return ImageFormat.PSD;
        }
        if (ascii(b, len, 4, "ftyp") && len >= 12) {
            String brand = new String(b, 8, 4, StandardCharsets.US_ASCII);
            if (brand.startsWith("avi")) {
                return ImageFormat.AVIF;
            }
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return ImageFormat.HEIF;
            }
        }
        if (starts(b, len, 0xFF, 0x0A) || starts(b, len, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return ImageFormat.JPEG_XL;
        }
        if (starts(b, len, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || starts(b, len, 0xFF, 0x4F, 0xFF, 0x51)) {
            return ImageFormat.JPEG_2000;
        }
        if (starts(b, len, 0, 0, 1, 0)) {
            return ImageFormat.ICO;
        }
        if (ascii(b, len, 0, "%PDF")) {
            return ImageFormat.PDF;
        }
        if (starts(b, len, 'P', 'K', 3, 4)) {
            return ImageFormat.ZIP;
        }
        String text = textPrefix(b, len);
        if (text != null) {
            String t = text.stripLeading().toLowerCase(java.util.Locale.ROOT);
            return (t.startsWith("<svg") || (t.startsWith("<?xml") && t.contains("<svg")))
                    ? ImageFormat.SVG
                    : ImageFormat.TEXT;
        }
        return ImageFormat.UNKNOWN;
    }

    private static boolean isBmpHeaderSize(long n) {
        return n == 12 || n == 40 || n == 52 || n == 56 || n == 64 || n == 108 || n == 124;
    }

    /** Non-null when the first bytes look like printable UTF-8 text. */
    private static String textPrefix(byte[] b, int len) {
        int n = Math.min(len, 512);
        if (n == 0) {
            return null;
        }
        int bad = 0;
        for (int i = 0; i < n; i++) {
            int c = u(b, i);
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != 0x0C)) {
                bad++;
            }
        }
        return bad == 0 ? new String(b, 0, n, StandardCharsets.UTF_8) : null;
    }

    static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static long le32(byte[] b, int i) {
        return (u(b, i) | (u(b, i + 1) << 8) | (u(b, i + 2) << 16) | ((long) u(b, i + 3) << 24));
    }

    private static boolean starts(byte[] b, int len, int... sig) {
        if (len < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (u(b, i) != (sig[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int len, int off, String s) {
        if (len < off + s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
