package dev.renditions.dispatcher;

import dev.renditions.aws.AwsClients;
import dev.renditions.core.events.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The real handler against a real S3/Batch/EventBridge API (moto), in a fresh JVM, as Lambda runs it:
 * {@code java -cp dispatcher.jar:test-classes dev.renditions.dispatcher.ColdStartProbe <event.json> <input bucket>
 * <warm runs>} with the dispatcher's variables and {@code AWS_ENDPOINT_URL} in the environment; the event names an
 * image already uploaded. Prints one JSON line (milliseconds): JVM start to main, handler construction (config,
 * spec, SDK clients), the first event (an upload that gets submitted), and the average of the warm events.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        long jvmStartToMain = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        String coldEvent = java.nio.file.Files.readString(java.nio.file.Path.of(args[0]));
        String bucket = args[1];
        int warmRuns = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        DispatcherHandler handler = new DispatcherHandler(System.getenv());
        long t1 = System.nanoTime();
        String first = invoke(handler, coldEvent);
        long t2 = System.nanoTime();
        if (!first.contains("\"SUBMITTED\"")) {
            throw new IllegalStateException(first);
        }
        long warm = 0;
        try (AwsClients clients = AwsClients.fromEnv(System.getenv())) {
            byte[] jpg = Fixtures.image("cat.jpg");
            for (int i = 0; i < warmRuns; i++) {
                String key = "uploads/warm-" + i + "-" + System.nanoTime() + ".jpg";
                clients.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(jpg));
                String ev = event(bucket, key);
                long s = System.nanoTime();
                String r = invoke(handler, ev);
                warm += System.nanoTime() - s;
                if (!r.contains("\"SUBMITTED\"")) {
                    throw new IllegalStateException(r);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvmStartToMainMs", jvmStartToMain);
        out.put("constructMs", Math.round((t1 - t0) / 1e6));
        out.put("firstEventMs", Math.round((t2 - t1) / 1e6));
        out.put("coldTotalMs", jvmStartToMain + Math.round((t2 - t0) / 1e6));
        out.put("warmEventAvgMs", warmRuns == 0 ? null : Math.round(warm / 1e5 / warmRuns) / 10.0);
        System.err.println(Json.write(out));
    }

    private static String event(String bucket, String key) {
        try (AwsClients clients = AwsClients.fromEnv(System.getenv())) {
            var head = clients.s3().headObject(b -> b.bucket(bucket).key(key));
            return Fixtures.objectCreatedJson(
                    bucket, key, head.contentLength(), head.eTag().replace("\"", ""), head.versionId());
        }
    }

    private static String invoke(DispatcherHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }
}
