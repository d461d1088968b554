package dev.renditions.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.events.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The handler as Lambda loads it: from {@code dispatcher/target/dispatcher.jar} alone, in a class loader that sees
 * nothing of the test class path (only the JDK), constructed from an environment map.
 */
final class PackagedHandler implements AutoCloseable {
    /** What the handler threw, seen from outside its class loader. */
    static final class Failure extends RuntimeException {
        final String type;
        final String code;

        Failure(Throwable t) {
            super(t.getClass().getSimpleName() + ": " + t.getMessage(), null, false, false);
            this.type = t.getClass().getName();
            String c = null;
            try {
                c = (String) t.getClass().getMethod("code").invoke(t);
            } catch (ReflectiveOperationException e) {
                // not one of ours
            }
            this.code = c;
        }
    }

    private final URLClassLoader loader;
    private final Object handler;
    private final Method handle;

    PackagedHandler(Map<String, String> env) {
        Path jar = Path.of(System.getProperty("dispatcher.jar", "target/dispatcher.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged jar at " + jar.toAbsolutePath() + ": run mvn verify");
        }
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass("dev.renditions.dispatcher.DispatcherHandler");
            Class<?> context = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            handler = inLoader(() -> type.getConstructor(Map.class).newInstance(Map.copyOf(env)));
            handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Invokes the handler with {@code event}; returns its result or throws {@link Failure}. */
    JsonNode invoke(String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inLoader(() ->
                handle.invoke(handler, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null));
        return Json.read(out.toString(StandardCharsets.UTF_8), JsonNode.class);
    }

    JsonNode invoke(JsonNode event) {
        return invoke(Json.write(event));
    }

    private interface Call {
        Object call() throws ReflectiveOperationException;
    }

    private Object inLoader(Call call) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            throw new Failure(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
