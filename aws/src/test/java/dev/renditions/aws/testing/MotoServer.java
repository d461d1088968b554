package dev.renditions.aws.testing;

import dev.renditions.aws.AwsClients;
import dev.renditions.aws.AwsSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One moto server (the AWS API mock, {@code python3 -m moto.server}) per JVM, on a free loopback port, started on
 * first use and destroyed when the JVM exits. Every service is on the same endpoint. Batch is switched to non-Docker
 * mode at start-up (moto then never runs containers; jobs just move through their states).
 *
 * <p>Use it through {@link MotoExtension} ({@code @ExtendWith(MotoExtension.class)}: resets moto before each test
 * class and injects this server as a parameter) or {@link #get()}.
 *
 * <p>The interpreter is {@code python3} unless the environment variable {@code MOTO_PYTHON} names another one. If
 * moto cannot start, {@link #get()} throws {@link IllegalStateException} with the command and its output: tests fail
 * loudly rather than skip.
 */
public final class MotoServer {
    /** Credentials and region moto is used with. */
    public static final String ACCESS_KEY = "testing";

    public static final String REGION = "us-east-1";
    /** moto's default account id. */
    public static final String ACCOUNT = "123456789012";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_TRIES = 3;
    private static MotoServer instance;

    private final Process process;
    private final int port;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AwsClients clients;
    private SqsClient sqs;
    private IamClient iam;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.log = log;
    }

    /** The JVM's moto server, started on first call. */
    public static synchronized MotoServer get() {
        if (instance == null) {
            MotoServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-stop"));
            server.configureBatchNoDocker();
            instance = server;
        }
        return instance;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return port;
    }

    /**
     * Environment for a child process (or for {@link AwsClients#fromEnv}) that talks to this moto:
     * {@code AWS_ENDPOINT_URL}, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}={@value #ACCESS_KEY},
     * {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}={@value #REGION}, {@code AWS_EC2_METADATA_DISABLED=true}.
     */
    public Map<String, String> env() {
        return env(endpoint);
    }

    /** Like {@link #env()}, with another endpoint, e.g. a {@link FaultProxy} in front of this moto. */
    public static Map<String, String> env(URI endpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", ACCESS_KEY);
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /**
     * Deletes every resource in every service ({@code POST /moto-api/reset}) and re-applies the non-Docker Batch
     * configuration. {@link MotoExtension} calls it before each test class.
     */
    public void reset() {
        post("/moto-api/reset", "");
        configureBatchNoDocker();
    }

    /** {@code POST /moto-api/config {"batch":{"use_docker":false}}}; done once at start-up already. */
    public void configureBatchNoDocker() {
        post("/moto-api/config", "{\"batch\":{\"use_docker\":false}}");
    }

    /** The production client factory pointed at this moto; shared, closed at JVM exit. */
    public synchronized AwsClients clients() {
        if (clients == null) {
            clients = new AwsClients(AwsSettings.fromEnv(env()));
        }
        return clients;
    }

    /** A new client factory pointed at {@code endpoint} (e.g. a {@link FaultProxy}); the caller closes it. */
    public static AwsClients clients(URI endpoint) {
        return new AwsClients(AwsSettings.fromEnv(env(endpoint)));
    }

    /** Like {@link #clients(URI)} with extra variables, e.g. {@code AWS_MAX_ATTEMPTS}. */
    public static AwsClients clients(URI endpoint, Map<String, String> extraEnv) {
        Map<String, String> env = env(endpoint);
        env.putAll(extraEnv);
        return new AwsClients(AwsSettings.fromEnv(env));
    }

    public S3Client s3() {
        return clients().s3();
    }

    public EventBridgeClient eventBridge() {
        return clients().eventBridge();
    }

    public BatchClient batch() {
        return clients().batch();
    }

    /** SQS: rule targets in tests (see {@link EventTap}). */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = clients().configure(SqsClient.builder(), endpoint).build();
        }
        return sqs;
    }

    /** IAM: Batch compute environments need an existing service role (see {@link BatchFixture}). */
    public synchronized IamClient iam() {
        if (iam == null) {
            iam = clients().configure(IamClient.builder(), endpoint).build();
        }
        return iam;
    }

    /** What moto printed so far (for failure messages). */
    public String log() {
        return read(log);
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(endpoint.resolve(path))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "moto " + path + " answered " + r.statusCode() + ": " + r.body() + "\n" + tail(log()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto " + path + " failed: " + e + "\n" + tail(log()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static MotoServer start() {
        String python = System.getenv().getOrDefault("MOTO_PYTHON", "python3");
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= START_TRIES; attempt++) {
            int port = freePort();
            List<String> command = List.of(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port));
            Path log;
            Process p;
            try {
                log = Files.createTempFile("moto-" + port + "-", ".log");
                log.toFile().deleteOnExit();
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().put("PYTHONUNBUFFERED", "1");
                p = pb.start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot start moto: " + String.join(" ", command) + ": " + e.getMessage()
                                + " (install it with: pip install 'moto[server]==5.2.1'; or set MOTO_PYTHON)",
                        e);
            }
            MotoServer server = new MotoServer(p, port, log);
            String why = server.awaitReady();
            if (why == null) {
                return server;
            }
            server.stop();
            failures.append("attempt ")
                    .append(attempt)
                    .append(": ")
                    .append(String.join(" ", command))
                    .append(": ")
                    .append(why)
                    .append('\n')
                    .append(tail(read(log)))
                    .append('\n');
        }
        throw new IllegalStateException("moto did not start:\n" + failures);
    }

    /** Null when ready, else why not. */
    private String awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "exited with status " + process.exitValue();
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                                .timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return null;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                // starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return "not ready after " + START_TIMEOUT.toSeconds() + " s";
    }

    private synchronized void stop() {
        if (clients != null) {
            clients.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (iam != null) {
            iam.close();
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
