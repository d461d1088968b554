package dev.renditions.core.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads format, dimensions, orientation, colour model and ICC profile from the first bytes of an image, without
 * decoding pixels. Works on a prefix: when a value lies beyond the bytes given it is reported unknown (the dispatcher
 * reads 64 KiB); with {@code complete = true} the bytes are the whole file and a header that ends early is corrupt.
 */
public final class HeaderProbe {
    /** Thrown when the bytes are complete and the header is broken. */
    public static final class CorruptHeaderException extends RuntimeException {
        public CorruptHeaderException(String message) {
            super(message);
        }
    }

    private static final class Truncated extends RuntimeException {
        Truncated() {
            super(null, null, false, false);
        }
    }

    private final byte[] b;
    private final int len;
    private final boolean complete;
    /** The whole file's length: {@code len} when complete, else as known from elsewhere, or -1 when unknown. */
    private final long fileSize;

    private HeaderProbe(byte[] b, int len, boolean complete, long fileSize) {
        this.b = b;
        this.len = Math.min(len, b.length);
        this.complete = complete;
        this.fileSize = complete ? this.len : fileSize;
    }

    public static ImageHeader probe(byte[] bytes, boolean complete) {
        return probe(bytes, bytes.length, complete);
    }

    public static ImageHeader probe(byte[] bytes, int length, boolean complete) {
        return new HeaderProbe(bytes, length, complete, -1).run();
    }

    /**
     * Probes a prefix of a file whose whole length is known ({@code fileSize}), so that sizes the header declares
     * (WebP's RIFF and chunk sizes) are checked against it even when the bytes beyond the prefix were not read.
     */
    public static ImageHeader probe(byte[] bytes, int length, boolean complete, long fileSize) {
        return new HeaderProbe(bytes, length, complete, fileSize).run();
    }

    private ImageHeader run() {
        ImageFormat f = FormatSniffer.sniff(b, len);
        Builder h = new Builder(f);
        try {
            switch (f) {
                case JPEG -> jpeg(h);
                case PNG -> png(h);
                case GIF -> gif(h);
                case BMP -> bmp(h);
                case TIFF -> tiffFile(h);
                case WEBP -> webp(h);
                case PSD -> psd(h);
                default -> {}
            }
            h.done = true;
        } catch (Truncated | ArrayIndexOutOfBoundsException e) {
            if (complete && !h.hasDims()) {
                throw new CorruptHeaderException(
                        f.displayName() + " header is cut short: expected the image dimensions, found the end of the"
                                + " data after " + len + " bytes");
            }
        }
        return h.build();
    }

    // ---------------------------------------------------------------- JPEG

    private void jpeg(Builder h) {
        int pos = 2;
        Map<Integer, byte[]> icc = new TreeMap<>();
        int iccCount = 0;
        int adobeTransform = -1;
        boolean jfif = false;
        int components = 0;
        while (true) {
            need(pos + 2);
            if (u8(pos) != 0xFF) {
                throw corrupt("JPEG: expected a marker (0xFF) at byte " + pos + ", found 0x" + hex(u8(pos)));
            }
            int m = u8(pos + 1);
            if (m == 0xFF) { // fill byte
                pos++;
                continue;
            }
            pos += 2;
            if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
                continue;
            }
            if (m == 0xD9) {
                throw corrupt("JPEG: end of image before any frame header");
            }
            need(pos + 2);
            int segLen = u16be(pos);
            if (segLen < 2) {
                throw corrupt("JPEG: segment 0x" + hex(m) + " has length " + segLen + ", expected >= 2");
            }
            int p = pos + 2;
            int payload = segLen - 2;
            if (isSof(m)) {
                need(p + 6);
                h.bits = u8(p);
                h.height = u16be(p + 1);
                h.width = u16be(p + 3);
                components = u8(p + 5);
                h.progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
                if (h.width == 0 || h.height == 0) {
                    throw corrupt("JPEG: frame header declares " + h.width + "x" + h.height + " pixels");
                }
                break; // everything we need precedes the frame header
            }
            if (m == 0xE0 && payload >= 5 && has(p + 5) && ascii(p, "JFIF\0")) {
                jfif = true;
            } else if (m == 0xE1 && payload > 6 && has(p + payload) && ascii(p, "Exif\0\0")) {
                h.orientation = tiffOrientation(p + 6, p + payload);
            } else if (m == 0xE2 && payload > 14 && has(p + payload) && ascii(p, "ICC_PROFILE\0")) {
                int seq = u8(p + 12);
                iccCount = u8(p + 13);
                byte[] chunk = new byte[payload - 14];
                System.arraycopy(b, p + 14, chunk, 0, chunk.length);
                icc.put(seq, chunk);
            } else if (m == 0xEE && payload >= 12 && has(p + 12) && ascii(p, "Adobe")) {
                adobeTransform = u8(p + 11);
            }
            pos = p + payload;
        }
        h.adobeSegment = adobeTransform >= 0;
        h.colorKind = switch (components) {
            case 1 -> ColorKind.GRAY;
            case 3 -> (adobeTransform == 0 && !jfif) ? ColorKind.RGB : ColorKind.YCBCR;
            case 4 -> adobeTransform == 2 ? ColorKind.YCCK : ColorKind.CMYK;
            default -> ColorKind.UNKNOWN;
        };
        h.frames = 1;
        if (!icc.isEmpty() && icc.size() == iccCount) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            icc.values().forEach(all::writeBytes);
            h.icc = IccProfile.of(all.toByteArray());
        }
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    // ---------------------------------------------------------------- PNG

    private void png(Builder h) {
        int pos = 8;
        boolean first = true;
        while (true) {
            need(pos + 8);
            long chunkLen = u32be(pos);
            String type = new String(b, pos + 4, 4, StandardCharsets.US_ASCII);
            int p = pos + 8;
            if (first && !type.equals("IHDR")) {
                throw corrupt("PNG: expected the IHDR chunk first, found '" + type + "'");
            }
            first = false;
            if (chunkLen > Integer.MAX_VALUE - 16) {
                throw corrupt("PNG: chunk '" + type + "' declares " + chunkLen + " bytes");
            }
            switch (type) {
                case "IHDR" -> {
                    need(p + 13);
                    h.width = (int) Math.min(Integer.MAX_VALUE, u32be(p));
                    h.height = (int) Math.min(Integer.MAX_VALUE, u32be(p + 4));
                    h.bits = u8(p + 8);
                    int ct = u8(p + 9);
                    h.colorKind = switch (ct) {
                        case 0, 4 -> ColorKind.GRAY;
                        case 2, 6 -> ColorKind.RGB;
                        case 3 -> ColorKind.PALETTE;
                        default -> ColorKind.UNKNOWN;
                    };
                    h.alpha = ct == 4 || ct == 6;
                    h.progressive = u8(p + 12) == 1;
                    h.frames = 1;
                    if (h.width == 0 || h.height == 0) {
                        throw corrupt("PNG: IHDR declares " + h.width + "x" + h.height + " pixels");
                    }
                }
                case "tRNS" -> h.alpha = true;
                case "acTL" -> {
                    need(p + 4);
                    h.frames = (int) Math.min(Integer.MAX_VALUE, u32be(p));
                }
                case "iCCP" -> {
                    need(p + (int) chunkLen);
                    {
                        int z = p;
                        while (z < p + chunkLen && b[z] != 0) {
                            z++;
                        }
                        h.icc = inflate(z + 2, p + (int) chunkLen);
                    }
                }
                case "eXIf" -> {
                    need(p + (int) chunkLen);
                    {
                        h.orientation = tiffOrientation(p, p + (int) chunkLen);
                    }
                }
                case "IDAT", "IEND" -> {
                    return;
                }
                default -> {}
            }
            pos = p + (int) chunkLen + 4;
        }
    }

    private IccProfile inflate(int from, int to) {
        if (from >= to) {
            return null;
        }
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, from, to - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished() && out.size() < 16 << 20) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return out.size() > 0 ? IccProfile.of(out.toByteArray()) : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    // ---------------------------------------------------------------- GIF

    private void gif(Builder h) {
        need(13);
        h.width = u16le(6);
        h.height = u16le(8);
        h.bits = 8;
        h.colorKind = ColorKind.PALETTE;
        int flags = u8(10);
        int pos = 13 + ((flags & 0x80) != 0 ? 3 * (1 << ((flags & 7) + 1)) : 0);
        int frames = 0;
        while (true) {
            need(pos + 1);
            int block = u8(pos);
            if (block == 0x3B) {
                h.frames = frames;
                return;
            } else if (block == 0x21) {
                need(pos + 3);
                int label = u8(pos + 1);
                if (label == 0xF9 && u8(pos + 2) >= 4) {
                    need(pos + 4);
                    if ((u8(pos + 3) & 1) != 0) {
                        h.alpha = true;
                    }
                }
                pos = skipSubBlocks(pos + 2);
            } else if (block == 0x2C) {
                need(pos + 10);
                frames++;
                if (frames == 1 && (h.width == 0 || h.height == 0)) {
                    h.width = u16le(pos + 5);
                    h.height = u16le(pos + 7);
                }
                int lf = u8(pos + 9);
                pos += 10 + ((lf & 0x80) != 0 ? 3 * (1 << ((lf & 7) + 1)) : 0);
                pos = skipSubBlocks(pos + 1);
            } else {
                // Trailing garbage after a frame: decoders stop here too.
                h.frames = Math.max(frames, 1);
                return;
            }
        }
    }

    private int skipSubBlocks(int pos) {
        while (true) {
            need(pos + 1);
            int n = u8(pos);
            pos += 1 + n;
            if (n == 0) {
                return pos;
            }
        }
    }

    // ---------------------------------------------------------------- BMP

    private void bmp(Builder h) {
        need(30);
        long headerSize = u32le(14);
        if (headerSize == 12) {
            h.width = u16le(18);
            h.height = u16le(20);
            h.bits = u16le(24);
        } else {
            h.width = Math.abs((int) u32le(18));
            h.height = Math.abs((int) u32le(22));
            h.bits = u16le(28);
            if (headerSize >= 40) {
                need(34);
                long compression = u32le(30);
                if (compression == 4 || compression == 5) {
                    // the pixels are a whole JPEG or PNG, whose own size the BMP header does not bind
                    throw corrupt("BMP with an embedded " + (compression == 4 ? "JPEG" : "PNG")
                            + " is not supported: expected uncompressed, RLE or bit-field pixels, found compression "
                            + compression);
                }
            }
        }
        h.colorKind = h.bits <= 8 ? ColorKind.PALETTE : ColorKind.RGB;
        h.alpha = h.bits == 32;
        h.frames = 1;
    }

    // ---------------------------------------------------------------- PSD

    private void psd(Builder h) {
        need(26);
        int channels = u16be(12);
        h.height = (int) u32be(14);
        h.width = (int) u32be(18);
        h.bits = u16be(22);
        int mode = u16be(24);
        h.colorKind = switch (mode) {
            case 1 -> ColorKind.GRAY;
            case 2 -> ColorKind.PALETTE;
            case 3 -> ColorKind.RGB;
            case 4 -> ColorKind.CMYK;
            default -> ColorKind.UNKNOWN;
        };
        h.alpha = (mode == 3 && channels > 3) || (mode == 1 && channels > 1);
        h.frames = 1;
    }

    // ---------------------------------------------------------------- WebP

    private void webp(Builder h) {
        need(12);
        long declared = 8 + u32le(4); // the RIFF header's size of the whole file
        if (fileSize >= 0 && declared > fileSize) {
            throw corrupt("WebP is truncated: expected the " + declared + " bytes its RIFF header declares, found "
                    + fileSize);
        }
        // the chunks lie within the RIFF data: bytes after it (appended by some tools) are not chunks
        long end = fileSize >= 0 ? Math.min(declared, fileSize) : declared;
        long at = 12;
        int frames = 0;
        h.bits = 8;
        h.colorKind = ColorKind.RGB;
        while (true) {
            if (at + 8 > end) { // no room for another chunk: the walk is complete
                if (!h.hasDims() || at > len + 1) {
                    // no dimensions, or the last size read jumped past the bytes given (a prefix): not known
                    throw new Truncated();
                }
                if (frames == 0) {
                    throw corrupt("WebP has no image data: expected a VP8, VP8L or ANMF chunk, found none");
                }
                h.frames = frames;
                return;
            }
            if (at + 8 > len) {
                throw new Truncated(); // only on a prefix: the rest lies beyond the bytes read
            }
            int pos = (int) at;
            String type = new String(b, pos, 4, StandardCharsets.US_ASCII);
            long size = u32le(pos + 4);
            int p = pos + 8;
            if (fileSize >= 0 && size > end - p) {
                throw corrupt("WebP chunk '" + printable(type) + "' at byte " + pos + " overruns the RIFF data:"
                        + " expected the " + size + " bytes it declares, found " + (end - p) + " before its end");
            }
            switch (type) {
                case "VP8X" -> {
                    need(p + 10);
                    int flags = u8(p);
                    h.alpha = (flags & 0x10) != 0;
                    h.width = 1 + (u8(p + 4) | (u8(p + 5) << 8) | (u8(p + 6) << 16));
                    h.height = 1 + (u8(p + 7) | (u8(p + 8) << 8) | (u8(p + 9) << 16));
                }
                case "VP8 " -> {
                    need(p + 10);
                    if (!h.hasDims()) {
                        h.width = u16le(p + 6) & 0x3FFF;
                        h.height = u16le(p + 8) & 0x3FFF;
                    }
                    frames = Math.max(frames, 1);
                    if (!h.vp8x) {
                        h.frames = 1;
                        return;
                    }
                }
                case "VP8L" -> {
                    need(p + 5);
                    if (u8(p) != 0x2F) {
                        throw corrupt("WebP: VP8L chunk without its signature byte 0x2F");
                    }
                    long bits = u32le(p + 1);
                    if (!h.hasDims()) {
                        h.width = 1 + (int) (bits & 0x3FFF);
                        h.height = 1 + (int) ((bits >> 14) & 0x3FFF);
                        h.alpha = ((bits >> 28) & 1) != 0;
                    }
                    frames = Math.max(frames, 1);
                    if (!h.vp8x) {
                        h.frames = 1;
                        return;
                    }
                }
                case "ICCP" -> {
                    need(p + size);
                    byte[] icc = new byte[(int) size];
                    System.arraycopy(b, p, icc, 0, icc.length);
                    h.icc = IccProfile.of(icc);
                }
                case "EXIF" -> {
                    need(p + size);
                    int start = (size > 6 && ascii(p, "Exif\0\0")) ? p + 6 : p;
                    h.orientation = tiffOrientation(start, p + (int) size);
                }
                case "ANMF" -> frames++;
                default -> {}
            }
            if ("VP8X".equals(type)) {
                h.vp8x = true;
            }
            at = p + size + (size & 1); // may lie past the end: by a missing pad byte, or a size from a prefix
        }
    }

    /** A four-character chunk type as a message shows it: non-printable bytes as '?'. */
    private static String printable(String type) {
        return type.replaceAll("[^\\x20-\\x7e]", "?");
    }

    // ---------------------------------------------------------------- TIFF (file and EXIF)

    private void tiffFile(Builder h) {
        Tiff t = new Tiff(0, len);
        int ifd = t.firstIfd();
        need(ifd + 2);
        int n = t.u16(ifd);
        int samples = 1;
        int photometric = -1;
        int extra = 0;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            need(e + 12);
            int tag = t.u16(e);
            switch (tag) {
                case 256 -> h.width = (int) t.value(e);
                case 257 -> h.height = (int) t.value(e);
                case 258 -> h.bits = (int) t.firstValue(e);
                case 262 -> photometric = (int) t.value(e);
                case 274 -> h.orientation = (int) t.value(e);
                case 277 -> samples = (int) t.value(e);
                case 338 -> extra = (int) t.count(e);
                case 34675 -> {
                    long count = t.count(e);
                    long off = t.u32(e + 8);
                    if (count > 0 && count < Integer.MAX_VALUE) {
                        need((int) (off + count));
                        byte[] icc = new byte[(int) count];
                        System.arraycopy(b, (int) off, icc, 0, (int) count);
                        h.icc = IccProfile.of(icc);
                    }
                }
                default -> {}
            }
        }
        h.colorKind = switch (photometric) {
            case 0, 1 -> ColorKind.GRAY;
            case 2 -> ColorKind.RGB;
            case 3 -> ColorKind.PALETTE;
            case 5 -> ColorKind.CMYK;
            case 6 -> ColorKind.YCBCR;
            default -> ColorKind.UNKNOWN;
        };
        h.alpha = extra > 0 || (photometric == 2 && samples > 3);
        if (h.width <= 0 || h.height <= 0) {
            throw corrupt("TIFF: first image declares " + h.width + "x" + h.height + " pixels");
        }
    }

    /** EXIF orientation from a TIFF structure in {@code [from, to)}; 1 when absent or unreadable. */
    private int tiffOrientation(int from, int to) {
        try {
            Tiff t = new Tiff(from, to);
            int ifd = t.firstIfd();
            int n = t.u16(ifd);
            for (int i = 0; i < n; i++) {
                int e = ifd + 2 + i * 12;
                if (e + 12 > to) {
                    return 1;
                }
                if (t.u16(e) == 0x0112) {
                    int v = (int) t.value(e);
                    return v >= 1 && v <= 8 ? v : 1;
                }
            }
        } catch (RuntimeException e) {
            // unreadable EXIF: no orientation
        }
        return 1;
    }

    /** A TIFF structure starting at {@code base}; offsets inside are relative to it. */
    private final class Tiff {
        final int base;
        final int end;
        final boolean little;

        Tiff(int base, int end) {
            this.base = base;
            this.end = end;
            need(base + 8);
            little = b[base] == 'I';
        }

        int firstIfd() {
            return base + (int) u32Rel(4);
        }

        int u16(int abs) {
            need(abs + 2);
            return little ? u16le(abs) : u16be(abs);
        }

        long u32(int abs) {
            need(abs + 4);
            return little ? u32le(abs) : u32be(abs);
        }

        long u32Rel(int rel) {
            return u32(base + rel);
        }

        long count(int entry) {
            return u32(entry + 4);
        }

        /** Value of a SHORT or LONG entry with count 1. */
        long value(int entry) {
            int type = u16(entry + 2);
            return type == 3 ? u16(entry + 8) : u32(entry + 8);
        }

        /** First value of a SHORT array (inline for up to 2 values, else at the offset). */
        long firstValue(int entry) {
            int type = u16(entry + 2);
            long count = count(entry);
            if (type == 3 && count > 2) {
                return u16(base + (int) u32(entry + 8));
            }
            return value(entry);
        }
    }

    // ---------------------------------------------------------------- bytes

    private boolean has(int end) {
        return end <= len;
    }

    /** The bytes up to {@code end} must have been given; a long, so that an offset plus a 32-bit size never wraps. */
    private void need(long end) {
        if (end > len || end < 0) {
            throw new Truncated();
        }
    }

    private boolean ascii(int off, String s) {
        if (!has(off + s.length())) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != (byte) s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int u8(int i) {
        need(i + 1);
        return b[i] & 0xFF;
    }

    private int u16be(int i) {
        return (u8(i) << 8) | u8(i + 1);
    }

    private int u16le(int i) {
        return u8(i) | (u8(i + 1) << 8);
    }

    private long u32be(int i) {
        return ((long) u8(i) << 24) | (u8(i + 1) << 16) | (u8(i + 2) << 8) | u8(i + 3);
    }

    private long u32le(int i) {
        return u8(i) | (u8(i + 1) << 8) | (u8(i + 2) << 16) | ((long) u8(i + 3) << 24);
    }

    private static String hex(int v) {
        return String.format("%02X", v);
    }

    private static CorruptHeaderException corrupt(String message) {
        return new CorruptHeaderException(message);
    }

    private static final class Builder {
        final ImageFormat format;
        int width = -1;
        int height = -1;
        int orientation = 1;
        int bits;
        ColorKind colorKind = ColorKind.UNKNOWN;
        boolean alpha;
        boolean progressive;
        boolean adobeSegment;
        Integer frames;
        IccProfile icc;
        boolean vp8x;
        boolean done;

        Builder(ImageFormat format) {
            this.format = format;
        }

        boolean hasDims() {
            return width > 0 && height > 0;
        }

        ImageHeader build() {
            return new ImageHeader(
                    format,
                    width,
                    height,
                    orientation,
                    bits,
                    colorKind,
                    adobeSegment,
                    alpha,
                    progressive,
                    frames,
                    icc,
                    done);
        }
    }
}
