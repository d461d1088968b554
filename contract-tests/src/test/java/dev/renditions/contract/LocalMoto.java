package dev.renditions.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A moto server (python3 -m moto.server) on a free loopback port for this module's integration tests, plus the AWS CLI
 * and SDK clients pointed at it.
 *
 * <p>Local stand-in: the shared harness {@code dev.renditions.aws.testing.MotoServer} (aws test-jar) was not on main
 * when this was written; switch to it once it lands.
 */
final class LocalMoto implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    final int port;
    final URI endpoint;
    private final Process process;
    private final Path log;

    private LocalMoto(int port, Process process, Path log) {
        this.port = port;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.process = process;
        this.log = log;
    }

    static LocalMoto start() {
        String python = Processes.requireTool("python3");
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-" + port + "-", ".log");
            Process p = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            LocalMoto moto = new LocalMoto(port, p, log);
            try {
                moto.awaitUp();
                moto.post("/moto-api/config", "{\"batch\":{\"use_docker\":false}}");
                return moto;
            } catch (RuntimeException | Error e) {
                moto.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("moto server exited " + process.exitValue() + ":\n" + logText());
            }
            try {
                HttpResponse<String> r = http().send(
                                HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("moto server did not start on port " + port + " within 60 s:\n" + logText());
    }

    void reset() {
        post("/moto-api/reset", "");
        post("/moto-api/config", "{\"batch\":{\"use_docker\":false}}");
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> r = http().send(
                            HttpRequest.newBuilder(endpoint.resolve(path))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .header("Content-Type", "application/json")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new AssertionError("POST " + path + " -> " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Environment for the AWS CLI: test credentials, this Region, no user config files. */
    Map<String, String> cliEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        return env;
    }

    /** Runs {@code aws ARGS --endpoint-url <moto> --output json}; the CLI validates the request as it would for AWS. */
    Processes.Result aws(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.requireTool("aws"));
        cmd.addAll(List.of(args));
        cmd.add("--endpoint-url");
        cmd.add(endpoint.toString());
        cmd.add("--output");
        cmd.add("json");
        return Processes.run(cmd, cliEnv(), null);
    }

    S3Client s3() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    SqsClient sqs() {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
