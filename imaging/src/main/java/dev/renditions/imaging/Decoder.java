package dev.renditions.imaging;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.probe.ColorKind;
import dev.renditions.core.probe.ImageFormat;
import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.probe.LimitCheck;
import dev.renditions.core.spec.Limits;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes a source into a {@link Raster8}: with ImageIO and the TwelveMonkeys plugins, or, for JPEGs, with libjpeg-turbo
 * ({@link NativeJpeg}).
 */
final class Decoder {
    /**
     * ImageIO, set up the first time something uses it. Its plugin registry takes tens of milliseconds to build, which a
     * JPEG decoded and encoded by libjpeg-turbo never needs.
     */
    static final class ImageIoSetup {
        static {
            ImageIO.setUseCache(false); // no temp files: the pixel code never touches the file system
            ImageIO.scanForPlugins();
        }

        private ImageIoSetup() {}

        /** Runs the set-up once; a no-op afterwards. */
        static void ensure() {
            // the static initialiser does the work
        }
    }

    /**
     * @param raster the pixels, in stored orientation
     * @param pending when not null, the pixels are still in this RGB profile's space and need converting to sRGB
     */
    record Decoded(Raster8 raster, ICC_Profile pending) {}

    private Decoder() {}

    static Decoded decode(ImageSource given, ImageHeader header, Limits limits, int subsample) {
        ImageIoSetup.ensure();
        ImageFormat format = header.format();
        // JPEG in YCbCr/RGB/grey: drop the ICC profile and metadata before decoding, so that the decoder does not
        // convert every pixel through it at full size; we convert after shrinking if the profile is not sRGB.
        boolean strip = format == ImageFormat.JPEG && !header.colorKind().isCmyk();
        ICC_Profile embedded =
                header.icc() == null ? null : ColorManagement.parse(header.icc().data());
        ImageSource source = given;
        if (format == ImageFormat.JPEG && header.progressive()) {
            // the native decoder counts scans itself; ImageIO's cannot be told to. The bytes read for the count are
            // the ones decoded, rather than reading the source a second time.
            byte[] bytes = allBytes(given);
            if (JpegScans.exceeds(bytes, JpegScans.MAX_SCANS)) {
                throw tooManyScans(given);
            }
            source = ImageSource.of(given.name(), bytes);
        }
        try (InputStream raw = new SourceStream(source.open())) {
            InputStream in = strip ? JpegHeaderFilter.strip(raw) : raw;
            try (ImageInputStream iis = new MemoryCacheImageInputStream(new BufferedInputStream(in, 1 << 16))) {
                ImageReader reader = readerFor(format, iis);
                Warnings warnings = new Warnings();
                try {
                    reader.setInput(iis, false, false);
                    reader.addIIOReadWarningListener(warnings);
                    // The limits and the decode's memory budget were worked out from the header's size; what the
                    // plugin decodes can be larger (a GIF frame beyond its logical screen, which browsers show, or a
                    // TIFF size tag given twice): check the limits on that size too, before any pixel is decoded, and
                    // subsample more so that the decoded image stays within the budget.
                    int width = reader.getWidth(0);
                    int height = reader.getHeight(0);
                    int step = subsample;
                    if (width > header.width() || height > header.height()) {
                        LimitCheck.checkPixels(width, height, limits);
                        double over = Math.max((double) width / header.width(), (double) height / header.height());
                        step = (int) Math.min(Math.ceil(subsample * over), Math.max(width, height));
                    }
                    ImageReadParam param = reader.getDefaultReadParam();
                    if (step > 1) {
                        param.setSourceSubsampling(step, step, 0, 0);
                    }
                    ICC_Profile cmyk =
                            embedded != null && embedded.getColorSpaceType() == ColorSpace.TYPE_CMYK ? embedded : null;
                    if (cmyk != null && format == ImageFormat.JPEG) {
                        // the CMYK samples themselves: the profile is applied here (toRaster), since the reader
                        // converts naively whenever its own check refuses a profile that colour engines accept
                        cmykDestination(reader).ifPresent(param::setDestinationType);
                    }
                    BufferedImage image = reader.read(0, param);
                    warnings.failOnTruncation(source, format);
                    Decoded d = toRaster(image, cmyk, header.adobeSegment());
                    ICC_Profile pending = d.pending();
                    // JPEG: we dropped the profile. PNG: the JDK's reader ignores iCCP and returns the stored values.
                    boolean profileIgnored = strip
                            || (format == ImageFormat.PNG
                                    && d.pending() == null
                                    && image.getColorModel().getColorSpace().isCS_sRGB());
                    if (profileIgnored
                            && header.colorKind() != ColorKind.GRAY
                            && embedded != null
                            && embedded.getColorSpaceType() == ColorSpace.TYPE_RGB
                            && !ColorManagement.isSrgbEquivalent(embedded)) {
                        pending = embedded;
                    }
                    return new Decoded(d.raster(), pending);
                } finally {
                    reader.dispose();
                }
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (UnsupportedSamples e) {
            throw new InvalidInputException(
                    InvalidInputException.UNSUPPORTED_FORMAT,
                    format.displayName() + " image " + source.name() + " is not supported: " + e.getMessage(),
                    e);
        } catch (IIOException e) {
            throw corrupt(source, format, e);
        } catch (IllegalArgumentException
                | IndexOutOfBoundsException
                | IllegalStateException
                | UnsupportedOperationException
                | ClassCastException
                | NullPointerException
                | java.awt.image.RasterFormatException
                | java.awt.color.CMMException
                | ArithmeticException
                | NegativeArraySizeException e) {
            // what ImageIO plugins throw on malformed data
            throw corrupt(source, format, e);
        } catch (SourceStream.ReadFailure e) {
            // reading the source itself failed (the disk, the network): a retry may help
            throw new TransientException(
                    TransientException.IO_ERROR, "could not read " + source.name() + ": " + message(e.getCause()), e);
        } catch (EOFException e) {
            // the plugins read from bytes already in memory or on local disk: running out of them means a short file
            throw truncated(source, format, "the end of the file", e);
        } catch (IOException e) {
            // any other I/O error comes from a plugin parsing the bytes it was given ("Corrupted TIFF LZW data")
            throw corrupt(source, format, e);
        }
    }

    /** Samples decoded fine but in a form renditions are not made from (32-bit integers, floating point). */
    private static final class UnsupportedSamples extends RuntimeException {
        UnsupportedSamples(String message) {
            super(message);
        }
    }

    /** The source's bytes, with a failure to read them told apart from a plugin's complaint about their content. */
    private static final class SourceStream extends java.io.FilterInputStream {
        static final class ReadFailure extends IOException {
            ReadFailure(IOException cause) {
                super(cause.getMessage(), cause);
            }
        }

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }
    }

    /**
     * Decodes a JPEG at {@code scale}/8 of its size with libjpeg-turbo ({@link NativeJpeg}). Returns null when libjpeg
     * cannot decode it, so that the caller falls back to ImageIO and TwelveMonkeys, which tolerate more broken files.
     * A file that ends early is refused, as on the ImageIO path.
     */
    static Decoded decodeNative(ImageSource source, ImageHeader header, int scale) {
        byte[] bytes = allBytes(source);
        NativeJpeg.Result r;
        try {
            r = NativeJpeg.decode(bytes, scale);
        } catch (NativeJpeg.ScanLimitExceeded e) {
            throw tooManyScans(source);
        } catch (IOException e) {
            return null;
        }
        if (r.truncated()) {
            throw truncated(source, ImageFormat.JPEG, "'" + r.warning() + "'", null);
        }
        return new Decoded(r.raster(), pendingProfile(header));
    }

    /** The embedded RGB profile when it is not sRGB-equivalent: the pixels still need converting. */
    private static ICC_Profile pendingProfile(ImageHeader header) {
        if (header.icc() == null || header.colorKind() == ColorKind.GRAY) {
            return null;
        }
        byte[] icc = header.icc().data();
        if (SrgbProfileCheck.isSrgbCopy(icc)) {
            return null; // the usual camera sRGB: decided without loading the colour engine
        }
        ICC_Profile p = ColorManagement.parse(icc);
        return p != null && p.getColorSpaceType() == ColorSpace.TYPE_RGB && !ColorManagement.isSrgbEquivalent(p)
                ? p
                : null;
    }

    /** The whole source; failing to read it is transient. */
    private static byte[] allBytes(ImageSource source) {
        try {
            return source.readAllBytes();
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.IO_ERROR, "could not read " + source.name() + ": " + message(e), e);
        }
    }

    private static InvalidInputException tooManyScans(ImageSource source) {
        return new InvalidInputException(
                InvalidInputException.LIMIT_EXCEEDED,
                "JPEG image " + source.name() + " has too many scans: expected at most " + JpegScans.MAX_SCANS
                        + " (a progressive JPEG has about ten), found more");
    }

    private static InvalidInputException corrupt(ImageSource source, ImageFormat format, Exception e) {
        return new InvalidInputException(
                InvalidInputException.CORRUPT_IMAGE,
                "could not decode " + format.displayName() + " image " + source.name() + ": expected valid "
                        + format.displayName() + " data, found '" + message(e) + "'",
                e);
    }

    /** @param found what the decoder met instead of the rest of the image; @param cause or null */
    private static InvalidInputException truncated(
            ImageSource source, ImageFormat format, String found, Exception cause) {
        return new InvalidInputException(
                InvalidInputException.CORRUPT_IMAGE,
                format.displayName() + " image " + source.name() + " is truncated: expected the complete image data,"
                        + " found " + found,
                cause);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    private static ImageReader readerFor(ImageFormat format, ImageInputStream iis) {
        if (format == ImageFormat.JPEG) {
            // Prefer TwelveMonkeys' JPEG reader: CMYK/YCCK, and it tolerates some broken Huffman tables and segments.
            ImageReader fallback = null;
            for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
                ImageReader r = it.next();
                if (r.getClass().getName().startsWith("com.twelvemonkeys")) {
                    return r;
                }
                if (fallback == null) {
                    fallback = r;
                }
            }
            if (fallback != null) {
                return fallback;
            }
        }
        Iterator<ImageReader> it = ImageIO.getImageReaders(iis);
        if (!it.hasNext()) {
            throw new InvalidInputException(
                    InvalidInputException.UNSUPPORTED_FORMAT,
                    "no decoder for " + format.displayName() + " is installed (ImageIO plugins missing?)");
        }
        return it.next();
    }

    /** The reader's image type that holds CMYK samples as stored, if it offers one. */
    private static Optional<ImageTypeSpecifier> cmykDestination(ImageReader reader) throws IOException {
        for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
            ImageTypeSpecifier t = it.next();
            ColorModel cm = t.getColorModel();
            if (cm.getColorSpace().getType() == ColorSpace.TYPE_CMYK && !cm.hasAlpha() && cm.getNumComponents() == 4) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Collects decoder warnings; a premature end of data means a truncated file, which we refuse. */
    private static final class Warnings implements IIOReadWarningListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            seen.add(warning);
        }

        void failOnTruncation(ImageSource source, ImageFormat format) {
            for (String w : seen) {
                String l = w.toLowerCase(Locale.ROOT);
                if (l.contains("premature end") || l.contains("truncated") || l.contains("unexpected end")) {
                    throw truncated(source, format, "'" + w + "'", null);
                }
            }
        }
    }

    // ------------------------------------------------------------------ BufferedImage -> Raster8

    static Decoded toRaster(BufferedImage bi) {
        return toRaster(bi, null, false);
    }

    /**
     * @param embeddedCmyk the source's embedded CMYK profile, or null: applied to CMYK samples that the reader returned
     *     as stored (TwelveMonkeys sets aside some profiles that colour engines accept, and then converts naively)
     * @param inverted the CMYK samples are stored inverted, as in every JPEG with an Adobe APP14 segment
     */
    static Decoded toRaster(BufferedImage bi, ICC_Profile embeddedCmyk, boolean inverted) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        ColorModel cm = bi.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        if (bi.getType() == BufferedImage.TYPE_3BYTE_BGR && isPackedInterleaved(bi, 3)) {
            byte[] d = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < d.length; i += 3) { // BGR -> RGB in place: the image is not used again
                byte t = d[i];
                d[i] = d[i + 2];
                d[i + 2] = t;
            }
            return new Decoded(new Raster8(w, h, 3, d), null);
        }
        if (cs.getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            // Grey samples are gamma-encoded like sRGB in practice; the JDK's linear CS_GRAY would brighten them.
            return new Decoded(fromSamples(bi, true), null);
        }
        if (cs.isCS_sRGB() || cm instanceof IndexColorModel) {
            return new Decoded(fromArgb(bi), null);
        }
        if (cs instanceof ICC_ColorSpace ics
                && cs.getType() == ColorSpace.TYPE_RGB
                && cm instanceof ComponentColorModel) {
            ICC_Profile p = ics.getProfile();
            Raster8 r = fromSamples(bi, false);
            return new Decoded(r, ColorManagement.isSrgbEquivalent(p) ? null : p);
        }
        // CMYK and other colour spaces: convert the whole image once (these sources are small in practice).
        BufferedImage from = bi;
        if (embeddedCmyk != null
                && cs.getType() == ColorSpace.TYPE_CMYK
                && !(cs instanceof ICC_ColorSpace)
                && !cm.hasAlpha()
                && bi.getRaster().getNumBands() == 4) {
            // the same CMYK samples, seen through the profile the file carries
            ColorModel tagged = new ComponentColorModel(
                    new ICC_ColorSpace(embeddedCmyk),
                    false,
                    false,
                    Transparency.OPAQUE,
                    bi.getRaster().getTransferType());
            WritableRaster samples = bi.getRaster();
            if (inverted) {
                samples = samples.createCompatibleWritableRaster();
                int[] row = new int[w * 4];
                int max = (1 << bi.getColorModel().getComponentSize(0)) - 1;
                for (int y = 0; y < h; y++) {
                    bi.getRaster().getPixels(0, y, w, 1, row);
                    for (int i = 0; i < row.length; i++) {
                        row[i] = max - row[i];
                    }
                    samples.setPixels(0, y, w, 1, row);
                }
            }
            from = new BufferedImage(tagged, samples, false, null);
        }
        BufferedImage rgb =
                new BufferedImage(w, h, cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        try {
            new ColorConvertOp(null).filter(from, rgb);
        } catch (java.awt.color.CMMException e) {
            if (from == bi) {
                throw e;
            }
            new ColorConvertOp(null).filter(bi, rgb); // the colour engine cannot use the profile either: as stored
        }
        return new Decoded(fromArgb(rgb), null);
    }

    private static boolean isPackedInterleaved(BufferedImage bi, int channels) {
        Raster r = bi.getRaster();
        if (!(r.getSampleModel() instanceof PixelInterleavedSampleModel sm)) {
            return false;
        }
        return r.getParent() == null
                && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0
                && sm.getPixelStride() == channels
                && sm.getScanlineStride() == bi.getWidth() * channels
                && r.getDataBuffer().getNumBanks() == 1
                && r.getDataBuffer().getOffset() == 0
                && ((DataBufferByte) r.getDataBuffer()).getData().length == bi.getWidth() * bi.getHeight() * channels;
    }

    /** Through the colour model's sRGB conversion: palette, packed and sRGB component images. */
    private static Raster8 fromArgb(BufferedImage bi) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        boolean alpha = bi.getColorModel().hasAlpha();
        int[] row = new int[w];
        if (!alpha) {
            byte[] d = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                bi.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                    int p = row[x];
                    d[o] = (byte) (p >> 16);
                    d[o + 1] = (byte) (p >> 8);
                    d[o + 2] = (byte) p;
                }
            }
            return new Raster8(w, h, 3, d);
        }
        byte[] d = new byte[w * h * 4];
        for (int y = 0; y < h; y++) {
            bi.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = y * w * 4; x < w; x++, o += 4) {
                premultiply(d, o, (row[x] >> 16) & 0xFF, (row[x] >> 8) & 0xFF, row[x] & 0xFF, row[x] >>> 24);
            }
        }
        return new Raster8(w, h, 4, d).dropOpaqueAlpha();
    }

    /** Raw samples scaled to 8 bits: grey (replicated to RGB) or RGB, with or without alpha. */
    private static Raster8 fromSamples(BufferedImage bi, boolean grey) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        ColorModel cm = bi.getColorModel();
        Raster r = bi.getRaster();
        int bands = r.getNumBands();
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        int colourBands = grey ? 1 : 3;
        int[] max = new int[bands];
        int type = r.getDataBuffer().getDataType();
        boolean floating = type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE;
        for (int b = 0; b < bands; b++) {
            int bits = r.getSampleModel().getSampleSize(b);
            if (bits > 16 || floating) {
                throw new UnsupportedSamples("expected 1 to 16 bits per integer sample, found " + bits
                        + (floating ? " (floating point)" : ""));
            }
            max[b] = (1 << bits) - 1;
        }
        int c = alpha ? 4 : 3;
        byte[] d = new byte[w * h * c];
        int[] px = new int[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                int o = (y * w + x) * c;
                int v0 = scale(px[p], max[0]);
                int v1 = grey ? v0 : scale(px[p + 1], max[1]);
                int v2 = grey ? v0 : scale(px[p + 2], max[2]);
                if (!alpha) {
                    d[o] = (byte) v0;
                    d[o + 1] = (byte) v1;
                    d[o + 2] = (byte) v2;
                } else {
                    int a = scale(px[p + colourBands], max[colourBands]);
                    if (premultiplied) {
                        d[o] = (byte) Math.min(v0, a);
                        d[o + 1] = (byte) Math.min(v1, a);
                        d[o + 2] = (byte) Math.min(v2, a);
                        d[o + 3] = (byte) a;
                    } else {
                        premultiply(d, o, v0, v1, v2, a);
                    }
                }
            }
        }
        Raster8 out = new Raster8(w, h, c, d);
        return alpha ? out.dropOpaqueAlpha() : out;
    }

    private static int scale(int v, int max) {
        return max == 255 ? v : (int) ((v * 255L + max / 2) / max);
    }

    private static void premultiply(byte[] d, int o, int r, int g, int b, int a) {
        if (a == 255) {
            d[o] = (byte) r;
            d[o + 1] = (byte) g;
            d[o + 2] = (byte) b;
        } else {
            d[o] = (byte) ((r * a + 127) / 255);
            d[o + 1] = (byte) ((g * a + 127) / 255);
            d[o + 2] = (byte) ((b * a + 127) / 255);
        }
        d[o + 3] = (byte) a;
    }
}
