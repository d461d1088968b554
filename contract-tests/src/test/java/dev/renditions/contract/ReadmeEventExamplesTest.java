package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's example "Rendition Completed" events carry the hashes the worker writes today for the default spec: a
 * change to the renderer's revision or to the default spec changes them, and the examples must follow.
 */
class ReadmeEventExamplesTest {
    private static final Pattern JSON_BLOCK = Pattern.compile("(?s)```json\n(.*?)```");

    @Test
    void completedEventExamplesCarryTheDefaultSpecsHashes() throws Exception {
        RenditionSpec spec = SpecParser.defaultSpec();
        List<JsonNode> examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(Repo.read(Repo.ROOT.resolve("README.md")));
        while (m.find()) {
            String block = m.group(1).strip();
            if (block.startsWith("{") && block.contains("\"detail-type\":\"Rendition Completed\"")) {
                examples.add(Repo.JSON.readTree(block));
            }
        }
        assertFalse(examples.isEmpty(), "README.md has example Rendition Completed events");
        for (JsonNode e : examples) {
            JsonNode detail = e.path("detail");
            String name = detail.path("rendition").path("name").asText();
            assertEquals(
                    spec.hash(), detail.path("spec").path("hash").asText(), "spec hash of the '" + name + "' example");
            assertEquals(
                    RenditionSpec.renditionHash(spec.find(name).orElseThrow()),
                    detail.path("rendition").path("hash").asText(),
                    "rendition hash of the '" + name + "' example");
        }
    }
}
