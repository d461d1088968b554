import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Writes two small test images (a JPEG photo-like gradient and a PNG with alpha) into a folder, for the
 * container scripts when the repository has no samples/ folder. Run as a single-file program:
 * {@code java container/TestImages.java DIR}.
 */
public final class TestImages {
    public static void main(String[] args) throws IOException {
        File dir = new File(args.length > 0 ? args[0] : ".");
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException("cannot create " + dir);
        }
        BufferedImage rgb = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
        BufferedImage argb = new BufferedImage(300, 200, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                int r = x * 255 / rgb.getWidth();
                int g = y * 255 / rgb.getHeight();
                int b = ((x / 40 + y / 40) % 2) * 160 + 40;
                rgb.setRGB(x, y, (r << 16) | (g << 8) | b);
                if (x < argb.getWidth() && y < argb.getHeight()) {
                    int a = x * 255 / argb.getWidth();
                    argb.setRGB(x, y, (a << 24) | (b << 16) | (r << 8) | g);
                }
            }
        }
        write(rgb, "jpeg", new File(dir, "generated-gradient.jpg"));
        write(argb, "png", new File(dir, "generated-alpha.png"));
    }

    private static void write(BufferedImage image, String format, File file) throws IOException {
        if (!ImageIO.write(image, format, file)) {
            throw new IOException("no " + format + " writer");
        }
        System.out.println(file);
    }
}
