package dev.renditions.worker.cli;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.worker.CloudServices;
import dev.renditions.worker.WorkerRuntime;
import dev.renditions.worker.backfill.BackfillDefaults;
import dev.renditions.worker.backfill.BackfillPlanner;
import dev.renditions.worker.backfill.BackfillReport;
import dev.renditions.worker.backfill.BackfillRequest;
import dev.renditions.worker.backfill.BackfillResult;
import dev.renditions.worker.backfill.Chunking;
import dev.renditions.worker.backfill.PacedSubmitter;
import dev.renditions.worker.backfill.Progress;
import dev.renditions.worker.backfill.Sleeper;
import dev.renditions.worker.backfill.SourceFilter;
import dev.renditions.worker.backfill.SourceSelection;
import dev.renditions.worker.events.EventsMode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;

/** {@code worker backfill}: renders existing images at scale, as AWS Batch array jobs over manifest chunks. */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Plans and submits the rendering of images already in S3: lists --bucket/--prefix (or reads an S3"
                    + " Inventory report), keeps the images the filters select, writes them as manifest chunks"
                    + " under --manifest-prefix and submits one AWS Batch job per chunk (an array of at most"
                    + " --max-array-size children, each rendering --images-per-child images).",
            "The plan id is derived from the options: running the same backfill again submits nothing new;"
                    + " --resume continues one that was interrupted. Progress goes to stderr, the summary and job"
                    + " ids to stdout.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Planned (dry run), submitted, or already submitted.",
            "1:Transient or unexpected failure (throttling after retries, 5xx, network): re-run with --resume.",
            "2:Usage or configuration error: bad option, spec or inventory, access denied, interrupted plan"
                    + " without --resume."
        },
        footerHeading = "%nEnvironment (defaults of options):%n",
        footer = {
            "  JOB_QUEUE                  --job-queue",
            "  BACKFILL_JOB_DEFINITION    --job-definition (the manifest form; the dispatcher's",
            "                             JOB_DEFINITION is the per-rendition form and is not used)",
            "  OUTPUT_BUCKET              --output s3://OUTPUT_BUCKET/OUTPUT_PREFIX",
            "  OUTPUT_PREFIX              (default renditions/)",
            "  MARKER_PREFIX              --marker-prefix (default .dispatch/)",
            "  SPEC_URI                   --spec",
            "  MAX_BYTES                  --max-size (else the spec's limits.maxBytes)",
            "  EVENT_BUS_NAME             --event-bus",
            "  AWS_REGION, AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...",
            "                             as in the AWS CLI (endpoints: moto, LocalStack)"
        })
public final class BackfillCommand implements Callable<Integer> {
    private static final Pattern SIZE = Pattern.compile("([0-9][0-9_]*)\\s*(B|KiB|MiB|GiB)?");

    private final WorkerRuntime runtime;

    @Spec
    CommandSpec spec;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "Bucket whose images to render.")
    String bucket;

    @Option(
            names = "--prefix",
            paramLabel = "PREFIX",
            description = "Only keys under this prefix (with --bucket). Default: the whole bucket.")
    String prefix;

    @Option(
            names = "--inventory",
            paramLabel = "S3_URI",
            description = "Instead of --bucket: the manifest.json of an S3 Inventory report (CSV format).")
    String inventory;

    @Option(
            names = "--output",
            paramLabel = "S3_URI",
            description = "Where renditions go: s3://bucket/prefix (the workers' --output)."
                    + " Default: s3://OUTPUT_BUCKET/OUTPUT_PREFIX.")
    String output;

    @Option(
            names = "--spec",
            paramLabel = "S3_URI|default",
            description = "Rendition spec the workers use: 'default' (bundled) or s3://bucket/key."
                    + " A local file is accepted with --dry-run only. Default: SPEC_URI, else default.")
    String specRef;

    @Option(names = "--job-queue", paramLabel = "QUEUE", description = "AWS Batch job queue. Default: JOB_QUEUE.")
    String jobQueue;

    @Option(
            names = "--job-definition",
            paramLabel = "DEFINITION",
            description = "AWS Batch job definition of the manifest form (render --manifest Ref::manifest"
                    + " --images-per-child Ref::imagesPerChild --output Ref::output --spec Ref::spec)."
                    + " Default: BACKFILL_JOB_DEFINITION.")
    String jobDefinition;

    @Option(
            names = "--manifest-prefix",
            paramLabel = "S3_URI",
            description = "Where plans are written: <prefix><plan id>/plan.json, chunks/, state/."
                    + " Default: s3://<output bucket>/.backfill/.")
    String manifestPrefix;

    @Option(
            names = "--marker-prefix",
            paramLabel = "PREFIX",
            description = "The dispatcher's marker prefix in the output bucket, never a source."
                    + " Default: MARKER_PREFIX, else .dispatch/.")
    String markerPrefix;

    @Option(
            names = "--suffixes",
            split = ",",
            paramLabel = "SUFFIX",
            description = "Image suffixes, any case. Default: .jpg,.jpeg,.jpe,.png,.gif,.bmp,.tif,.tiff,.webp,.psd.")
    List<String> suffixes;

    @Option(
            names = "--min-size",
            paramLabel = "SIZE",
            description = "Smallest source: bytes, or with KiB, MiB, GiB. Default: 1 (never empty objects).")
    String minSize;

    @Option(
            names = "--max-size",
            paramLabel = "SIZE",
            description = "Largest source. Default: MAX_BYTES, else the spec's limits.maxBytes.")
    String maxSize;

    @Option(
            names = "--modified-after",
            paramLabel = "TIME",
            description = "Only sources last modified at or after TIME (2025-01-31 or 2025-01-31T12:00:00Z).")
    String modifiedAfter;

    @Option(names = "--modified-before", paramLabel = "TIME", description = "Only sources last modified before TIME.")
    String modifiedBefore;

    @Option(
            names = "--only-missing",
            description = "Skip sources whose renditions of the current spec all exist (one listing of the output"
                    + " prefix; existence by file name, see --stale-before).")
    boolean onlyMissing;

    @Option(
            names = "--stale-before",
            paramLabel = "TIME",
            description = "With --only-missing: rendition files older than TIME count as missing"
                    + " (e.g. when a rendition's definition changed).")
    String staleBefore;

    @Option(
            names = "--images-per-child",
            paramLabel = "K",
            description = "Images each array child renders (all renditions of each). Default: ${DEFAULT-VALUE}.")
    int imagesPerChild = Chunking.DEFAULT_IMAGES_PER_CHILD;

    @Option(
            names = "--max-array-size",
            paramLabel = "N",
            description = "Children per array job, at most 10000. Default: ${DEFAULT-VALUE}.")
    int maxArraySize = 10_000;

    @Option(
            names = "--submit-rate",
            paramLabel = "PER_SECOND",
            description = "SubmitJob calls a second, at most 50 (the account quota). Default: ${DEFAULT-VALUE}.")
    double submitRate = PacedSubmitter.DEFAULT_RATE;

    @Option(
            names = "--label",
            paramLabel = "TEXT",
            description = "Part of the plan id: a new label runs the same backfill again as a new plan.")
    String label;

    @Option(names = "--dry-run", description = "Print the plan; write nothing, submit nothing, publish nothing.")
    boolean dryRun;

    @Option(names = "--resume", description = "Continue an interrupted plan with the same options.")
    boolean resume;

    @Option(
            names = "--events",
            paramLabel = "eventbridge|stdout|none",
            description = "Where the \"Backfill Submitted\" event goes. Default: eventbridge.")
    EventsMode events = EventsMode.EVENTBRIDGE;

    @Option(
            names = "--event-bus",
            paramLabel = "NAME",
            description = "Event bus name or ARN. Default: EVENT_BUS_NAME, else default.")
    String eventBus;

    @Option(
            names = "--event-source",
            paramLabel = "NAME",
            description = "The event's 'source'. Default: ${DEFAULT-VALUE}.")
    String eventSource = DetailTypes.BACKFILL_SOURCE;

    @Mixin
    InputPrefixOption input = new InputPrefixOption();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    /** S3, Batch and EventBridge come from {@link WorkerRuntime#cloud()}, the event publishers from its factory. */
    public BackfillCommand(WorkerRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (dryRun && resume) {
            throw new UsageException("--dry-run and --resume exclude each other");
        }
        BackfillDefaults defaults = BackfillDefaults.fromEnv(runtime.env());
        String bus = eventBus != null ? eventBus : defaults.eventBus();
        String source = eventSource == null ? "" : eventSource;
        if (source.isBlank() || source.length() > 256 || source.startsWith("aws.")) {
            throw new UsageException(
                    "--event-source must be 1 to 256 characters and not start with 'aws.', found '" + source + "'");
        }
        Options o = options(defaults);
        CloudServices cloud = runtime.cloud();
        ObjectStore store = aws(cloud::objectStore);
        JobSubmitter jobs = dryRun
                ? r -> {
                    throw new IllegalStateException("a dry run submits nothing");
                }
                : aws(cloud::jobSubmitter);
        BackfillRequest request = request(o, defaults, cloud);
        EventPublisher publisher = events == EventsMode.NONE || dryRun
                ? null
                : aws(() -> runtime.publishers().create(events, bus, out));
        BackfillPlanner planner = new BackfillPlanner(
                store,
                new PacedSubmitter(jobs, submitRate, PacedSubmitter.Backoff.DEFAULT, Sleeper.REAL, System::nanoTime),
                publisher,
                source,
                runtime.clock(),
                Progress.printer(err, System.console() != null, System::nanoTime),
                w -> {
                    err.println("warning: " + w);
                    err.flush();
                });
        BackfillPlanner.Mode mode = dryRun
                ? BackfillPlanner.Mode.DRY_RUN
                : resume ? BackfillPlanner.Mode.RESUME : BackfillPlanner.Mode.SUBMIT;
        BackfillResult result = planner.run(request, mode);
        out.print(BackfillReport.text(result));
        out.flush();
        return ExitCodes.OK;
    }

    /** What the options say, checked before anything is opened (the spec and the max size come later). */
    record Options(
            SourceSelection selection,
            S3Location output,
            S3Location manifests,
            String specRef,
            String jobQueue,
            String jobDefinition,
            Chunking chunking,
            long minSize,
            Long maxSize,
            Instant modifiedAfter,
            Instant modifiedBefore,
            Instant staleBefore) {}

    Options options(BackfillDefaults defaults) {
        SourceSelection selection = selection();
        String outputRef = output != null ? output : defaults.output();
        if (outputRef == null) {
            throw new UsageException(
                    UsageException.MISSING_PARAMETER, "--output s3://bucket/prefix (or OUTPUT_BUCKET) is required");
        }
        S3Location out = s3("--output", outputRef);
        S3Location manifests = manifestPrefix != null
                ? s3("--manifest-prefix", manifestPrefix)
                : new S3Location(out.bucket(), BackfillDefaults.DEFAULT_MANIFEST_FOLDER);
        String queue = jobQueue != null ? jobQueue : defaults.jobQueue();
        String definition = jobDefinition != null ? jobDefinition : defaults.jobDefinition();
        if (queue == null || queue.isBlank()) {
            throw new UsageException(UsageException.MISSING_PARAMETER, "--job-queue (or JOB_QUEUE) is required");
        }
        if (definition == null || definition.isBlank()) {
            throw new UsageException(
                    UsageException.MISSING_PARAMETER, "--job-definition (or BACKFILL_JOB_DEFINITION) is required");
        }
        Instant stale = time("--stale-before", staleBefore);
        if (stale != null && !onlyMissing) {
            throw new UsageException("--stale-before applies only with --only-missing");
        }
        return new Options(
                selection,
                out,
                manifests,
                specRef != null ? specRef : defaults.spec(),
                queue,
                definition,
                new Chunking(imagesPerChild, maxArraySize),
                minSize == null ? 1 : size("--min-size", minSize),
                maxSize != null ? Long.valueOf(size("--max-size", maxSize)) : defaults.maxBytes(),
                time("--modified-after", modifiedAfter),
                time("--modified-before", modifiedBefore),
                stale);
    }

    /** The request the options describe; an {@code s3://} spec is read through the cloud's store. */
    BackfillRequest request(Options o, BackfillDefaults defaults, CloudServices cloud) {
        SpecOptions.Loaded spec = SpecOptions.load(o.specRef(), cloud);
        String specParameter;
        if (spec.uri() == null) {
            specParameter = SpecOptions.DEFAULT;
        } else if (S3Location.isS3(spec.uri())) {
            specParameter = spec.uri();
        } else if (dryRun) {
            specParameter = spec.uri(); // never submitted
        } else {
            throw new UsageException("--spec " + o.specRef() + " is a local file, which the workers on AWS Batch"
                    + " cannot read: upload it and give its s3:// URI (a local file is fine with --dry-run)");
        }
        SourceFilter filter = new SourceFilter(
                suffixes == null ? SourceFilter.IMAGE_SUFFIXES : Set.copyOf(suffixes),
                o.minSize(),
                o.maxSize() != null ? o.maxSize() : spec.spec().limits().maxBytes(),
                o.modifiedAfter(),
                o.modifiedBefore(),
                List.of());
        return new BackfillRequest(
                o.selection(),
                filter,
                spec.spec(),
                specParameter,
                o.output(),
                markerPrefix != null ? markerPrefix : defaults.markerPrefix(),
                o.manifests(),
                o.jobQueue(),
                o.jobDefinition(),
                o.chunking(),
                onlyMissing,
                o.staleBefore(),
                label,
                input.inputPrefix(runtime.env()));
    }

    /**
     * Builds an SDK client (or anything else from the cloud services): a client that cannot be configured (no
     * region, no credentials) is a usage error, not a retryable one.
     */
    private static <T> T aws(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (SdkClientException e) {
            throw new UsageException("cannot set up the AWS clients: " + Failures.describe(e)
                    + " (set AWS_REGION, and credentials if not from a profile or role)");
        }
    }

    private SourceSelection selection() {
        if ((bucket == null) == (inventory == null)) {
            throw new UsageException("give either --bucket (with an optional --prefix) or --inventory");
        }
        if (inventory != null) {
            if (prefix != null) {
                throw new UsageException("--prefix applies to --bucket, not to --inventory");
            }
            S3Location m = s3("--inventory", inventory);
            if (!m.key().endsWith("manifest.json")) {
                throw new UsageException("--inventory must name an S3 Inventory manifest.json, found " + inventory);
            }
            return new SourceSelection.Inventory(m);
        }
        if (bucket.startsWith(S3Location.SCHEME) || bucket.contains("/") || bucket.isBlank()) {
            throw new UsageException(
                    "--bucket takes a bucket name (use --prefix for a key prefix), found '" + bucket + "'");
        }
        return new SourceSelection.Listing(bucket, prefix == null ? "" : prefix);
    }

    static S3Location s3(String option, String value) {
        try {
            return S3Location.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** Bytes, optionally with KiB, MiB or GiB. */
    static long size(String option, String value) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw new UsageException(option + " must be a number of bytes, optionally with KiB, MiB or GiB (e.g."
                    + " 100MiB), found '" + value + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " is too large: '" + value + "'");
        }
        int shift = m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                    case "KiB" -> 10;
                    case "MiB" -> 20;
                    case "GiB" -> 30;
                    default -> 0;
                };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new UsageException(option + " is too large: '" + value + "'");
        }
        return n << shift;
    }

    /** An instant ({@code 2025-01-31T12:00:00Z}) or a date ({@code 2025-01-31}, midnight UTC); null stays null. */
    static Instant time(String option, String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new UsageException(option
                    + " must be a date (2025-01-31) or a UTC time (2025-01-31T12:00:00Z), found '" + value + "'");
        }
    }
}
