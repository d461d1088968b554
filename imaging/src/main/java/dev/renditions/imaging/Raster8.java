package dev.renditions.imaging;

import java.util.Objects;

/**
 * The working image: 8-bit interleaved RGB ({@code channels == 3}) or RGBA with premultiplied alpha
 * ({@code channels == 4}), rows top to bottom, no padding. Premultiplied alpha keeps transparent pixels from bleeding
 * their (meaningless) colour into neighbours when resampling.
 */
final class Raster8 {
    final int width;
    final int height;
    final int channels;
    final byte[] data;

    Raster8(int width, int height, int channels, byte[] data) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("raster must be at least 1x1, found " + width + "x" + height);
        }
        if (channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels must be 3 or 4, found " + channels);
        }
        Objects.requireNonNull(data, "data");
        if (data.length != (long) width * height * channels) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " does not match " + width + "x" + height + "x" + channels);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.data = data;
    }

    static Raster8 allocate(int width, int height, int channels) {
        long n = (long) width * height * channels;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("raster too large: " + width + "x" + height);
        }
        return new Raster8(width, height, channels, new byte[(int) n]);
    }

    boolean hasAlpha() {
        return channels == 4;
    }

    /** True when some pixel is not fully opaque. */
    boolean anyTransparent() {
        if (channels != 4) {
            return false;
        }
        for (int i = 3; i < data.length; i += 4) {
            if (data[i] != (byte) 0xFF) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the rectangle {@code [x, x+w) x [y, y+h)}. */
    Raster8 crop(int x, int y, int w, int h) {
        if (x == 0 && y == 0 && w == width && h == height) {
            return this;
        }
        if (x < 0 || y < 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop outside the image");
        }
        Raster8 out = allocate(w, h, channels);
        int rowBytes = w * channels;
        for (int r = 0; r < h; r++) {
            System.arraycopy(data, ((y + r) * width + x) * channels, out.data, r * rowBytes, rowBytes);
        }
        return out;
    }

    /** This image centred... placed at {@code (x, y)} on a {@code w x h} canvas filled with opaque {@code rgb}. */
    Raster8 pad(int w, int h, int x, int y, int rgb) {
        if (x == 0 && y == 0 && w == width && h == height) {
            return this;
        }
        Raster8 out = allocate(w, h, channels);
        byte r = (byte) (rgb >> 16);
        byte g = (byte) (rgb >> 8);
        byte b = (byte) rgb;
        byte[] d = out.data;
        for (int i = 0; i < d.length; i += channels) {
            d[i] = r;
            d[i + 1] = g;
            d[i + 2] = b;
            if (channels == 4) {
                d[i + 3] = (byte) 0xFF;
            }
        }
        int rowBytes = width * channels;
        for (int row = 0; row < height; row++) {
            System.arraycopy(data, row * rowBytes, d, ((y + row) * w + x) * channels, rowBytes);
        }
        return out;
    }

    /** Composites premultiplied RGBA over an opaque background: an RGB raster. */
    Raster8 flatten(int rgb) {
        if (channels == 3) {
            return this;
        }
        int br = (rgb >> 16) & 0xFF;
        int bg = (rgb >> 8) & 0xFF;
        int bb = rgb & 0xFF;
        Raster8 out = allocate(width, height, 3);
        byte[] s = data;
        byte[] d = out.data;
        for (int i = 0, j = 0; i < s.length; i += 4, j += 3) {
            int inv = 255 - (s[i + 3] & 0xFF);
            d[j] = (byte) ((s[i] & 0xFF) + (br * inv + 127) / 255);
            d[j + 1] = (byte) ((s[i + 1] & 0xFF) + (bg * inv + 127) / 255);
            d[j + 2] = (byte) ((s[i + 2] & 0xFF) + (bb * inv + 127) / 255);
        }
        return out;
    }

    /** Drops a fully opaque alpha channel. */
    Raster8 dropOpaqueAlpha() {
        return channels == 4 && !anyTransparent() ? flatten(0) : this;
    }
}
