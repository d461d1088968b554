package dev.renditions.aws;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the SDK clients once, from {@link AwsSettings}, and closes them together. Each client is created on first
 * use and then reused (SDK clients are thread-safe and meant to live as long as the process); a Lambda handler
 * should touch the clients it needs during initialisation.
 *
 * <p>Every client uses {@link UrlConnectionHttpClient}: it is built on the JDK's {@code HttpURLConnection}, so it
 * starts faster and weighs less than the Apache and Netty clients (no thread pools, no extra jars; those clients are
 * excluded from this module's dependencies). It has no connection pool of its own beyond the JDK's keep-alive cache,
 * which is fine for a Lambda and a batch worker that make a handful of sequential calls.
 *
 * <p>Retries use the SDK's standard mode: throttling errors ({@code SlowDown}, {@code Throttling*}, 429), 5xx and
 * I/O errors are retried with exponential backoff and jitter, {@code AWS_MAX_ATTEMPTS} attempts in all (default 3).
 * What still fails after that is classified once by {@link AwsErrors}.
 *
 * <p>S3 specifics: path-style addressing whenever an endpoint override is set (moto, LocalStack on 127.0.0.1), and
 * {@code Expect: 100-continue} turned off, because {@code HttpURLConnection} cannot read the error body of a request
 * the server rejects before the body (S3 then answers 403 or 412 early): the SDK would report an I/O error instead
 * of {@code AccessDenied} or {@code PreconditionFailed}. Renditions are small, so sending a body that is rejected
 * costs little.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsSettings settings;
    private S3Client s3;
    private EventBridgeClient eventBridge;
    private BatchClient batch;
    private AwsCredentialsProvider credentials;

    public AwsClients(AwsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Reads {@link AwsSettings} from the map (see there for the variables). */
    public static AwsClients fromEnv(Map<String, String> env) {
        return new AwsClients(AwsSettings.fromEnv(env));
    }

    public AwsSettings settings() {
        return settings;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            URI endpoint = settings.s3Endpoint();
            s3 = configure(S3Client.builder(), endpoint)
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(endpoint != null)
                            .expectContinueEnabled(false)
                            .build())
                    .build();
        }
        return s3;
    }

    public synchronized EventBridgeClient eventBridge() {
        if (eventBridge == null) {
            eventBridge = configure(EventBridgeClient.builder(), settings.eventBridgeEndpoint())
                    .build();
        }
        return eventBridge;
    }

    public synchronized BatchClient batch() {
        if (batch == null) {
            batch = configure(BatchClient.builder(), settings.batchEndpoint()).build();
        }
        return batch;
    }

    /**
     * Applies the shared settings (HTTP client, region, credentials, retries, endpoint) to any SDK client builder;
     * public so that tests and tools can build other clients (SQS, IAM) exactly like the production ones.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        builder.credentialsProvider(credentials());
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        Integer attempts = settings.maxAttempts();
        builder.overrideConfiguration(o -> o.retryStrategy(
                attempts == null
                        ? AwsRetryStrategy.forRetryMode(RetryMode.STANDARD)
                        : AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(attempts)
                                .build()));
        return builder;
    }

    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = newCredentials();
        }
        return credentials;
    }

    private AwsCredentialsProvider newCredentials() {
        if (settings.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
                settings.sessionToken() == null
                        ? AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())
                        : AwsSessionCredentials.create(
                                settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken()));
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (eventBridge != null) {
            eventBridge.close();
            eventBridge = null;
        }
        if (batch != null) {
            batch.close();
            batch = null;
        }
        if (credentials instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do: the provider only held a refresh thread or a cache
            }
        }
        credentials = null;
    }
}
