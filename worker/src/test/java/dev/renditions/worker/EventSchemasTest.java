package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.renditions.core.events.Json;
import dev.renditions.core.events.RenditionDetail;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published schemas accept their examples and reject events that break the contract. */
class EventSchemasTest {
    @ParameterizedTest
    @ValueSource(strings = {"rendition-completed", "rendition-failed", "rendition-skipped"})
    void everyExampleMatchesItsSchema(String name) {
        JsonNode example = EventSchemas.example(name);
        assertEquals(Set.of(), EventSchemas.schema(name).validate(example));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rendition-completed", "rendition-failed", "rendition-skipped"})
    void everyExampleReadsAsTheCoreRecord(String name) {
        JsonNode detail = EventSchemas.example(name).get("detail");
        RenditionDetail d = Json.read(detail.toString(), RenditionDetail.class);
        assertEquals(detail.toString(), Json.write(d), "the core record carries every field of the example, in order");
    }

    @Test
    void aCompletedEventWithoutPixelSizeIsRejected() {
        ObjectNode e = EventSchemas.example("rendition-completed").deepCopy();
        ((ObjectNode) e.get("detail").get("rendition")).remove("width");
        assertFalse(EventSchemas.schema("rendition-completed").validate(e).isEmpty());
    }

    @Test
    void aFailedEventMustCarryAnErrorAndNoSize() {
        ObjectNode noError = EventSchemas.example("rendition-failed").deepCopy();
        ((ObjectNode) noError.get("detail")).remove("error");
        assertFalse(EventSchemas.schema("rendition-failed").validate(noError).isEmpty());

        ObjectNode sized = EventSchemas.example("rendition-failed").deepCopy();
        ((ObjectNode) sized.get("detail").get("rendition")).put("width", 10);
        assertFalse(EventSchemas.schema("rendition-failed").validate(sized).isEmpty());
    }

    @Test
    void unknownFieldsAndAWrongDetailTypeAreRejected() {
        ObjectNode extra = EventSchemas.example("rendition-completed").deepCopy();
        ((ObjectNode) extra.get("detail")).put("colour", "blue");
        assertFalse(EventSchemas.schema("rendition-completed").validate(extra).isEmpty());

        ObjectNode wrongType = EventSchemas.example("rendition-completed").deepCopy();
        wrongType.put("detail-type", "Rendition Failed");
        assertFalse(
                EventSchemas.schema("rendition-completed").validate(wrongType).isEmpty());
    }

    @Test
    void aSkippedEventNeedsAKnownReason() {
        ObjectNode e = EventSchemas.example("rendition-skipped").deepCopy();
        ((ObjectNode) e.get("detail")).put("reason", "bored");
        assertFalse(EventSchemas.schema("rendition-skipped").validate(e).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rendition-completed", "rendition-failed", "rendition-skipped"})
    void anS3SourceOrRenditionMustNameItsBucketAndKey(String name) {
        JsonNode example = EventSchemas.example(name);
        assertTrue(example.at("/detail/source/uri").asText().startsWith("s3://"), "the examples are S3 events");
        for (String field : new String[] {"/detail/source", "/detail/rendition"}) {
            for (String part : new String[] {"bucket", "key"}) {
                ObjectNode e = example.deepCopy();
                ((ObjectNode) e.at(field)).remove(part);
                assertFalse(EventSchemas.schema(name).validate(e).isEmpty(), field + " without " + part);
            }
        }
        ObjectNode local = example.deepCopy();
        ObjectNode src = (ObjectNode) local.at("/detail/source");
        src.removeAll();
        src.put("uri", "file:///tmp/cat.jpg");
        assertEquals(Set.of(), EventSchemas.schema(name).validate(local), "a local source needs only its uri");
    }

    @Test
    void skippedIsEitherTrueOrAbsent() {
        ObjectNode e = EventSchemas.example("rendition-completed").deepCopy();
        ((ObjectNode) e.get("detail")).put("skipped", true);
        assertEquals(Set.of(), EventSchemas.schema("rendition-completed").validate(e));
        ((ObjectNode) e.get("detail")).put("skipped", false);
        assertFalse(EventSchemas.schema("rendition-completed").validate(e).isEmpty());
    }
}
