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
 * <p>The pipeline: header check (limits before any pixel) → decode (JPEG: libjpeg-turbo's DCT-domain scaling by 1/8,
 * 1/4 or 1/2 to at least 1.5 times the largest target, when the native library is available; otherwise ImageIO,
 * subsampled on read when memory requires it) →
 * for each rendition, largest first: resize (from the previous, larger rendition when it is at least twice the size,
 * else from the decoded image) → EXIF orientation → colour conversion to sRGB when the source profile is not
 * sRGB-equivalent (on the small image) → crop or pad → encode (JPEG: libjpeg-turbo when available, else ImageIO).
 *
 * <p>Throws {@link InvalidInputException} (corrupt, unsupported, over a limit) or {@link TransientException} (out
 * of memory, unexpected).
 */
public final class Renderer {
    /** The decoded raster may use at most this fraction of the maximum heap. */
    private static final int HEAP_FRACTION = 4;

    /**
     * The JPEG scales (eighths) the decoder chooses from: those whose decoders average like boxes. Not 3/8, 5/8, 6/8 or
     * 7/8: they truncate each 8x8 block's spectrum, so that fine patterns (one-pixel stripes, fabric, screens) leak into
     * the kept coefficients as a ripple of the block period that no later filter removes (stripes came out 96..159
     * where the full-size path gives flat grey; a zone plate scored SSIM 0.74 at 3/8), and 7/8 decodes slower than 8/8
     * (no SIMD). Measured, 5/8 and 6/8 would have saved about a tenth of a 2560 px rendition's time: not worth moire.
     */
    private static final int[] JPEG_SCALES = {1, 2, 4, 8};

    private final long decodeBudgetBytes;
    private final boolean nativeJpeg;

    public Renderer() {
        this(Runtime.getRuntime().maxMemory() / HEAP_FRACTION, true);
    }

    /**
     * @param decodeBudgetBytes the most memory the decoded source raster may take
     * @param nativeJpeg whether JPEGs may be decoded (with libjpeg-turbo's scaled decoding) and encoded by libjpeg-turbo
     *     through the project's JNI library when it is available; ImageIO otherwise
     */
    public Renderer(long decodeBudgetBytes, boolean nativeJpeg) {
        if (decodeBudgetBytes < 1) {
            throw new IllegalArgumentException("decode budget must be positive");
        }
        this.decodeBudgetBytes = decodeBudgetBytes;
        this.nativeJpeg = nativeJpeg;
    }

    /** True when this JVM can decode and encode JPEGs with libjpeg-turbo through the project's JNI library. */
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
        int scale = jpegScale(header, source.size(), maxW, maxH);
        if (scale > 0) {
            decoded = Decoder.decodeNative(source, header, scale);
        }
        if (decoded == null) {
            int subsample = subsampleFactor(header.width(), header.height(), maxW, maxH, decodeBudgetBytes);
            decoded = Decoder.decode(source, header, limits, subsample);
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
                try {
                    out = ColorManagement.toSrgb(out, pending);
                } catch (java.awt.color.CMMException e) {
                    // a profile that parses but that the colour engine cannot link ("LCMS error 13"): the pixels as
                    // stored, as browsers show them, rather than no rendition at all
                    pending = null;
                }
            }
            if (g.needsCrop()) {
                out = out.crop(g.cropX(), g.cropY(), g.cropW(), g.cropH());
            }
            if (g.needsPad()) {
                out = out.pad(g.outW(), g.outH(), g.padX(), g.padY(), r.backgroundRgb());
            }
            byte[] bytes = Encoder.encode(out, r, nativeJpeg);
            results[i] = new RenderResult(r, bytes, out.width, out.height);
        }
        return new ArrayList<>(Arrays.asList(results));
    }

    /**
     * The libjpeg scale for a JPEG, in eighths: the smallest of {@link #JPEG_SCALES} that still leaves the decoded
     * image at least {@link #covers margin} times the largest target on both sides (the resampler does the rest),
     * lowered if needed to fit the memory budget. 0 when the native decoder does not apply (not a YCbCr/RGB/grey JPEG,
     * not available, too large).
     */
    int jpegScale(ImageHeader h, long sourceBytes, int targetW, int targetH) {
        if (!nativeJpeg
                || h.format() != ImageFormat.JPEG
                || !(h.colorKind() == ColorKind.YCBCR
                        || h.colorKind() == ColorKind.GRAY
                        || h.colorKind() == ColorKind.RGB)
                || sourceBytes > decodeBudgetBytes
                || !NativeJpeg.available()) {
            return 0;
        }
        int i = 0;
        while (i < JPEG_SCALES.length - 1
                && !(covers(h.width(), JPEG_SCALES[i], targetW) && covers(h.height(), JPEG_SCALES[i], targetH))) {
            i++;
        }
        while (i > 0 && scaledBytes(h, JPEG_SCALES[i]) > decodeBudgetBytes) {
            i--;
        }
        return scaledBytes(h, JPEG_SCALES[i]) > decodeBudgetBytes ? 0 : JPEG_SCALES[i];
    }

    /**
     * Whether a side decoded at {@code m}/8 leaves the resampler enough to reach {@code target}: libjpeg-turbo's 1/8,
     * 2/8 and 4/8 decoders average, much like boxes, and need 1.5 times the target, so that the Lanczos step still does
     * the final, alias-free reduction (libvips keeps a similar margin). 8/8 always covers.
     */
    static boolean covers(int side, int m, int target) {
        return m == 8 || NativeJpeg.scaledSide(side, m) * 2 >= 3L * target;
    }

    private static long scaledBytes(ImageHeader h, int m) {
        return (long) NativeJpeg.scaledSide(h.width(), m) * NativeJpeg.scaledSide(h.height(), m) * 3;
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
