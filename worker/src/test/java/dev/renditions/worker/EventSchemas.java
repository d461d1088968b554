package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The published event schemas in {@code eventbridge-rules/schemas/}, for checking every event the worker emits. */
public final class EventSchemas {
    public static final Map<String, String> FILES = Map.of(
            DetailTypes.RENDITION_COMPLETED, "rendition-completed",
            DetailTypes.RENDITION_FAILED, "rendition-failed",
            DetailTypes.RENDITION_SKIPPED, "rendition-skipped");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private EventSchemas() {}

    public static Path dir() {
        String configured = System.getProperty("schemas.dir");
        Path p = configured != null ? Path.of(configured) : Path.of("..", "eventbridge-rules", "schemas");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("event schemas not found at " + p.toAbsolutePath());
        }
        return p;
    }

    public static JsonSchema schema(String baseName) {
        try {
            JsonNode node = Json.MAPPER.readTree(
                    dir().resolve(baseName + ".schema.json").toFile());
            return FACTORY.getSchema(node, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode example(String baseName) {
        try {
            return Json.MAPPER.readTree(
                    dir().resolve(baseName + ".example.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validation messages for {@code event} against the schema of its detail-type. */
    public static Set<ValidationMessage> validate(JsonNode event) {
        String type = event.path("detail-type").asText();
        String file = FILES.get(type);
        if (file == null) {
            fail("no schema for detail-type '" + type + "' in " + event);
        }
        return schema(file).validate(event);
    }

    public static void assertValid(JsonNode event) {
        Set<ValidationMessage> errors = validate(event);
        assertEquals(Set.of(), errors, () -> "event does not match its schema: " + event);
    }
}
