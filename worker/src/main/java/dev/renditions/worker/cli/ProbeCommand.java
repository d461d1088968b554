package dev.renditions.worker.cli;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.events.Json;
import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.spec.Limits;
import dev.renditions.imaging.ImageProbe;
import dev.renditions.imaging.ImageSource;
import dev.renditions.worker.WorkerRuntime;
import dev.renditions.worker.local.LocalSource;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code worker probe}: what an image's header says and whether the spec's limits accept it. Decodes no pixels. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Reads an image's header without decoding pixels: format, dimensions, orientation, colour model and"
                    + " ICC profile, bit depth, alpha, frames, and whether it is within the spec's limits.",
            ""
        })
public final class ProbeCommand implements Callable<Integer> {
    private final WorkerRuntime runtime;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The image file.")
    String path;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin
    SpecOptions specOptions = new SpecOptions();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    public ProbeCommand(WorkerRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public Integer call() {
        Limits limits = specOptions.load(runtime.cloud()).spec().limits();
        LocalSource src = new LocalSource(RenderCommand.path("PATH", path));
        ImageSource image = src.fetch(src.inspect());
        ImageHeader header = ImageProbe.read(image);
        ProbeReport report = ProbeReport.of(src.path().toString(), image.size(), header, limits);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.write(report) + "\n" : report.toText());
        out.flush();
        if (report.problem() != null) {
            throw new InvalidInputException(
                    report.problem().code(), report.problem().message());
        }
        return ExitCodes.OK;
    }
}
