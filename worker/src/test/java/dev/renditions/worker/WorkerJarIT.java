package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code worker/target/worker.jar} as a process, alone in a folder, as a user or AWS Batch would. The
 * CMYK JPEG and the WebP prove the TwelveMonkeys ImageIO plugins are still registered inside the shaded jar: the JDK
 * alone reads neither, and each plugin jar brings its own {@code META-INF/services} file, so without merging them only
 * one plugin would survive packaging.
 */
class WorkerJarIT {
    @TempDir
    static Path dir;

    static Path jar;

    @BeforeAll
    static void copyJarAlone() throws IOException {
        Path built = Path.of(System.getProperty("worker.jar", "target/worker.jar"));
        assertTrue(Files.isRegularFile(built), "run 'mvn package' first: " + built.toAbsolutePath());
        Path alone = Files.createDirectories(dir.resolve("bin"));
        jar = Files.copy(built, alone.resolve("worker.jar"), StandardCopyOption.REPLACE_EXISTING);
    }

    record Run(int exitCode, String out, String err) {}

    static Run java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        File out = dir.resolve("stdout.txt").toFile();
        File err = dir.resolve("stderr.txt").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(jar.getParent().toFile())
                .redirectOutput(out)
                .redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("worker.jar did not finish within 120 s: " + cmd);
        }
        return new Run(
                p.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void helpWorksWithNothingBesideTheJar() throws Exception {
        Run r = java("--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Exit codes:"), r::toString);
        assertTrue(r.out().contains("render") && r.out().contains("probe"), r::toString);
    }

    @Test
    void decodesACmykJpegThroughThePackagedJar() throws Exception {
        Path src = TestImages.copy(TestImages.CMYK, Files.createDirectories(dir.resolve("in")));
        Path out = dir.resolve("out");
        Run r = java("render", "--source", src.toString(), "--output", out.toString(), "--rendition", "web");
        assertEquals(0, r.exitCode(), r::toString);
        Path web = out.resolve(TestImages.CMYK).resolve("web.jpg");
        assertArrayEquals(new int[] {TestImages.CMYK_WIDTH, TestImages.CMYK_HEIGHT}, TestImages.size(web));
        JsonNode event = Json.MAPPER.readTree(r.out().strip());
        EventSchemas.assertValid(event);
        assertEquals(TestImages.CMYK_WIDTH, event.at("/detail/rendition/width").asInt());
    }

    @Test
    void decodesAWebpThroughThePackagedJar() throws Exception {
        Path src = TestImages.copy(TestImages.WEBP, Files.createDirectories(dir.resolve("in")));
        Path out = dir.resolve("out-webp");
        Run r = java("render", "--source", src.toString(), "--output", out.toString(), "--rendition", "thumb");
        assertEquals(0, r.exitCode(), r::toString);
        assertArrayEquals(
                new int[] {320, 320},
                TestImages.size(out.resolve(TestImages.WEBP).resolve("thumb.jpg")));
    }

    @Test
    void everyImageioPluginIsRegisteredInTheJar() throws Exception {
        String services;
        try (JarFile jf = new JarFile(jar.toFile())) {
            JarEntry e = jf.getJarEntry("META-INF/services/javax.imageio.spi.ImageReaderSpi");
            assertTrue(e != null, "the jar registers ImageIO readers");
            services = new String(jf.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String plugin : List.of("jpeg", "tiff", "webp", "bmp", "psd")) {
            assertTrue(
                    services.contains("com.twelvemonkeys.imageio.plugins." + plugin + "."),
                    () -> plugin + " reader missing from the merged services file:\n" + services);
        }
    }

    @Test
    void aBrokenInputExitsThreeThroughThePackagedJar() throws Exception {
        Path txt = TestImages.text(Files.createDirectories(dir.resolve("bad")), "notes.jpg");
        Run r = java(
                "render",
                "--source",
                txt.toString(),
                "--output",
                dir.resolve("out2").toString(),
                "--all");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals(3, r.out().lines().count(), "one failure event per rendition");
        assertTrue(r.err().startsWith("error: "), r::toString);
    }

    @Test
    void anUnsubstitutedParameterExitsTwo() throws Exception {
        Run r = java("render", "--source", "Ref::source", "--output", "out", "--spec", "default");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("'source'"), r::toString);
    }
}
