package dev.renditions.bench;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Structural similarity (Wang et al. 2004) of two images' luma: 11x11 Gaussian window (sigma 1.5), K1 = 0.01,
 * K2 = 0.03, L = 255; the mean of the SSIM map. Images of different sizes are compared over their common top-left
 * area (renditions of one source can differ by a pixel of rounding).
 *
 * <p>Usage: {@code java -cp worker.jar:bench.jar dev.renditions.bench.Ssim A B} prints the SSIM.
 */
public final class Ssim {
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] KERNEL = gaussian(11, 1.5);

    private Ssim() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Ssim A B");
            System.exit(2);
        }
        BufferedImage a = read(args[0]);
        BufferedImage b = read(args[1]);
        if (Math.abs(a.getWidth() - b.getWidth()) > 2 || Math.abs(a.getHeight() - b.getHeight()) > 2) {
            System.err.println("geometry differs: " + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x"
                    + b.getHeight());
            System.exit(3);
        }
        System.out.println(String.format(Locale.ROOT, "%.5f", ssim(a, b)));
    }

    private static BufferedImage read(String path) throws IOException {
        BufferedImage img = ImageIO.read(new File(path));
        if (img == null) {
            throw new IOException("cannot decode " + path);
        }
        return img;
    }

    public static double ssim(BufferedImage a, BufferedImage b) {
        int w = Math.min(a.getWidth(), b.getWidth());
        int h = Math.min(a.getHeight(), b.getHeight());
        if (w < 11 || h < 11) {
            throw new IllegalArgumentException("images must be at least 11x11");
        }
        double[] x = luma(a, w, h);
        double[] y = luma(b, w, h);
        double[] xx = new double[w * h];
        double[] yy = new double[w * h];
        double[] xy = new double[w * h];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mx = blur(x, w, h);
        double[] my = blur(y, w, h);
        double[] sxx = blur(xx, w, h);
        double[] syy = blur(yy, w, h);
        double[] sxy = blur(xy, w, h);
        int r = KERNEL.length / 2;
        double sum = 0;
        int n = 0;
        for (int j = r; j < h - r; j++) {
            for (int i = r; i < w - r; i++) {
                int k = j * w + i;
                double vx = sxx[k] - mx[k] * mx[k];
                double vy = syy[k] - my[k] * my[k];
                double cxy = sxy[k] - mx[k] * my[k];
                sum += ((2 * mx[k] * my[k] + C1) * (2 * cxy + C2))
                        / ((mx[k] * mx[k] + my[k] * my[k] + C1) * (vx + vy + C2));
                n++;
            }
        }
        return sum / n;
    }

    private static double[] luma(BufferedImage img, int w, int h) {
        double[] l = new double[w * h];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            // the stored grey values: getRGB would treat them as linear light and brighten them
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    l[j * w + i] = img.getRaster().getSample(i, j, 0);
                }
            }
            return l;
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int p = img.getRGB(i, j);
                l[j * w + i] = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
            }
        }
        return l;
    }

    private static double[] blur(double[] src, int w, int h) {
        int r = KERNEL.length / 2;
        double[] tmp = new double[w * h];
        double[] out = new double[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double s = 0;
                for (int k = -r; k <= r; k++) {
                    int ii = Math.min(w - 1, Math.max(0, i + k));
                    s += KERNEL[k + r] * src[j * w + ii];
                }
                tmp[j * w + i] = s;
            }
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double s = 0;
                for (int k = -r; k <= r; k++) {
                    int jj = Math.min(h - 1, Math.max(0, j + k));
                    s += KERNEL[k + r] * tmp[jj * w + i];
                }
                out[j * w + i] = s;
            }
        }
        return out;
    }

    private static double[] gaussian(int size, double sigma) {
        double[] k = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - size / 2;
            k[i] = Math.exp(-(d * d) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
