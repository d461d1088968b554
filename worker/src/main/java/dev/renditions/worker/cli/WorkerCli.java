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

    /** The names of the commands, in the order {@code --help} lists them. */
    static final List<String> COMMANDS = List.of("render", "probe", "backfill");

    /** The whole command line: every command. */
    public static WorkerCli create(WorkerRuntime runtime, PrintWriter out, PrintWriter err) {
        return create(runtime, out, err, COMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a command's name, only that command is built (picocli
     * builds a command's model by reflection, and every array child is a fresh process that runs one command);
     * otherwise (help, version, a typo) every command, so that the top-level help and suggestions list them all.
     * Either way the outcome of {@code execute(args)} is the same.
     */
    public static WorkerCli forArgs(WorkerRuntime runtime, PrintWriter out, PrintWriter err, String... args) {
        boolean named = args.length > 0 && COMMANDS.contains(args[0]);
        return create(runtime, out, err, named ? List.of(args[0]) : COMMANDS);
    }

    private static WorkerCli create(WorkerRuntime runtime, PrintWriter out, PrintWriter err, List<String> commands) {
        CommandLine cl = new CommandLine(new WorkerCommand());
        for (String name : commands) {
            switch (name) {
                case "render" -> {
                    cl.addSubcommand(new RenderCommand(runtime));
                    describe(cl.getSubcommands().get(name).getCommandSpec().usageMessage(), HelpText.exitCodes());
                }
                case "probe" -> {
                    cl.addSubcommand(new ProbeCommand(runtime));
                    describe(cl.getSubcommands().get(name).getCommandSpec().usageMessage(), HelpText.probeExitCodes());
                }
                case "backfill" -> cl.addSubcommand(new BackfillCommand(runtime));
                default -> throw new IllegalArgumentException("unknown command " + name);
            }
        }
        describe(cl.getCommandSpec().usageMessage(), HelpText.exitCodes());

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
