package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CliHarness.Result;
import dev.renditions.worker.EventSchemas;
import dev.renditions.worker.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The render command with the real imaging engine, on real files. */
class RenderRealImagesTest {
    @TempDir
    Path dir;

    private Result render(Path source, Path out, String... extra) {
        List<String> args =
                new java.util.ArrayList<>(List.of("render", "--source", source.toString(), "--output", out.toString()));
        args.addAll(List.of(extra));
        return new CliHarness().run(args.toArray(String[]::new));
    }

    private static List<String> entries(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> !p.equals(folder))
                    .map(p -> folder.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void rendersACmykJpegWithTheDefaultSpec() throws IOException {
        Path src = TestImages.copy(TestImages.CMYK, dir);
        Path out = dir.resolve("out");
        Result r = render(src, out, "--all");
        assertEquals(0, r.exitCode(), r::toString);
        Path folder = out.resolve(TestImages.CMYK);
        assertEquals(List.of("large.jpg", "thumb.jpg", "web.jpg"), entries(folder));
        // smaller than every box and enlarge is off: web and large keep the source size
        assertArrayEquals(
                new int[] {TestImages.CMYK_WIDTH, TestImages.CMYK_HEIGHT}, TestImages.size(folder.resolve("web.jpg")));
        assertArrayEquals(
                new int[] {TestImages.CMYK_WIDTH, TestImages.CMYK_HEIGHT},
                TestImages.size(folder.resolve("large.jpg")));
        for (JsonNode e : r.events()) {
            EventSchemas.assertValid(e);
            assertEquals(DetailTypes.RENDITION_COMPLETED, e.get("detail-type").asText());
            Path file = folder.resolve(e.at("/detail/rendition/name").asText() + ".jpg");
            int[] size = TestImages.size(file);
            assertEquals(size[0], e.at("/detail/rendition/width").asInt(), "event width matches the file");
            assertEquals(size[1], e.at("/detail/rendition/height").asInt(), "event height matches the file");
            assertEquals(Files.size(file), e.at("/detail/rendition/bytes").asLong(), "event bytes match the file");
        }
    }

    @Test
    void coverFillsTheBoxAndInsideNeverEnlarges() throws IOException {
        Path src = TestImages.png(dir, "wide.png", 600, 400);
        Path out = dir.resolve("out");
        Result r = render(src, out, "--all");
        assertEquals(0, r.exitCode(), r::toString);
        assertArrayEquals(new int[] {320, 320}, TestImages.size(out.resolve("wide.png/thumb.jpg")));
        assertArrayEquals(new int[] {600, 400}, TestImages.size(out.resolve("wide.png/web.jpg")));
        assertEquals(3, r.events().size());
    }

    @Test
    void rerunsAreByteIdentical() throws IOException {
        Path src = TestImages.copy(TestImages.CMYK, dir);
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        assertEquals(0, render(src, first, "--all").exitCode());
        assertEquals(0, render(src, second, "--all").exitCode());
        assertEquals(0, render(src, second, "--all").exitCode(), "a rerun over existing output");
        for (String name : List.of("thumb.jpg", "web.jpg", "large.jpg")) {
            assertArrayEquals(
                    Files.readAllBytes(first.resolve(TestImages.CMYK).resolve(name)),
                    Files.readAllBytes(second.resolve(TestImages.CMYK).resolve(name)),
                    name);
        }
        assertEquals(List.of("large.jpg", "thumb.jpg", "web.jpg"), entries(second.resolve(TestImages.CMYK)));
    }

    private void assertInvalidInputWritesNothing(Path src) throws IOException {
        Path out = dir.resolve("out");
        Result r = render(src, out, "--all");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: "), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        List<JsonNode> events = r.events();
        assertEquals(3, events.size(), r::toString);
        for (JsonNode e : events) {
            EventSchemas.assertValid(e);
            assertEquals(DetailTypes.RENDITION_FAILED, e.get("detail-type").asText());
            assertFalse(e.at("/detail/error/retryable").asBoolean());
        }
        assertEquals(List.of(), entries(out), "no output folder content, no temporary file");
    }

    @Test
    void aTextFileNamedJpgIsInvalidInput() throws IOException {
        assertInvalidInputWritesNothing(TestImages.text(dir, "notes.jpg"));
    }

    @Test
    void anEmptyFileIsInvalidInput() throws IOException {
        assertInvalidInputWritesNothing(TestImages.empty(dir, "empty.jpg"));
    }

    @Test
    void aJpegCutInItsHeaderIsInvalidInput() throws IOException {
        assertInvalidInputWritesNothing(TestImages.truncatedJpeg(dir, "cut.jpg", 300));
    }
}
