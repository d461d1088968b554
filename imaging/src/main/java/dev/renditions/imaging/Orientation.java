package dev.renditions.imaging;

/**
 * Applies an EXIF orientation (1-8) to pixels, so that outputs can carry orientation 1. Orientations 5-8 swap width and
 * height.
 */
final class Orientation {
    private Orientation() {}

    static Raster8 apply(Raster8 src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.width;
        int h = src.height;
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int c = src.channels;
        Raster8 out = Raster8.allocate(ow, oh, c);
        byte[] s = src.data;
        byte[] d = out.data;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                // (sx, sy): the stored pixel shown at (x, y) once the orientation is applied.
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - x;
                        sy = y;
                    }
                    case 3 -> {
                        sx = w - 1 - x;
                        sy = h - 1 - y;
                    }
                    case 4 -> {
                        sx = x;
                        sy = h - 1 - y;
                    }
                    case 5 -> {
                        sx = y;
                        sy = x;
                    }
                    case 6 -> {
                        sx = y;
                        sy = h - 1 - x;
                    }
                    case 7 -> {
                        sx = w - 1 - y;
                        sy = h - 1 - x;
                    }
                    default -> {
                        sx = w - 1 - y;
                        sy = x;
                    } // 8
                }
                int si = (sy * w + sx) * c;
                int di = (y * ow + x) * c;
                d[di] = s[si];
                d[di + 1] = s[si + 1];
                d[di + 2] = s[si + 2];
                if (c == 4) {
                    d[di + 3] = s[si + 3];
                }
            }
        }
        return out;
    }
}
