package dev.renditions.worker.cli;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.spec.Rendition;
import dev.renditions.worker.WorkerEnv;
import dev.renditions.worker.WorkerRuntime;
import dev.renditions.worker.backfill.Chunking;
import dev.renditions.worker.events.EventsMode;
import dev.renditions.worker.events.RenditionEvents;
import dev.renditions.worker.local.LocalOutput;
import dev.renditions.worker.local.LocalSource;
import dev.renditions.worker.manifest.ManifestChild;
import dev.renditions.worker.manifest.ManifestSlice;
import dev.renditions.worker.manifest.ManifestSummary;
import dev.renditions.worker.render.Log;
import dev.renditions.worker.render.RenderRequest;
import dev.renditions.worker.render.RenderTask;
import dev.renditions.worker.render.RenditionOutput;
import dev.renditions.worker.render.SourceInput;
import dev.renditions.worker.s3.OutputGuard;
import dev.renditions.worker.s3.S3Output;
import dev.renditions.worker.s3.S3Source;
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

/** {@code worker render}: renders the selected renditions of one source, or every rendition of a manifest's slice. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Renders renditions of one source image, each written completely or not at all: locally into"
                    + " DIR/<source file name>/<rendition>.<ext> (e.g. out/cat.png/thumb.jpg), in S3 to"
                    + " <prefix><source key>/<rendition>.<ext> (e.g. renditions/uploads/cat.png/thumb.jpg).",
            "With no --rendition, --index or --all, renders the rendition at AWS_BATCH_JOB_ARRAY_INDEX,"
                    + " or the only one of a one-rendition spec.",
            "In S3, a rendition already made from the same source version (or ETag) with the same definition is"
                    + " not rendered again (unless --force); a source overwritten since its upload event is skipped"
                    + " (exit 0).",
            "With --manifest instead of --source (an AWS Batch backfill child): every rendition of each image of"
                    + " the child's slice, one image after the other; an invalid image is announced as failed and the"
                    + " child goes on; exit 1 at the end when an image failed transiently.",
            ""
        })
public final class RenderCommand implements Callable<Integer> {
    /** Value of {@code --source-version} and {@code --source-etag} that means "not set". */
    public static final String NOT_SET = "-";

    /** Most images one manifest child renders: the planner's ceiling. */
    public static final int MAX_IMAGES_PER_CHILD = Chunking.MAX_IMAGES_PER_CHILD;

    private final WorkerRuntime runtime;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    InputOptions input;

    @Option(
            names = "--images-per-child",
            paramLabel = "K",
            description = "With --manifest: images per child (1 to " + MAX_IMAGES_PER_CHILD + "). Default: 1.")
    Integer imagesPerChild;

    @Option(
            names = "--source-version",
            paramLabel = "ID",
            description = "S3 sources only: the version the upload event named; if the object is no longer that"
                    + " version, nothing is written (Rendition Skipped, superseded). '-' means not set.")
    String sourceVersion;

    @Option(
            names = "--source-etag",
            paramLabel = "ETAG",
            description = "S3 sources only: the ETag the object must still have (else superseded, as above). '-'"
                    + " means not set.")
    String sourceEtag;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Where the renditions go: a folder (created if missing) or an S3 bucket and key prefix"
                    + " (used as given: end it with '/').")
    String output;

    @Mixin
    SpecOptions specOptions = new SpecOptions();

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SelectionOptions selection;

    @Option(
            names = "--force",
            description = "S3 outputs: render and write even the renditions that are already up to date.")
    boolean force;

    @Mixin
    S3Options s3Options = new S3Options();

    @Mixin
    EventsOptions events = new EventsOptions();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    public RenderCommand(WorkerRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public Integer call() {
        if (input.manifest != null) {
            return renderManifest();
        }
        if (imagesPerChild != null) {
            throw new UsageException("--images-per-child applies to --manifest only; --source renders one image");
        }
        String source = input.source;
        Instant started = runtime.clock().instant();
        WorkerEnv env = runtime.workerEnv();
        PrintWriter out = spec.commandLine().getOut();
        Log log = new Log(spec.commandLine().getErr(), verbose.verbose());

        Pin pin = new Pin(unlessNotSet(sourceVersion), unlessNotSet(sourceEtag));
        boolean s3Source = S3Location.isS3(source);
        boolean s3Output = S3Location.isS3(output);
        if (pin.isPinned() && !s3Source) {
            throw new UsageException("--source-version and --source-etag apply to s3:// sources only;"
                    + " leave them out (or give '-') for a local file");
        }
        if (s3Output && !s3Source) {
            throw new UsageException("--output " + output + " needs an s3:// --source: S3 rendition keys are made"
                    + " from the source key; give a local --output folder for a local file");
        }
        S3Location s3In = s3Source ? s3("--source", source) : null;
        S3Location s3Out = s3Output ? s3("--output", output) : null;
        if (s3In != null && (s3In.key().isEmpty() || s3In.key().endsWith("/"))) {
            throw new UsageException("--source " + source + " must name an object (s3://bucket/key), not a folder");
        }
        if (s3Out != null) {
            OutputGuard.check(s3In, s3Out, s3Options.inputPrefix(runtime.env()));
            if (!s3Out.key().isEmpty() && !s3Out.key().endsWith("/")) {
                log.info("note: --output prefix '" + s3Out.key() + "' does not end with '/': keys are '" + s3Out.key()
                        + "<source key>/...' as given");
            }
        }
        SpecOptions.Loaded loaded = specOptions.load(runtime.cloud());
        List<Rendition> selected = SelectionOptions.selector(selection).select(loaded.spec(), env);
        String eventSource = events.eventSource(runtime.env());
        EventsMode mode = events.mode(env);
        String bus = mode == EventsMode.EVENTBRIDGE ? events.eventBus(runtime.env()) : null;

        try (SourceInput src = s3In != null
                ? new S3Source(runtime.cloud().objectStore(), s3In, pin, null)
                : new LocalSource(path("--source", source))) {
            RenditionOutput dst = s3Out != null
                    ? new S3Output(
                            runtime.cloud().objectStore(),
                            s3Out,
                            s3In,
                            loaded.spec().hash(),
                            s3Options.cacheControl(runtime.env()),
                            null)
                    : localOutput(src, source);
            EventPublisher publisher = runtime.publishers().create(mode, bus, out);
            log.debug("spec " + loaded.spec().hash() + (loaded.uri() == null ? " (bundled)" : " from " + loaded.uri())
                    + "; renditions " + selected.stream().map(Rendition::name).toList() + "; events " + mode
                    + (bus == null ? "" : " to bus " + bus));
            RenderTask task = new RenderTask(
                    runtime.engine(),
                    publisher,
                    new RenditionEvents(eventSource, runtime.clock()),
                    runtime.clock(),
                    log);
            task.run(new RenderRequest(src, loaded.spec(), loaded.uri(), selected, dst, env.job(), started, force));
        }
        return ExitCodes.OK;
    }

    /**
     * {@code --manifest}: every rendition of images {@code [i*K, i*K+K)} of the manifest, i the array index (0 in a
     * plain job). Exit 0 when every image was rendered, up to date, superseded or invalid (announced, not retryable); 1
     * when one failed transiently; a usage error stops the child at once.
     */
    private int renderManifest() {
        WorkerEnv env = runtime.workerEnv();
        Log log = new Log(spec.commandLine().getErr(), verbose.verbose());
        if (selection != null && (selection.name != null || selection.index != null)) {
            throw new UsageException("--rendition and --index do not apply to --manifest: a manifest child renders"
                    + " every rendition of each of its images (those already up to date are skipped); render one"
                    + " rendition of one image with --source");
        }
        if (unlessNotSet(sourceVersion) != null || unlessNotSet(sourceEtag) != null) {
            throw new UsageException("--source-version and --source-etag apply to --source only; a manifest line"
                    + " pins a version in its third field (bucket,key,versionId)");
        }
        int k = imagesPerChild == null ? 1 : imagesPerChild;
        if (k < 1 || k > MAX_IMAGES_PER_CHILD) {
            throw new UsageException("--images-per-child must be 1 to " + MAX_IMAGES_PER_CHILD + ", found " + k);
        }
        S3Location manifest = s3("--manifest", input.manifest);
        if (manifest.key().isEmpty() || manifest.key().endsWith("/")) {
            throw new UsageException(
                    "--manifest " + input.manifest + " must name an object (s3://bucket/key.csv), not a folder");
        }
        if (!S3Location.isS3(output)) {
            throw new UsageException("--manifest needs an s3:// --output (renditions go to <prefix><source key>/...),"
                    + " found '" + output + "'");
        }
        S3Location s3Out = s3("--output", output);
        int child = env.arrayIndex().orElse(0);
        String inputPrefix = s3Options.inputPrefix(runtime.env());
        String cacheControl = s3Options.cacheControl(runtime.env());
        SpecOptions.Loaded loaded = specOptions.load(runtime.cloud());
        String eventSource = events.eventSource(runtime.env());
        EventsMode mode = events.mode(env);
        String bus = mode == EventsMode.EVENTBRIDGE ? events.eventBus(runtime.env()) : null;
        EventPublisher publisher =
                runtime.publishers().create(mode, bus, spec.commandLine().getOut());

        ManifestSlice slice = ManifestSlice.read(runtime.cloud().objectStore(), manifest, child, k, null);
        log.debug("manifest " + manifest.uri() + " child " + child + ": "
                + slice.entries().size() + " image(s) from "
                + slice.first() + "; spec " + loaded.spec().hash() + "; events " + mode
                + (bus == null ? "" : " to bus " + bus));
        RenderTask task = new RenderTask(
                runtime.engine(), publisher, new RenditionEvents(eventSource, runtime.clock()), runtime.clock(), log);
        ManifestSummary summary = new ManifestChild(runtime.cloud().objectStore(), task, runtime.clock(), log)
                .render(
                        slice,
                        new ManifestChild.Settings(
                                s3Out, loaded.spec(), loaded.uri(), cacheControl, inputPrefix, env.job(), force, null));
        if (summary.exitCode() != ExitCodes.OK) {
            throw summary.retryable();
        }
        return ExitCodes.OK;
    }

    private LocalOutput localOutput(SourceInput src, String source) {
        Path outputDir = path("--output", output);
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new UsageException("--output must be a folder, found a file: " + output);
        }
        String name = src instanceof LocalSource local ? local.fileName() : lastSegment(source);
        return new LocalOutput(outputDir, name);
    }

    /** The file name an S3 source's renditions get a folder for locally: the key's last segment. */
    private static String lastSegment(String uri) {
        String key = S3Location.parse(uri).key();
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new UsageException("--source " + uri + ": its key's last segment '" + name
                    + "' cannot name a local folder; give an S3 --output");
        }
        return name;
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

    static S3Location s3(String option, String value) {
        try {
            return S3Location.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " must be s3://bucket/key, found '" + value + "': " + e.getMessage());
        }
    }
}
