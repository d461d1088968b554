package dev.renditions.aws;

import dev.renditions.core.errors.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach AWS, read once from an environment map (the process environment in production, a plain map in tests).
 *
 * <p>Variables, all optional:
 *
 * <ul>
 *   <li>{@code AWS_ENDPOINT_URL}: endpoint of every service (moto, LocalStack); {@code AWS_ENDPOINT_URL_S3},
 *       {@code AWS_ENDPOINT_URL_EVENTBRIDGE} and {@code AWS_ENDPOINT_URL_BATCH} win over it for their service, and
 *       {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} ignores all of them, as in the AWS SDKs and CLI;
 *   <li>{@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}; when neither is set the SDK's default region chain
 *       (system property, profile, instance metadata) decides;
 *   <li>{@code AWS_ACCESS_KEY_ID} with {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}); when they are
 *       absent the SDK's default credential chain decides (profile, container and instance credentials);
 *   <li>{@code AWS_MAX_ATTEMPTS}: attempts per call in the SDK's standard retry mode (default 3).
 * </ul>
 *
 * <p>SDK 2.57 reads the endpoint variables natively, but only from the process environment. We read them from the
 * map and apply them as explicit endpoint overrides, so that a map passed by a test is honoured, and so that we know
 * when to switch S3 to path-style addressing (needed on 127.0.0.1, where bucket host names do not resolve).
 *
 * @param region null: the SDK's default region chain
 * @param accessKeyId null: the SDK's default credential chain
 * @param maxAttempts null: the standard retry mode's default
 */
public record AwsSettings(
        String region,
        URI s3Endpoint,
        URI eventBridgeEndpoint,
        URI batchEndpoint,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        Integer maxAttempts) {

    public AwsSettings {
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new UsageException(
                    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or neither, to use the"
                            + " default credential chain)");
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new UsageException("AWS_MAX_ATTEMPTS must be at least 1, found " + maxAttempts);
        }
    }

    /** The SDK defaults everywhere: default chains, AWS endpoints. */
    public static AwsSettings defaults() {
        return new AwsSettings(null, null, null, null, null, null, null, null);
    }

    public static AwsSettings fromEnv(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        boolean ignore = "true".equalsIgnoreCase(value(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
        String region = value(env, "AWS_REGION");
        if (region == null) {
            region = value(env, "AWS_DEFAULT_REGION");
        }
        String attempts = value(env, "AWS_MAX_ATTEMPTS");
        Integer maxAttempts = null;
        if (attempts != null) {
            try {
                maxAttempts = Integer.parseInt(attempts);
            } catch (NumberFormatException e) {
                throw new UsageException("AWS_MAX_ATTEMPTS must be a whole number, found '" + attempts + "'");
            }
        }
        return new AwsSettings(
                region,
                ignore ? null : endpoint(env, "S3"),
                ignore ? null : endpoint(env, "EVENTBRIDGE"),
                ignore ? null : endpoint(env, "BATCH"),
                value(env, "AWS_ACCESS_KEY_ID"),
                value(env, "AWS_SECRET_ACCESS_KEY"),
                value(env, "AWS_SESSION_TOKEN"),
                maxAttempts);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "AwsSettings[region=" + region + ", s3Endpoint=" + s3Endpoint + ", eventBridgeEndpoint="
                + eventBridgeEndpoint + ", batchEndpoint=" + batchEndpoint + ", credentials="
                + (accessKeyId == null ? "default chain" : "static") + ", maxAttempts=" + maxAttempts + "]";
    }

    private static URI endpoint(Map<String, String> env, String serviceId) {
        String name = "AWS_ENDPOINT_URL_" + serviceId;
        String url = value(env, name);
        if (url == null) {
            name = "AWS_ENDPOINT_URL";
            url = value(env, name);
        }
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException(name + " must be a URL like http://127.0.0.1:5000, found '" + url + "'");
        }
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
