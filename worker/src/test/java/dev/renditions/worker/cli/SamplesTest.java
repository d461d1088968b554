package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CliHarness.Result;
import dev.renditions.worker.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the README's first command does: every bundled sample renders with the default spec. */
class SamplesTest {
    @TempDir
    Path out;

    static Path samples() {
        String configured = System.getProperty("samples.dir");
        return configured != null ? Path.of(configured) : Path.of("..", "samples");
    }

    static List<Path> images() throws IOException {
        try (Stream<Path> s = Files.list(samples())) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.(jpg|png|gif)"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everySampleRendersWithTheDefaultSpec() throws IOException {
        List<Path> images = images();
        assertTrue(images.size() >= 4, "samples/ holds the README's images: " + images);
        for (Path img : images) {
            assertTrue(Files.size(img) < 400 * 1024, img + " is small");
            Result r = new CliHarness()
                    .run("render", "--all", "--source", img.toString(), "--output", out.toString(), "--events", "none");
            assertEquals(0, r.exitCode(), r::toString);
            for (String name : List.of("thumb.jpg", "web.jpg", "large.jpg")) {
                assertTrue(Files.size(out.resolve(img.getFileName().toString()).resolve(name)) > 0, img + " " + name);
            }
        }
    }

    @Test
    void theOrientedSampleComesOutUpright() {
        Path img = samples().resolve("orient6-landscape.jpg");
        Result r = new CliHarness()
                .run("render", "--rendition", "web", "--source", img.toString(), "--output", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        int[] size = TestImages.size(out.resolve("orient6-landscape.jpg/web.jpg"));
        assertEquals(1280, size[0], "stored 1200x1800 with orientation 6 is displayed 1800x1200");
        assertTrue(size[1] < size[0]);
    }

    @Test
    void everySampleHasALicenceNote() throws IOException {
        String licences = Files.readString(samples().resolve("LICENSES.md"));
        for (Path img : images()) {
            assertTrue(licences.contains("`" + img.getFileName() + "`"), img + " is listed in samples/LICENSES.md");
        }
    }
}
