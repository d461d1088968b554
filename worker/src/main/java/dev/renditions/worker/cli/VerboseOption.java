package dev.renditions.worker.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: debug logs and stack traces on stderr. */
public final class VerboseOption {
    static final String NAME = "--verbose";

    @Option(
            names = {"-v", NAME},
            description = "Log details and print stack traces of errors (on stderr).")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }
}
