package dev.renditions.imaging;

import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.TransientException;
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
 * <p>The pipeline: header check (limits before any pixel) → decode, subsampled on read when memory requires it →
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

    public Renderer() {
        this(Runtime.getRuntime().maxMemory() / HEAP_FRACTION);
    }

    /** @param decodeBudgetBytes the most memory the decoded source raster may take */
    public Renderer(long decodeBudgetBytes) {
        if (decodeBudgetBytes < 1) {
            throw new IllegalArgumentException("decode budget must be positive");
        }
        this.decodeBudgetBytes = decodeBudgetBytes;
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
        int subsample = subsampleFactor(header.width(), header.height(), maxW, maxH, decodeBudgetBytes);
        Decoder.Decoded decoded = Decoder.decode(source, header, subsample);
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
