package dev.renditions.dispatcher;

import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.RenditionException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the handler once outside Lambda, e.g. to replay an event from the on-failure destination:
 * {@code java -cp dispatcher.jar dev.renditions.dispatcher.LocalInvoke event.json} (or the event on standard input).
 * Configuration and credentials come from the environment, as in Lambda. Prints the result as JSON; exits with the
 * project's exit codes (1 transient, 2 usage or configuration).
 */
public final class LocalInvoke {
    private LocalInvoke() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        try {
            byte[] event;
            if (args.length == 0 || "-".equals(args[0])) {
                event = System.in.readAllBytes();
            } else {
                event = Files.readAllBytes(Path.of(args[0]));
            }
            DispatcherHandler handler = new DispatcherHandler();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = new java.io.ByteArrayInputStream(event)) {
                handler.handleRequest(in, out, null);
            }
            System.out.println(out.toString(StandardCharsets.UTF_8));
            return 0;
        } catch (Exception | Error e) {
            RenditionException r = Failures.classify(e);
            System.err.println("dispatcher: " + r.code() + ": " + Failures.describe(r));
            return r.exitCode();
        }
    }
}
