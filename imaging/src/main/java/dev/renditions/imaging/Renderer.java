package dev.renditions.imaging;

import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.probe.ColorKind;
import dev.renditions.core.probe.ImageFormat;
import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import java.awt.color.ICC_Profile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a source once and renders each requested rendition from it, returning encoded bytes in the order requested.
 * Pure: no files, S3 or environment. Thread-safe.
 *
 * <p>The pipeline: header check (limits before any pixel) → decode (JPEG: libjpeg-turbo's DCT-domain scaling to at
 * least 1.5 times the largest target, when the native library is available; otherwise ImageIO, subsampled on read when
 * memory requires it) →
 * for each rendition, largest first: resize (from the previous, larger rendition when it is at least twice the size,
 * else from the decoded image) → EXIF orientation → colour conversion to sRGB when the source profile is not
 * sRGB-equivalent (on the small image) → crop or pad → encode.
 *
 * <p>Throws {@link InvalidInputException} (corrupt, unsupported, over a limit) or {@link TransientException} (out
 * of memory, unexpected).
 */
public final class Renderer {
    /** The decoded raster may use at most this fraction of the maximum heap. */
    private static final int HEAP_FRACTION = 4;

    private final long decodeBudgetBytes;
    private final boolean nativeJpeg;

    public Renderer() {
        this(Runtime.getRuntime().maxMemory() / HEAP_FRACTION, true);
    }

    /**
     * @param decodeBudgetBytes the most memory the decoded source raster may take
     * @param nativeJpeg whether JPEGs may be decoded with libjpeg-turbo's scaled decoding when it is available
     */
    public Renderer(long decodeBudgetBytes, boolean nativeJpeg) {
        if (decodeBudgetBytes < 1) {
            throw new IllegalArgumentException("decode budget must be positive");
        }
        this.decodeBudgetBytes = decodeBudgetBytes;
        this.nativeJpeg = nativeJpeg;
    }

    /** True when this JVM can decode JPEGs with libjpeg-turbo's scaled decoding. */
    public static boolean nativeJpegAvailable() {
        return NativeJpeg.available();
    }

    public List<RenderResult> render(ImageSource source, Limits limits, List<Rendition> renditions) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(limits, "limits");
        if (renditions == null || renditions.isEmpty()) {
            throw new IllegalArgumentException("no renditions to render");
        }
        try {
            return renderChecked(source, limits, renditions);
        } catch (OutOfMemoryError e) {
            throw new TransientException(
                    TransientException.INTERNAL,
                    "out of memory rendering " + source.name() + ": give the worker more heap or lower "
                            + "limits.maxPixels",
                    e);
        } catch (RenditionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Failures.classify(e);
        }
    }

    private List<RenderResult> renderChecked(ImageSource source, Limits limits, List<Rendition> renditions) {
        ImageHeader header = ImageProbe.check(source, limits);
        int orientation = header.orientation();
        boolean swap = orientation >= 5;
        int ow = header.orientedWidth();
        int oh = header.orientedHeight();

        int n = renditions.size();
        Geometry[] plans = new Geometry[n];
        int maxW = 1;
        int maxH = 1;
        for (int i = 0; i < n; i++) {
            plans[i] = Geometry.plan(ow, oh, renditions.get(i));
            // resize targets in stored orientation
            maxW = Math.max(maxW, swap ? plans[i].resizeH() : plans[i].resizeW());
            maxH = Math.max(maxH, swap ? plans[i].resizeW() : plans[i].resizeH());
        }
        Decoder.Decoded decoded = null;
        int denominator = jpegDenominator(header, source.size(), maxW, maxH);
        if (denominator > 0) {
            decoded = Decoder.decodeNative(source, header, denominator);
        }
        if (decoded == null) {
            int subsample = subsampleFactor(header.width(), header.height(), maxW, maxH, decodeBudgetBytes);
            decoded = Decoder.decode(source, header, subsample);
        }
        Raster8 base = decoded.raster();
        ICC_Profile pending = decoded.pending();

        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> -(long) plans[i].resizeW() * plans[i].resizeH()));

        RenderResult[] results = new RenderResult[n];
        Raster8 previous = null;
        for (int i : order) {
            Geometry g = plans[i];
            Rendition r = renditions.get(i);
            int tw = swap ? g.resizeH() : g.resizeW();
            int th = swap ? g.resizeW() : g.resizeH();
            Raster8 from =
                    (previous != null && previous.width >= 2 * tw && previous.height >= 2 * th) ? previous : base;
            Raster8 resized = Resampler.resize(from, tw, th);
            previous = resized;
            Raster8 out = Orientation.apply(resized, orientation);
            if (pending != null) {
                out = ColorManagement.toSrgb(out, pending);
            }
            if (g.needsCrop()) {
                out = out.crop(g.cropX(), g.cropY(), g.cropW(), g.cropH());
            }
            if (g.needsPad()) {
                out = out.pad(g.outW(), g.outH(), g.padX(), g.padY(), r.backgroundRgb());
            }
            byte[] bytes = Encoder.encode(out, r);
            results[i] = new RenderResult(r, bytes, out.width, out.height);
        }
        return new ArrayList<>(Arrays.asList(results));
    }

    /**
     * The libjpeg scale denominator (1, 2, 4 or 8) for a JPEG: the largest that still leaves the decoded image at
     * least 1.5 times the largest target on both sides (the resampler does the rest; libvips stops at 1x), raised if needed to fit the memory
     * budget. 0 when the native decoder does not apply (not a YCbCr/RGB/grey JPEG, not available, too large).
     */
    int jpegDenominator(ImageHeader h, long sourceBytes, int targetW, int targetH) {
        if (!nativeJpeg
                || h.format() != ImageFormat.JPEG
                || !(h.colorKind() == ColorKind.YCBCR
                        || h.colorKind() == ColorKind.GRAY
                        || h.colorKind() == ColorKind.RGB)
                || sourceBytes > decodeBudgetBytes
                || !NativeJpeg.available()) {
            return 0;
        }
        int d = 8;
        while (d > 1 && (ceilDiv(h.width(), d) * 2L < 3L * targetW || ceilDiv(h.height(), d) * 2L < 3L * targetH)) {
            d /= 2;
        }
        while (d < 8 && (long) ceilDiv(h.width(), d) * ceilDiv(h.height(), d) * 3 > decodeBudgetBytes) {
            d *= 2;
        }
        return (long) ceilDiv(h.width(), d) * ceilDiv(h.height(), d) * 3 > decodeBudgetBytes ? 0 : d;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * The smallest subsampling factor whose decoded raster (4 bytes a pixel at worst) fits the budget, but never so
     * large that the decoded image is smaller than the largest target.
     */
    static int subsampleFactor(int w, int h, int targetW, int targetH, long budgetBytes) {
        int ceiling = Math.max(1, Math.min(w / Math.max(1, targetW), h / Math.max(1, targetH)));
        int s = 1;
        while (s < ceiling && decodedBytes(w, h, s) > budgetBytes) {
            s++;
        }
        return s;
    }

    private static long decodedBytes(int w, int h, int s) {
        return ((long) (w + s - 1) / s) * ((h + s - 1) / s) * 4L;
    }
}
