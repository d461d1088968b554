package dev.renditions.worker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command: {@code worker render|probe}. */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "renditions-worker: renders image renditions (thumb, web, large, ...) as a rendition spec describes.",
            "Runs on local files, as an AWS Batch array child (one rendition per child) or in a container."
        },
        commandListHeading = "%nCommands:%n")
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "expected a command: one of "
                        + String.join(", ", spec.subcommands().keySet()));
    }
}
