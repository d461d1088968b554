package dev.renditions.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Builds test inputs and inspects outputs. */
final class TestImages {
    private TestImages() {}

    static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the native JPEG library is in the build and not switched off with -Drenditions.nativeJpeg=false. */
    static boolean nativeJpegExpected() {
        return NativeJpeg.class.getResource(NativeJpeg.RESOURCE) != null
                && !"false".equalsIgnoreCase(System.getProperty("renditions.nativeJpeg"));
    }

    static ImageSource source(String name) {
        return ImageSource.of(name, resource(name));
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new IllegalStateException("not decodable");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A progressive JPEG of {@code img} (ImageIO's default scan script). */
    static byte[] encodeProgressive(BufferedImage img) {
        javax.imageio.ImageWriter writer =
                ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
                javax.imageio.stream.ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            javax.imageio.ImageWriteParam p = writer.getDefaultWriteParam();
            p.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), p);
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** A w x h image, grey, with a solid red block in the top-left corner. */
    static BufferedImage markedCorner(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 4, h / 4);
        g.dispose();
        return img;
    }

    /** Inserts an APP1 Exif segment (big-endian TIFF) right after SOI with the given orientation and, optionally, GPS. */
    static byte[] withExif(byte[] jpeg, int orientation, boolean gps) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        int entries = gps ? 2 : 1;
        writeBytes(tiff, 'M', 'M', 0, 42, 0, 0, 0, 8); // header, IFD0 at 8
        writeBytes(tiff, 0, entries);
        writeBytes(tiff, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0); // Orientation SHORT
        int gpsIfd = 8 + 2 + entries * 12 + 4;
        if (gps) {
            writeBytes(tiff, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, gpsIfd); // GPSInfo LONG offset
        }
        writeBytes(tiff, 0, 0, 0, 0); // no next IFD
        if (gps) {
            writeBytes(tiff, 0, 1); // one GPS entry: GPSVersionID
            writeBytes(tiff, 0, 0, 0, 1, 0, 0, 0, 4, 2, 3, 0, 0);
            writeBytes(tiff, 0, 0, 0, 0);
        }
        byte[] t = tiff.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        int len = 2 + 6 + t.length;
        writeBytes(out, 0xFF, 0xE1, len >> 8, len & 0xFF, 'E', 'x', 'i', 'f', 0, 0);
        out.writeBytes(t);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** Inserts an APP2 ICC_PROFILE segment (single chunk) right after SOI. */
    static byte[] withIcc(byte[] jpeg, byte[] icc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        int len = 2 + 14 + icc.length;
        writeBytes(out, 0xFF, 0xE2, len >> 8, len & 0xFF);
        out.writeBytes("ICC_PROFILE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeBytes(out, 0, 1, 1);
        out.writeBytes(icc);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void writeBytes(ByteArrayOutputStream out, int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
    }

    /** The JPEG markers up to SOS, e.g. [E0, DB, C2, C4, DA]. */
    static List<Integer> jpegMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int m = jpeg[pos + 1] & 0xFF;
            markers.add(m);
            if (m == 0xDA) {
                break;
            }
            int len = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            pos += 2 + len;
        }
        return markers;
    }

    /** Sampling factors (H, V) of each component from the SOF segment. */
    static int[][] samplingFactors(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int m = jpeg[pos + 1] & 0xFF;
            int len = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            if (m >= 0xC0 && m <= 0xC2) {
                int n = jpeg[pos + 9] & 0xFF;
                int[][] f = new int[n][2];
                for (int i = 0; i < n; i++) {
                    int hv = jpeg[pos + 11 + i * 3] & 0xFF;
                    f[i][0] = hv >> 4;
                    f[i][1] = hv & 15;
                }
                return f;
            }
            pos += 2 + len;
        }
        throw new IllegalStateException("no SOF");
    }

    /** The natural (row-major) index of each zigzag position of an 8x8 block. */
    private static final int[] NATURAL_ORDER = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
        61, 54, 47, 55, 62, 63
    };

    /** The 8-bit quantisation tables 0 and 1 of a JPEG, in natural (row-major) order. */
    static int[][] quantisationTables(byte[] jpeg) {
        int[][] tables = new int[2][];
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int m = jpeg[pos + 1] & 0xFF;
            int len = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            if (m == 0xDA) {
                break;
            }
            if (m == 0xDB) {
                for (int p = pos + 4; p < pos + 2 + len; p += 65) {
                    int id = jpeg[p] & 0x0F;
                    if ((jpeg[p] & 0xF0) != 0) {
                        throw new IllegalStateException("16-bit table");
                    }
                    int[] t = new int[64];
                    for (int k = 0; k < 64; k++) {
                        t[NATURAL_ORDER[k]] = jpeg[p + 1 + k] & 0xFF;
                    }
                    tables[id] = t;
                }
            }
            pos += 2 + len;
        }
        return tables;
    }

    /**
     * Smallest and largest blue sample (equal to grey for grey images) inside the image, ignoring a border of
     * {@code border} pixels where a filter meets the image edge.
     */
    static int[] blueRangeInside(BufferedImage img, int border) {
        int min = 255;
        int max = 0;
        for (int y = border; y < img.getHeight() - border; y++) {
            for (int x = border; x < img.getWidth() - border; x++) {
                int v = img.getRGB(x, y) & 0xFF;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new int[] {min, max};
    }

    /** Mean of each sRGB channel over the image, 0-255. */
    static double[] meanRgb(BufferedImage img) {
        double[] sum = new double[3];
        int w = img.getWidth();
        int h = img.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                sum[0] += (p >> 16) & 0xFF;
                sum[1] += (p >> 8) & 0xFF;
                sum[2] += p & 0xFF;
            }
        }
        double n = (double) w * h;
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    /** An ImageSource that counts the bytes handed out. */
    static final class CountingSource implements ImageSource {
        final byte[] bytes;
        long read;

        CountingSource(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        read += n;
                    }
                    return n;
                }

                @Override
                public synchronized int read() {
                    int v = super.read();
                    if (v >= 0) {
                        read++;
                    }
                    return v;
                }
            };
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public String name() {
            return "counted";
        }
    }
}
