package dev.renditions.worker;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageIO;

/** Real files for tests: the bundled test images, images drawn on the fly, and broken ones. */
public final class TestImages {
    public static final String CMYK = "cmyk-adobe-transform0.jpg";
    public static final int CMYK_WIDTH = 160;
    public static final int CMYK_HEIGHT = 227;
    public static final String WEBP = "webp-adobergb-icc.webp";
    public static final int WEBP_WIDTH = 943;
    public static final int WEBP_HEIGHT = 1375;

    private TestImages() {}

    /** Copies a test resource from {@code images/} into {@code dir}. */
    public static Path copy(String name, Path dir) {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
            Objects.requireNonNull(in, "test image missing: " + name);
            Path p = dir.resolve(name);
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RGB PNG with a gradient and a red top-left corner. */
    public static Path png(Path dir, String name, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int x = 0; x < width; x++) {
            g.setColor(new Color((x * 255) / Math.max(1, width - 1), 90, 160));
            g.drawLine(x, 0, x, height - 1);
        }
        g.setColor(Color.RED);
        g.fillRect(0, 0, Math.max(1, width / 8), Math.max(1, height / 8));
        g.dispose();
        Path p = dir.resolve(name);
        try {
            if (!ImageIO.write(img, "png", p.toFile())) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static Path text(Path dir, String name) {
        return write(dir, name, "this is not an image\njust some text\n".getBytes(StandardCharsets.UTF_8));
    }

    public static Path empty(Path dir, String name) {
        return write(dir, name, new byte[0]);
    }

    /** The first {@code bytes} bytes of the CMYK JPEG: cut inside its header, before the frame dimensions. */
    public static Path truncatedJpeg(Path dir, String name, int bytes) {
        try {
            byte[] all = Files.readAllBytes(copy(CMYK, Files.createTempDirectory(dir, "src")));
            return write(dir, name, Arrays.copyOf(all, bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pixel size of an image file, read with the JDK's ImageIO (outputs are plain sRGB JPEG or PNG). */
    public static int[] size(Path p) {
        try {
            BufferedImage img = ImageIO.read(p.toFile());
            Objects.requireNonNull(img, "not readable: " + p);
            return new int[] {img.getWidth(), img.getHeight()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
