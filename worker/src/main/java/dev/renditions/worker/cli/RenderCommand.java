package dev.renditions.worker.cli;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.spec.Rendition;
import dev.renditions.worker.WorkerEnv;
import dev.renditions.worker.WorkerRuntime;
import dev.renditions.worker.events.RenditionEvents;
import dev.renditions.worker.local.LocalOutput;
import dev.renditions.worker.local.LocalSource;
import dev.renditions.worker.render.Log;
import dev.renditions.worker.render.RenderRequest;
import dev.renditions.worker.render.RenderTask;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code worker render}: renders the selected renditions of one source. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Renders renditions of one source image into DIR/<source file name>/<rendition>.<ext>"
                    + " (e.g. out/cat.png/thumb.jpg), each written completely or not at all.",
            "With no --rendition, --index or --all, renders the rendition at AWS_BATCH_JOB_ARRAY_INDEX,"
                    + " or the only one of a one-rendition spec.",
            ""
        })
public final class RenderCommand implements Callable<Integer> {
    /** Value of {@code --source-version} and {@code --source-etag} that means "not set". */
    public static final String NOT_SET = "-";

    private final WorkerRuntime runtime;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "PATH", description = "The source image: a local file.")
    String source;

    @Option(
            names = "--source-version",
            paramLabel = "ID",
            description = "S3 sources only: the object version to read. '-' means not set.")
    String sourceVersion;

    @Option(
            names = "--source-etag",
            paramLabel = "ETAG",
            description = "S3 sources only: the ETag the object must still have. '-' means not set.")
    String sourceEtag;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR",
            description = "Folder the renditions go to (created if missing).")
    String output;

    @Mixin
    SpecOptions specOptions = new SpecOptions();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SelectionOptions selection;

    @Mixin
    EventsOptions events = new EventsOptions();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    public RenderCommand(WorkerRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public Integer call() {
        Instant started = runtime.clock().instant();
        WorkerEnv env = runtime.workerEnv();
        PrintWriter out = spec.commandLine().getOut();
        Log log = new Log(spec.commandLine().getErr(), verbose.verbose());

        Pin pin = new Pin(unlessNotSet(sourceVersion), unlessNotSet(sourceEtag));
        if (S3Location.isS3(source) || S3Location.isS3(output)) {
            throw new UsageException("s3:// sources and outputs are not supported by this build yet;"
                    + " give a local --source file and --output folder");
        }
        if (pin.isPinned()) {
            throw new UsageException("--source-version and --source-etag apply to s3:// sources only;"
                    + " leave them out (or give '-') for a local file");
        }
        SpecOptions.Loaded loaded = specOptions.load();
        List<Rendition> selected = SelectionOptions.selector(selection).select(loaded.spec(), env);
        String eventSource = events.eventSource();
        LocalSource src = new LocalSource(path("--source", source));
        Path outputDir = path("--output", output);
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new UsageException("--output must be a folder, found a file: " + output);
        }
        LocalOutput dst = new LocalOutput(outputDir, src.fileName());
        EventPublisher publisher = runtime.publishers().create(events.mode(env), out);

        log.debug("spec " + loaded.spec().hash() + (loaded.uri() == null ? " (bundled)" : " from " + loaded.uri())
                + "; renditions " + selected.stream().map(Rendition::name).toList() + "; output " + dst.folder());
        RenderTask task = new RenderTask(
                runtime.engine(), publisher, new RenditionEvents(eventSource, runtime.clock()), runtime.clock(), log);
        task.run(new RenderRequest(src, loaded.spec(), loaded.uri(), selected, dst, env.job(), started));
        return ExitCodes.OK;
    }

    static String unlessNotSet(String value) {
        return value == null || value.isBlank() || NOT_SET.equals(value.trim()) ? null : value;
    }

    static Path path(String option, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(option + " must be a path, found '" + value + "': " + e.getReason());
        }
    }
}
