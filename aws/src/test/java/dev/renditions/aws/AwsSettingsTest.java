package dev.renditions.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.UsageException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class AwsSettingsTest {
    @Test
    void emptyEnvironmentLeavesEverythingToTheSdk() {
        AwsSettings s = AwsSettings.fromEnv(Map.of());
        assertEquals(AwsSettings.defaults(), s);
    }

    @Test
    void globalEndpointAppliesToEveryService() {
        AwsSettings s = AwsSettings.fromEnv(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
        URI expected = URI.create("http://127.0.0.1:5000");
        assertEquals(expected, s.s3Endpoint());
        assertEquals(expected, s.eventBridgeEndpoint());
        assertEquals(expected, s.batchEndpoint());
    }

    @Test
    void serviceSpecificEndpointWins() {
        AwsSettings s = AwsSettings.fromEnv(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:6000",
                "AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:7000",
                "AWS_ENDPOINT_URL_BATCH", "https://batch.example:8443"));
        assertEquals(URI.create("http://127.0.0.1:6000"), s.s3Endpoint());
        assertEquals(URI.create("http://127.0.0.1:7000"), s.eventBridgeEndpoint());
        assertEquals(URI.create("https://batch.example:8443"), s.batchEndpoint());
    }

    @Test
    void ignoreConfiguredEndpointUrlsDropsThemAll() {
        AwsSettings s = AwsSettings.fromEnv(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:6000",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        assertNull(s.s3Endpoint());
        assertNull(s.eventBridgeEndpoint());
        assertNull(s.batchEndpoint());
    }

    @Test
    void badEndpointNamesTheVariable() {
        UsageException e = assertThrows(
                UsageException.class, () -> AwsSettings.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "127.0.0.1:5000")));
        assertTrue(e.getMessage().startsWith("AWS_ENDPOINT_URL_S3 must be a URL"), e.getMessage());
    }

    @Test
    void regionPrefersAwsRegion() {
        assertEquals(
                "eu-west-1",
                AwsSettings.fromEnv(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-west-2"))
                        .region());
        assertEquals(
                "us-west-2",
                AwsSettings.fromEnv(Map.of("AWS_DEFAULT_REGION", "us-west-2")).region());
    }

    @Test
    void keysMustComeInPairs() {
        assertThrows(UsageException.class, () -> AwsSettings.fromEnv(Map.of("AWS_ACCESS_KEY_ID", "AKIA")));
    }

    @Test
    void maxAttemptsIsAPositiveNumber() {
        assertEquals(5, AwsSettings.fromEnv(Map.of("AWS_MAX_ATTEMPTS", "5")).maxAttempts());
        assertThrows(UsageException.class, () -> AwsSettings.fromEnv(Map.of("AWS_MAX_ATTEMPTS", "many")));
        assertThrows(UsageException.class, () -> AwsSettings.fromEnv(Map.of("AWS_MAX_ATTEMPTS", "0")));
    }

    @Test
    void toStringHidesSecrets() {
        AwsSettings s = AwsSettings.fromEnv(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "s3cr3t",
                "AWS_SESSION_TOKEN", "t0ken"));
        assertFalse(s.toString().contains("s3cr3t"), s.toString());
        assertFalse(s.toString().contains("t0ken"), s.toString());
        assertFalse(s.toString().contains("AKIAEXAMPLE"), s.toString());
    }

    @Test
    void clientsUseTheOverrideTheRegionAndPathStyle() {
        try (AwsClients clients = AwsClients.fromEnv(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing"))) {
            S3Client s3 = clients.s3();
            assertEquals(Region.EU_CENTRAL_1, s3.serviceClientConfiguration().region());
            assertEquals(
                    URI.create("http://127.0.0.1:5000"),
                    s3.serviceClientConfiguration().endpointOverride().orElseThrow());
            assertEquals(
                    "http://127.0.0.1:5000/bucket/a%20b",
                    s3.utilities().getUrl(b -> b.bucket("bucket").key("a b")).toString());
            assertEquals(
                    URI.create("http://127.0.0.1:5000"),
                    clients.eventBridge()
                            .serviceClientConfiguration()
                            .endpointOverride()
                            .orElseThrow());
            assertEquals(
                    URI.create("http://127.0.0.1:5000"),
                    clients.batch()
                            .serviceClientConfiguration()
                            .endpointOverride()
                            .orElseThrow());
            assertTrue(clients.s3() == s3, "built once");
        }
    }

    @Test
    void withoutOverrideS3UsesVirtualHostedStyle() {
        try (AwsClients clients = AwsClients.fromEnv(Map.of(
                "AWS_REGION", "eu-central-1", "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"))) {
            String url = clients.s3()
                    .utilities()
                    .getUrl(b -> b.bucket("bucket").key("k"))
                    .toString();
            assertEquals("https://bucket.s3.eu-central-1.amazonaws.com/k", url);
        }
    }
}
