package dev.renditions.worker.cli;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.spec.SpecException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns failures into exit codes and messages: one line {@code error: <message>} on stderr (a
 * stack trace only with {@code --verbose}), and the exit code of the classified failure
 * ({@link Failures#classify}, {@link RenditionException#exitCode()}). Bad command lines exit 2.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        return report(ex, commandLine.getErr(), verbose(parseResult));
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        List<String> argList = Arrays.asList(args);
        CommandLine cl = ex.getCommandLine();
        Optional<UsageException> unsubstituted = RefParameters.find(argList);
        if (unsubstituted.isPresent()) {
            return report(unsubstituted.get(), cl.getErr(), verbose(argList));
        }
        PrintWriter err = cl.getErr();
        // picocli's argument-group messages start with their own "Error: "
        err.println("error: " + oneLine(ex.getMessage()).replaceFirst("^Error: ", ""));
        UnmatchedArgumentException.printSuggestions(ex, err);
        if (verbose(argList)) {
            ex.printStackTrace(err);
        }
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Prints the failure and returns its exit code. */
    static int report(Throwable t, PrintWriter err, boolean verbose) {
        if (t instanceof SpecException se) {
            t = se.toUsage();
        }
        RenditionException failure = Failures.classify(t);
        err.println("error: " + oneLine(failure.getMessage()));
        for (Throwable s : failure.getSuppressed()) {
            err.println("  also: " + oneLine(Failures.describe(s)));
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return failure.exitCode();
    }

    static boolean verbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VerboseOption.NAME)) {
                return true;
            }
        }
        return false;
    }

    static boolean verbose(List<String> args) {
        return args.contains(VerboseOption.NAME) || args.contains("-v");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
