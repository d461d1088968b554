package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.spec.Limits;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DispatcherConfigTest {
    @Test
    void defaults() {
        DispatcherConfig c = DispatcherConfig.fromEnv(Fixtures.env());
        assertEquals("renditions-queue", c.jobQueue());
        assertEquals("renditions-worker", c.jobDefinition());
        assertNull(c.specUri());
        assertEquals("default", c.specParameter());
        assertEquals("uploads/", c.inputPrefix());
        assertEquals("out-bucket", c.outputBucket());
        assertEquals("renditions/", c.outputPrefix());
        assertEquals("s3://out-bucket/renditions/", c.outputParameter());
        assertEquals(".dispatch/", c.markerPrefix());
        assertNull(c.maxBytes());
        assertNull(c.maxPixels());
        assertEquals("default", c.eventBusName());
        assertEquals("renditions.dispatcher", c.eventSource());
        assertEquals(Limits.DEFAULT, c.limits(Limits.DEFAULT));
    }

    @Test
    void everyVariable() {
        DispatcherConfig c = DispatcherConfig.fromEnv(Map.ofEntries(
                Map.entry("JOB_QUEUE", "arn:aws:batch:eu-west-1:111122223333:job-queue/q"),
                Map.entry("JOB_DEFINITION", "worker:7"),
                Map.entry("SPEC_URI", "s3://specs/renditions/spec v2.json"),
                Map.entry("INPUT_PREFIX", "incoming/"),
                Map.entry("OUTPUT_BUCKET", "media-out"),
                Map.entry("OUTPUT_PREFIX", "r/"),
                Map.entry("MARKER_PREFIX", "_markers/"),
                Map.entry("MAX_BYTES", "1000"),
                Map.entry("MAX_PIXELS", "2000"),
                Map.entry("EVENT_BUS_NAME", "media"),
                Map.entry("EVENT_SOURCE", "acme.media")));
        assertEquals("worker:7", c.jobDefinition());
        assertEquals("s3://specs/renditions/spec v2.json", c.specParameter());
        assertEquals("incoming/", c.inputPrefix());
        assertEquals("s3://media-out/r/", c.outputParameter());
        assertEquals("_markers/", c.markerPrefix());
        assertEquals(new Limits(2000, 1000, Limits.DEFAULT_MAX_DIMENSION), c.limits(Limits.DEFAULT));
        assertEquals("media", c.eventBusName());
        assertEquals("acme.media", c.eventSource());
    }

    @Test
    void emptyInputPrefixMeansTheWholeBucket() {
        assertEquals(
                "", DispatcherConfig.fromEnv(Fixtures.env("INPUT_PREFIX", "")).inputPrefix());
    }

    @Test
    void specUriDefaultIsTheBundledSpec() {
        assertNull(DispatcherConfig.fromEnv(Fixtures.env("SPEC_URI", "default")).specUri());
        assertNull(DispatcherConfig.fromEnv(Fixtures.env("SPEC_URI", " ")).specUri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JOB_QUEUE", "JOB_DEFINITION", "OUTPUT_BUCKET"})
    void requiredVariablesAreNamedWhenMissing(String name) {
        UsageException e = assertThrows(UsageException.class, () -> DispatcherConfig.fromEnv(Fixtures.env(name, null)));
        assertTrue(e.getMessage().contains(name + " is required"), e.getMessage());
        assertEquals(UsageException.MISSING_PARAMETER, e.code());
        UsageException blank =
                assertThrows(UsageException.class, () -> DispatcherConfig.fromEnv(Fixtures.env(name, "  ")));
        assertTrue(blank.getMessage().contains(name), blank.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MAX_BYTES|ten",
                "MAX_BYTES|0",
                "MAX_PIXELS|-5",
                "MAX_PIXELS|1.5",
                "SPEC_URI|specs/spec.json",
                "SPEC_URI|s3://specs",
                "SPEC_URI|s3://specs/folder/",
                "SPEC_URI|s3:///key.json",
                "OUTPUT_BUCKET|s3://out-bucket",
                "OUTPUT_BUCKET|out-bucket/renditions",
                "MARKER_PREFIX|''",
                "EVENT_SOURCE|aws.s3"
            })
    void invalidValuesAreNamed(String name, String value) {
        UsageException e =
                assertThrows(UsageException.class, () -> DispatcherConfig.fromEnv(Fixtures.env(name, value)));
        assertTrue(e.getMessage().contains("environment variable " + name), e.getMessage());
    }

    @Test
    void numbersMayUseUnderscores() {
        assertEquals(
                104_857_600L,
                DispatcherConfig.fromEnv(Fixtures.env("MAX_BYTES", "104_857_600"))
                        .maxBytes());
    }
}
