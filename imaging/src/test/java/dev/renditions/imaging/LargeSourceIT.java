package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory follows the output: a 100-megapixel JPEG (300 MB of pixels decoded at full size) renders its 320 px
 * thumbnail in a JVM whose whole heap is 256 MiB.
 */
class LargeSourceIT {
    @Test
    void hundredMegapixelJpegThumbnailIn256MiBHeap(@TempDir Path dir) throws Exception {
        int w = 10_000;
        int h = 10_000;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                d[i] = (byte) (x * 255 / w);
                d[i + 1] = (byte) (y * 255 / h);
                d[i + 2] = (byte) (((x / 500) + (y / 500)) % 2 == 0 ? 200 : 40);
            }
        }
        Path src = dir.resolve("100mp.jpg");
        ImageIO.write(img, "jpeg", src.toFile());
        img = null;
        d = null;
        Path out = dir.resolve("thumb.jpg");

        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-Djava.awt.headless=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RenderOnce.class.getName(),
                        src.toString(),
                        "320",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), output);
        assertEquals("320x320", output.strip().lines().reduce((a, b) -> b).orElse(""), output);
        BufferedImage thumb = read(out);
        assertEquals(320, thumb.getWidth());
        // the gradient survives: left edge dark in blue (BGR byte 0 = blue), right edge bright
        int left = thumb.getRGB(2, 160) & 0xFF;
        int right = thumb.getRGB(317, 160) & 0xFF;
        assertTrue(right - left > 200, "gradient kept: " + left + " -> " + right);
    }

    private static BufferedImage read(Path p) throws IOException {
        return ImageIO.read(p.toFile());
    }
}
