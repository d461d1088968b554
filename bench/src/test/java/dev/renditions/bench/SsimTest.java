package dev.renditions.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {
    private static BufferedImage noise(long seed) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int v = 64 + r.nextInt(128);
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    @Test
    void identicalImagesScoreOne() {
        assertEquals(1.0, Ssim.ssim(noise(1), noise(1)), 1e-9);
    }

    @Test
    void unrelatedImagesScoreLow() {
        assertTrue(Ssim.ssim(noise(1), noise(2)) < 0.2);
    }

    @Test
    void aGreyImageScoresOneAgainstTheSameGreyInRgb() {
        // a 1-channel JPEG (as vips writes grey sources) against the same values in 3 channels (as the worker writes)
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(3);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int v = r.nextInt(256);
                grey.getRaster().setSample(x, y, 0, v);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertEquals(1.0, Ssim.ssim(grey, rgb), 1e-6);
    }

    @Test
    void slightNoiseScoresHigh() {
        BufferedImage a = noise(1);
        BufferedImage b = noise(1);
        b.setRGB(10, 10, 0);
        double s = Ssim.ssim(a, b);
        assertTrue(s > 0.97 && s < 1.0, "score " + s);
    }
}
