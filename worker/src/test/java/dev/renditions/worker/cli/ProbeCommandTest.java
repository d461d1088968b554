package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.Json;
import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CliHarness.Result;
import dev.renditions.worker.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCommandTest {
    @TempDir
    Path dir;

    @Test
    void describesACmykJpegAsJson() throws Exception {
        Path src = TestImages.copy(TestImages.CMYK, dir);
        Result r = new CliHarness().run("probe", src.toString(), "--json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals("JPEG", j.get("format").asText());
        assertEquals("image/jpeg", j.get("mimeType").asText());
        assertEquals(TestImages.CMYK_WIDTH, j.get("width").asInt());
        assertEquals(TestImages.CMYK_HEIGHT, j.get("height").asInt());
        assertEquals(1, j.get("orientation").asInt());
        assertTrue(
                j.get("colorKind").asText().startsWith("CMYK")
                        || "YCCK".equals(j.get("colorKind").asText()),
                r::toString);
        assertEquals(8, j.get("bitsPerSample").asInt());
        assertEquals(false, j.get("alpha").asBoolean());
        assertEquals(true, j.get("withinLimits").asBoolean());
        assertTrue(j.get("problem") == null, r::toString);
        assertEquals(100_000_000L, j.at("/limits/maxPixels").asLong());
    }

    @Test
    void describesAnImageAsText() {
        Path src = TestImages.png(dir, "wide.png", 600, 400);
        Result r = new CliHarness().run("probe", src.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("format       PNG (image/png)"), r::toString);
        assertTrue(r.out().contains("dimensions   600x400"), r::toString);
        assertTrue(r.out().contains("limits       within"), r::toString);
    }

    @Test
    void anImageOverTheLimitsExitsThreeNamingTheLimit() throws Exception {
        Path src = TestImages.png(dir, "wide.png", 600, 400);
        Path spec = TestImages.write(
                dir,
                "small.json",
                ("{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":10}]," + "\"limits\":{\"maxPixels\":1000}}")
                        .getBytes(StandardCharsets.UTF_8));
        Result r = new CliHarness().run("probe", src.toString(), "--json", "--spec", spec.toString());
        assertEquals(3, r.exitCode(), r::toString);
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals(false, j.get("withinLimits").asBoolean());
        assertEquals("maxPixels", j.at("/problem/limit").asText());
        assertEquals("LimitExceeded", j.at("/problem/code").asText());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("maxPixels"), r::toString);
    }

    @Test
    void unreadableFilesExitThree() {
        for (Path p : new Path[] {
            TestImages.text(dir, "notes.jpg"), TestImages.empty(dir, "empty.png"), dir.resolve("missing.gif")
        }) {
            Result r = new CliHarness().run("probe", p.toString());
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("error: "), r::toString);
        }
    }
}
