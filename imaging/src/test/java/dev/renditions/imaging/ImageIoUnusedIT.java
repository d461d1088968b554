package dev.renditions.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JPEG rendered to a JPEG through libjpeg-turbo never initialises ImageIO (its plugin registry costs tens of
 * milliseconds in a fresh JVM); a PNG output does.
 */
class ImageIoUnusedIT {
    @Test
    void jpegToJpegLeavesImageIoUnloaded(@TempDir Path dir) throws Exception {
        assumeTrue(TestImages.nativeJpegExpected(), "native JPEG library not built or off");
        Path src = dir.resolve("in.jpg");
        Files.write(src, TestImages.encode(TestImages.markedCorner(800, 600), "jpeg"));
        String jpegRun = run(src, dir.resolve("out.jpg"));
        assertTrue(jpegRun.contains("dev.renditions.imaging.NativeJpeg "), "the native path ran:\n" + tail(jpegRun));
        assertFalse(jpegRun.contains("javax.imageio.ImageIO "), "ImageIO loaded on the native path");
        // the check can fail: a PNG output goes through ImageIO
        String pngRun = run(src, dir.resolve("out.png"));
        assertTrue(pngRun.contains("javax.imageio.ImageIO "), "ImageIO loaded for PNG");
    }

    private static String run(Path src, Path out) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load=info",
                        "-Djava.awt.headless=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RenderOnce.class.getName(),
                        src.toString(),
                        "200",
                        out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), tail(output));
        return output;
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }
}
