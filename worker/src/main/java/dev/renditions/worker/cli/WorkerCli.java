package dev.renditions.worker.cli;

import dev.renditions.worker.WorkerRuntime;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The worker's command line, wired to a runtime and two writers (stdout for results and events, stderr for logs and
 * errors). {@link #execute} never throws: every outcome is an exit code.
 */
public final class WorkerCli {
    private final CommandLine commandLine;
    private final PrintWriter err;

    private WorkerCli(CommandLine commandLine, PrintWriter err) {
        this.commandLine = commandLine;
        this.err = err;
    }

    public static WorkerCli create(WorkerRuntime runtime, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new WorkerCommand());
        cl.addSubcommand(new RenderCommand(runtime));
        cl.addSubcommand(new ProbeCommand(runtime));
        cl.addSubcommand(new BackfillCommand(runtime));
        describe(cl.getCommandSpec().usageMessage(), HelpText.exitCodes());
        describe(cl.getSubcommands().get("render").getCommandSpec().usageMessage(), HelpText.exitCodes());
        describe(cl.getSubcommands().get("probe").getCommandSpec().usageMessage(), HelpText.probeExitCodes());

        ErrorHandler errors = new ErrorHandler();
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        cl.setExecutionStrategy(parseResult -> {
            Optional<? extends RuntimeException> unsubstituted = RefParameters.find(parseResult.originalArgs());
            if (unsubstituted.isPresent()) {
                return ErrorHandler.report(unsubstituted.get(), err, ErrorHandler.verbose(parseResult));
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return new WorkerCli(cl, err);
    }

    /** Runs the command line and returns the exit code. */
    public int execute(String... args) {
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli lets Errors from a command through; they are classified like everything else
            List<String> argList = Arrays.asList(args);
            return ErrorHandler.report(e, err, ErrorHandler.verbose(argList));
        }
    }

    public CommandLine commandLine() {
        return commandLine;
    }

    private static void describe(UsageMessageSpec usage, java.util.Map<String, String> exitCodes) {
        usage.exitCodeListHeading("%nExit codes:%n");
        usage.exitCodeList(exitCodes);
        usage.footerHeading("%nEnvironment:%n");
        usage.footer(HelpText.environment().toArray(String[]::new));
    }
}
