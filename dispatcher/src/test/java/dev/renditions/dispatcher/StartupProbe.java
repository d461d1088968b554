package dev.renditions.dispatcher;

import dev.renditions.core.events.Json;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.dispatcher.fakes.FakeEventPublisher;
import dev.renditions.dispatcher.fakes.FakeJobSubmitter;
import dev.renditions.dispatcher.fakes.FakeObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * Measures the dispatcher's cold and warm path in a fresh JVM, with in-memory ports:
 * {@code java -cp dispatcher/target/dispatcher.jar:dispatcher/target/test-classes
 * dev.renditions.dispatcher.StartupProbe}. Prints one JSON line (milliseconds).
 */
public final class StartupProbe {
    private StartupProbe() {}

    public static void main(String[] args) throws Exception {
        long jvmStartToMain = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        FakeObjectStore store = new FakeObjectStore();
        DispatcherHandler handler = new DispatcherHandler(
                DispatcherConfig.fromEnv(Fixtures.env()),
                store,
                new FakeJobSubmitter(),
                new FakeEventPublisher(),
                Clock.systemUTC(),
                (level, message, fields) -> {});
        long t1 = System.nanoTime();
        long first = invoke(handler, store, 0);
        long t2 = System.nanoTime();
        int n = 200;
        long warmTotal = 0;
        for (int i = 1; i <= n; i++) {
            warmTotal += invoke(handler, store, i);
        }
        System.out.println(Json.write(Map.of(
                "jvmStartToMainMs", jvmStartToMain,
                "constructMs", (t1 - t0) / 1e6,
                "firstInvokeMs", first / 1e6,
                "jvmStartToFirstReturnMs", jvmStartToMain + (t2 - t0) / 1e6,
                "warmInvokeAvgMs", warmTotal / 1e6 / n)));
    }

    private static long invoke(DispatcherHandler handler, FakeObjectStore store, int i) throws Exception {
        String key = "uploads/cat-" + i + ".jpg";
        ObjectMeta m = store.upload("in-bucket", key, Fixtures.image("cat.jpg"));
        byte[] event = Fixtures.objectCreatedJson("in-bucket", key, m.size(), m.etag(), null)
                .getBytes(StandardCharsets.UTF_8);
        long s = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        long e = System.nanoTime();
        if (!out.toString(StandardCharsets.UTF_8).contains("SUBMITTED")) {
            throw new IllegalStateException(out.toString(StandardCharsets.UTF_8));
        }
        return e - s;
    }
}
