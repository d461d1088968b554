package dev.renditions.worker.cli;

import dev.renditions.core.errors.UsageException;
import java.util.List;
import java.util.Optional;

/**
 * Detects AWS Batch parameters that were never substituted: Batch replaces {@code Ref::name} in a job definition's
 * command with the job's parameter {@code name}, and leaves the literal text when there is no such parameter and no
 * default.
 */
public final class RefParameters {
    public static final String PREFIX = "Ref::";

    private RefParameters() {}

    /** A usage error (code {@code MissingParameter}) naming the first unsubstituted parameter, if any. */
    public static Optional<UsageException> find(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = null;
            String value = arg;
            int eq = arg.indexOf('=');
            if (arg.startsWith("-") && eq > 0) {
                option = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i > 0 && args.get(i - 1).startsWith("-")) {
                option = args.get(i - 1);
            }
            if (value.startsWith(PREFIX)) {
                String name = value.substring(PREFIX.length());
                return Optional.of(new UsageException(
                        UsageException.MISSING_PARAMETER,
                        "AWS Batch parameter '" + name + "' was not substituted: "
                                + (option == null ? "an argument" : option) + " received the literal '" + value
                                + "'; submit the job with parameter '" + name
                                + "' or give it a default in the job definition's parameters"));
            }
        }
        return Optional.empty();
    }
}
