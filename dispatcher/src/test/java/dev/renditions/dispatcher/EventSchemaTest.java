package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.dispatcher.fakes.FakeEventPublisher;
import dev.renditions.dispatcher.fakes.FakeJobSubmitter;
import dev.renditions.dispatcher.fakes.FakeObjectStore;
import dev.renditions.dispatcher.fakes.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every event the dispatcher publishes matches its schema in {@code eventbridge-rules/schemas/}. */
class EventSchemaTest {
    static final Map<String, String> FILES = Map.of(
            DetailTypes.RENDITIONS_REQUESTED, "renditions-requested",
            DetailTypes.UPLOAD_REJECTED, "upload-rejected");

    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    static Path dir() {
        Path p = Path.of("..", "eventbridge-rules", "schemas");
        assertTrue(Files.isDirectory(p), "schemas at " + p.toAbsolutePath());
        return p;
    }

    static JsonNode read(Path p) {
        try {
            return Json.MAPPER.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> validate(JsonNode event) {
        String file = FILES.get(event.path("detail-type").asText());
        JsonSchema schema = FACTORY.getSchema(read(dir().resolve(file + ".schema.json")), CONFIG);
        return schema.validate(event);
    }

    static void assertValid(JsonNode event) {
        assertEquals(Set.of(), validate(event), () -> "does not match its schema: " + event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"renditions-requested", "upload-rejected"})
    void examplesMatch(String name) {
        JsonNode example = read(dir().resolve(name + ".example.json"));
        assertEquals(name, FILES.get(example.path("detail-type").asText()));
        assertValid(example);
    }

    @Test
    void everyPublishedEventMatches() {
        FakeObjectStore store = new FakeObjectStore();
        store.enableVersioning("in-bucket");
        FakeEventPublisher events = new FakeEventPublisher();
        Dispatcher d = new Dispatcher(
                DispatcherConfig.fromEnv(Fixtures.env()),
                SpecParser.defaultSpec(),
                store,
                new FakeJobSubmitter(),
                events,
                new MutableClock(Instant.parse("2026-01-02T03:04:05Z")),
                (l, m, f) -> {});
        String[][] uploads = {
            {"uploads/my cat+1 %20 é.jpg", "cat.jpg"},
            {"uploads/doc.jpg", "document.pdf"},
            {"uploads/big.png", "declares-20000x20000.png"},
            {"uploads/t.jpg", "truncated.jpg"},
        };
        for (String[] u : uploads) {
            ObjectMeta m = store.upload("in-bucket", u[0], Fixtures.image(u[1]));
            d.dispatch(
                    Fixtures.objectCreated("in-bucket", u[0], m.size(), m.etag(), m.versionId()),
                    Duration.ofSeconds(30));
        }
        ObjectMeta empty = store.upload("in-bucket", "uploads/empty.jpg", new byte[0]);
        d.dispatch(
                Fixtures.objectCreated("in-bucket", "uploads/empty.jpg", 0L, empty.etag(), empty.versionId()),
                Duration.ofSeconds(30));
        ObjectMeta gone = store.upload("in-bucket", "uploads/gone.jpg", Fixtures.image("cat.jpg"));
        store.remove("in-bucket", "uploads/gone.jpg");
        d.dispatch(
                Fixtures.objectCreated("in-bucket", "uploads/gone.jpg", gone.size(), gone.etag(), gone.versionId()),
                Duration.ofSeconds(30));

        List<EventEnvelope<?>> published = events.published();
        assertEquals(6, published.size());
        for (EventEnvelope<?> e : published) {
            // as EventBridge delivers it: the bus adds account and region
            ObjectNode json = (ObjectNode) Fixtures.readTree(Json.write(e));
            json.put("account", "111122223333").put("region", "eu-west-1");
            assertValid(json);
            assertValid((ObjectNode) Fixtures.readTree(Json.write(e)));
        }
    }

    @Test
    void schemaRejectsWhatTheContractForbids() {
        ObjectNode bad = (ObjectNode) read(dir().resolve("upload-rejected.example.json"));
        ((ObjectNode) bad.get("detail").get("error")).put("code", "Throttled");
        assertFalse(validate(bad).isEmpty());
        ObjectNode extra = (ObjectNode) read(dir().resolve("renditions-requested.example.json"));
        ((ObjectNode) extra.get("detail")).put("surprise", true);
        assertFalse(validate(extra).isEmpty());
        ObjectNode name = (ObjectNode) read(dir().resolve("renditions-requested.example.json"));
        ((ObjectNode) name.get("detail").get("job")).put("name", "renditions-bad name");
        assertFalse(validate(name).isEmpty());
    }
}
