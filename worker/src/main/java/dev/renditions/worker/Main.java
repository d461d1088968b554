package dev.renditions.worker;

import dev.renditions.worker.cli.WorkerCli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of {@code worker.jar}: wires the real environment, clock and streams, then runs the CLI. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = WorkerCli.create(WorkerRuntime.system(), out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
