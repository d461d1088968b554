package dev.renditions.imaging;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Rendition;

/**
 * Output geometry of a rendition for a source of {@code sw x sh} pixels (after orientation).
 *
 * <p>Rounding: the side that binds the scale gets exactly the box size; the other side is {@code round(side * scale)}
 * with halves rounded up, and never less than 1. Without {@code enlarge} the scale never exceeds 1.
 *
 * <ul>
 *   <li>{@code inside}: resized to fit the box; the output is the resized size.
 *   <li>{@code cover}: resized to fill the box, then centre-cropped to it (left/top offsets rounded down). Without
 *       enlarge a source smaller than the box is cropped to at most the box, never scaled up.
 *   <li>{@code contain}: resized like inside, then centred on a canvas of exactly the box filled with background.
 *   <li>{@code fill}: stretched to exactly the box; without enlarge each side is capped at the source's.
 * </ul>
 */
record Geometry(
        int resizeW, int resizeH, int cropX, int cropY, int cropW, int cropH, int outW, int outH, int padX, int padY) {

    static Geometry plan(int sw, int sh, Rendition r) {
        Integer bw = r.width();
        Integer bh = r.height();
        Fit fit = (bw == null || bh == null) ? Fit.INSIDE : r.fit();
        switch (fit) {
            case FILL -> {
                int w = r.enlarge() ? bw : Math.min(bw, sw);
                int h = r.enlarge() ? bh : Math.min(bh, sh);
                return new Geometry(w, h, 0, 0, w, h, w, h, 0, 0);
            }
            case COVER -> {
                // scale = max(bw/sw, bh/sh); compare bw*sh with bh*sw exactly in integers
                int[] size = scaled(sw, sh, bw, bh, (long) bw * sh >= (long) bh * sw);
                int rw = size[0];
                int rh = size[1];
                if (!r.enlarge() && (rw > sw || rh > sh)) {
                    rw = sw;
                    rh = sh;
                }
                int cw = Math.min(bw, rw);
                int ch = Math.min(bh, rh);
                return new Geometry(rw, rh, (rw - cw) / 2, (rh - ch) / 2, cw, ch, cw, ch, 0, 0);
            }
            default -> {
                int[] size = inside(sw, sh, bw, bh, r.enlarge());
                int rw = size[0];
                int rh = size[1];
                if (fit == Fit.CONTAIN) {
                    return new Geometry(rw, rh, 0, 0, rw, rh, bw, bh, (bw - rw) / 2, (bh - rh) / 2);
                }
                return new Geometry(rw, rh, 0, 0, rw, rh, rw, rh, 0, 0);
            }
        }
    }

    private static int[] inside(int sw, int sh, Integer bw, Integer bh, boolean enlarge) {
        boolean widthBinds;
        if (bw == null) {
            widthBinds = false;
        } else if (bh == null) {
            widthBinds = true;
        } else {
            widthBinds = (long) bw * sh <= (long) bh * sw; // bw/sw <= bh/sh
        }
        int[] size = scaled(sw, sh, bw, bh, widthBinds);
        if (!enlarge && (size[0] > sw || size[1] > sh)) {
            return new int[] {sw, sh};
        }
        return size;
    }

    /** The source scaled so that the binding side is exactly the box's. */
    private static int[] scaled(int sw, int sh, Integer bw, Integer bh, boolean widthBinds) {
        return widthBinds ? new int[] {bw, scaleSide(sh, bw, sw)} : new int[] {scaleSide(sw, bh, sh), bh};
    }

    /** round(side * num / den), halves up, at least 1. */
    private static int scaleSide(int side, int num, int den) {
        long v = ((long) side * num * 2 + den) / (2L * den);
        return (int) Math.max(1, v);
    }

    boolean needsCrop() {
        return cropX != 0 || cropY != 0 || cropW != resizeW || cropH != resizeH;
    }

    boolean needsPad() {
        return outW != cropW || outH != cropH;
    }
}
