package dev.renditions.worker;

import dev.renditions.worker.cli.WorkerCli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of {@code worker.jar}: wires the real environment, clock, streams and AWS clients, then runs the CLI. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // the AWS SDK logs through SLF4J, and the jar ships no SLF4J provider on purpose (the worker's log is its
        // stderr lines); without this SLF4J warns about the missing provider on stderr at every start
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        try (WorkerRuntime runtime = WorkerRuntime.system()) {
            code = WorkerCli.forArgs(runtime, out, err, args).execute(args);
        }
        out.flush();
        err.flush();
        System.exit(code);
    }
}
