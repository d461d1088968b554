package dev.renditions.worker.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.BackfillSubmittedDetail;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.PutOptions;
import dev.renditions.core.spec.Rendition;
import dev.renditions.worker.s3.OutputGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Plans and submits a backfill. Pure: ports and records only.
 *
 * <h2>Phases</h2>
 *
 * <ol>
 *   <li><b>Plan</b>: with {@code --only-missing}, list the output prefix once into a {@link RenditionIndex}; then
 *       stream the sources (a listing or an S3 Inventory), filter them, and append each selected image to the current
 *       chunk file, which is uploaded to {@code chunks/NNNNNN.csv} as soon as it is full. Nothing per image is kept.
 *   <li><b>Commit</b>: write {@code plan.json} with {@code If-None-Match: *}. From here the plan is frozen.
 *   <li><b>Submit</b>: for each chunk in order: skip it when {@code state/NNNNNN.json} exists (its job id is in the
 *       object's metadata), else submit its job (paced, backoff on throttling) and record the job id with
 *       {@code If-None-Match: *}.
 *   <li><b>Announce</b>: publish "Backfill Submitted" and record {@code state/event.json}.
 * </ol>
 *
 * <h2>Re-runs and crashes</h2>
 *
 * <p>The plan id is derived from the inputs, so a re-run finds {@code plan.json} and does not list again: when every
 * chunk has a recorded job it submits nothing ({@link BackfillResult.Status#ALREADY_SUBMITTED}); when some have none
 * (the earlier run was interrupted), it refuses unless {@code --resume} is given, and then submits exactly the
 * missing ones from the frozen chunk files. A crash while planning leaves no {@code plan.json} and nothing submitted:
 * the next run plans again and overwrites the chunk files. The remaining risk is a crash (or a failure to write the
 * state object) between a SubmitJob that succeeded and its state object: that one chunk is submitted again by the
 * resume; its children then find their renditions up to date (the worker's HEAD and hash check) and finish quickly.
 * Two runs of the same plan at the same time can both submit a chunk; the second to record it reports its job id as
 * a duplicate. Run one planner per plan.
 */
public final class BackfillPlanner {
    /** Whether to write and submit. */
    public enum Mode {
        /** Plan and print; write nothing, submit nothing, publish nothing. */
        DRY_RUN,
        /** Plan and submit; a complete earlier plan is reported, an interrupted one refused. */
        SUBMIT,
        /** Like {@link #SUBMIT}, but an interrupted earlier plan is continued. */
        RESUME
    }

    static final PutOptions JSON = new PutOptions("application/json", null, null);

    private final ObjectStore store;
    private final PacedSubmitter submitter;
    private final EventPublisher events;
    private final String eventSource;
    private final Clock clock;
    private final Progress progress;
    private final Consumer<String> warn;

    /**
     * @param events where "Backfill Submitted" goes; null for no event (and no {@code state/event.json})
     * @param warn receives one-line warnings for people
     */
    public BackfillPlanner(
            ObjectStore store,
            PacedSubmitter submitter,
            EventPublisher events,
            String eventSource,
            Clock clock,
            Progress progress,
            Consumer<String> warn) {
        this.store = Objects.requireNonNull(store, "store");
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.events = events;
        this.eventSource = Objects.requireNonNull(eventSource, "eventSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.warn = Objects.requireNonNull(warn, "warn");
    }

    public BackfillResult run(BackfillRequest request, Mode mode) {
        try {
            return doRun(request, mode);
        } finally {
            progress.finish();
        }
    }

    private BackfillResult doRun(BackfillRequest request, Mode mode) {
        PlanLayout layout = request.layout();
        if (mode != Mode.DRY_RUN) {
            Optional<PlanRecord> existing = readPlan(layout);
            if (existing.isPresent()) {
                return continuePlan(existing.get(), layout, mode);
            }
        }
        PlanRecord plan = plan(request, layout, mode == Mode.DRY_RUN);
        if (mode == Mode.DRY_RUN) {
            return new BackfillResult(BackfillResult.Status.DRY_RUN, layout, plan, List.of(), 0, false, 0, List.of());
        }
        if (plan.images() == 0) {
            return new BackfillResult(
                    BackfillResult.Status.NOTHING_TO_DO, layout, plan, List.of(), 0, false, 0, List.of());
        }
        if (!store.putIfAbsent(layout.plan(), Json.write(plan).getBytes(StandardCharsets.UTF_8), JSON)) {
            // another run of the same plan committed first: continue with its plan, checking each chunk's record
            warn.accept("another run committed plan " + layout.planId() + " first; continuing with that plan");
            plan = readPlan(layout)
                    .orElseThrow(() -> new IllegalStateException("plan.json exists and cannot be read: "
                            + layout.plan().uri()));
            return submit(plan, layout, new String[(int) plan.chunks()], BackfillResult.Status.RESUMED);
        }
        return submit(plan, layout, new String[(int) plan.chunks()], BackfillResult.Status.SUBMITTED);
    }

    // ---- plan ----------------------------------------------------------------------------------------------------

    private PlanRecord plan(BackfillRequest request, PlanLayout layout, boolean dryRun) {
        RenditionIndex index = null;
        if (request.onlyMissing()) {
            S3Location out = request.output();
            AtomicLong seen = new AtomicLong();
            index = RenditionIndex.build(
                    store.list(out.bucket(), out.key()).peek(m -> progress.indexing(seen.incrementAndGet())),
                    out.key(),
                    request.spec(),
                    request.staleBefore());
        }
        SourceFilter filter = request.effectiveFilter();
        boolean needsDates = filter.modifiedAfter() != null || filter.modifiedBefore() != null;
        Chunking chunking = request.chunking();
        long objects = 0;
        long images = 0;
        long bytes = 0;
        EnumMap<Verdict, Long> skipped = new EnumMap<>(Verdict.class);
        try (Stream<Candidate> sources = CandidateSource.open(request.source(), store, needsDates, warn);
                ChunkWriter chunks = new ChunkWriter(dryRun ? null : store, layout, chunking.imagesPerChunk())) {
            for (Iterator<Candidate> it = sources.iterator(); it.hasNext(); ) {
                Candidate c = it.next();
                objects++;
                Verdict v = filter.test(c);
                if (v == Verdict.SELECTED && index != null && index.complete(c.key())) {
                    v = Verdict.UP_TO_DATE;
                }
                if (v == Verdict.SELECTED) {
                    // the children check it before their first image; refusing here submits no doomed job
                    OutputGuard.check(new S3Location(c.bucket(), c.key()), request.output(), request.inputPrefix());
                    chunks.add(ManifestCsv.line(c.bucket(), c.key(), c.versionId()));
                    images++;
                    bytes += Math.max(0, c.size());
                } else {
                    skipped.merge(v, 1L, Long::sum);
                }
                progress.listing(objects, images, chunks.chunksWritten());
            }
            chunks.finish();
        }
        Map<String, Long> skippedByName = new LinkedHashMap<>();
        skipped.forEach((v, n) -> skippedByName.put(v.jsonName(), n));
        return new PlanRecord(
                PlanRecord.FORMAT,
                layout.planId(),
                clock.instant().toString(),
                request.source().ref(),
                request.output().uri(),
                request.specParameter(),
                request.spec().hash(),
                request.spec().renditions().stream().map(Rendition::name).toList(),
                request.jobQueue(),
                request.jobDefinition(),
                chunking.imagesPerChild(),
                chunking.maxArraySize(),
                objects,
                images,
                bytes,
                skippedByName,
                chunking.chunks(images));
    }

    // ---- submit --------------------------------------------------------------------------------------------------

    private BackfillResult continuePlan(PlanRecord plan, PlanLayout layout, Mode mode) {
        String[] recorded = new String[(int) plan.chunks()];
        long missing = 0;
        for (int n = 0; n < recorded.length; n++) {
            recorded[n] = recordedJob(layout, n).orElse(null);
            if (recorded[n] == null) {
                missing++;
            }
        }
        if (missing == 0) {
            return submit(plan, layout, recorded, BackfillResult.Status.ALREADY_SUBMITTED);
        }
        if (mode != Mode.RESUME) {
            throw new UsageException(
                    "plan " + layout.planId() + " (" + layout.plan().uri() + ") was interrupted: "
                            + (recorded.length - missing) + " of " + recorded.length
                            + " jobs submitted; run the same command with --resume to submit the other " + missing);
        }
        return submit(plan, layout, recorded, BackfillResult.Status.RESUMED);
    }

    private BackfillResult submit(PlanRecord plan, PlanLayout layout, String[] recorded, BackfillResult.Status status) {
        Chunking chunking = plan.chunking();
        List<BackfillResult.JobRecord> jobs = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        long submittedNow = 0;
        for (int n = 0; n < recorded.length; n++) {
            long images = chunking.imagesIn(n, plan.images());
            int children = chunking.children(images);
            String name = jobName(layout.planId(), n);
            String manifest = layout.chunk(n).uri();
            String jobId = recorded[n];
            boolean now = false;
            if (jobId == null && status != BackfillResult.Status.ALREADY_SUBMITTED) {
                Optional<String> again = status == BackfillResult.Status.SUBMITTED
                        ? Optional.empty()
                        : recordedJob(layout, n); // re-check: another run may have recorded it meanwhile
                if (again.isPresent()) {
                    jobId = again.get();
                } else {
                    String submitted = submitter.submit(new JobRequest(
                            name,
                            plan.jobQueue(),
                            plan.jobDefinition(),
                            chunking.arraySize(images),
                            parameters(plan, manifest),
                            Map.of("application", "renditions", "backfill-plan", layout.planId())));
                    submittedNow++;
                    jobId = record(layout, n, submitted, name, manifest, images, children, duplicates);
                    now = jobId.equals(submitted);
                }
            }
            jobs.add(new BackfillResult.JobRecord(n, jobId, name, manifest, images, children, now));
            progress.submitted(n + 1, recorded.length, jobId, now);
        }
        boolean eventSent = announce(plan, layout, jobs, submittedNow);
        return new BackfillResult(
                status, layout, plan, jobs, submittedNow, eventSent, submitter.throttled(), duplicates);
    }

    /**
     * The job parameters of a manifest child; the job definition's manifest form runs {@code render --manifest
     * Ref::manifest --images-per-child Ref::imagesPerChild --output Ref::output --spec Ref::spec}.
     */
    public static Map<String, String> parameters(PlanRecord plan, String manifestUri) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("manifest", manifestUri);
        p.put("imagesPerChild", String.valueOf(plan.imagesPerChild()));
        p.put("output", plan.output());
        p.put("spec", plan.spec());
        return p;
    }

    /** {@code renditions-backfill-<plan id>-<chunk>}: unique per chunk, within Batch's 128 characters. */
    public static String jobName(String planId, long chunk) {
        return "renditions-backfill-" + planId + "-" + PlanLayout.number(chunk);
    }

    private String record(
            PlanLayout layout,
            int n,
            String jobId,
            String name,
            String manifest,
            long images,
            int children,
            List<String> duplicates) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("planId", layout.planId());
        body.put("chunk", n);
        body.put("jobId", jobId);
        body.put("jobName", name);
        body.put("manifest", manifest);
        body.put("images", images);
        body.put("children", children);
        body.put("submittedAt", clock.instant().toString());
        PutOptions options = new PutOptions(JSON.contentType(), null, Map.of(PlanLayout.JOB_ID_METADATA, jobId));
        if (store.putIfAbsent(layout.state(n), Json.write(body).getBytes(StandardCharsets.UTF_8), options)) {
            return jobId;
        }
        String first = recordedJob(layout, n).orElse(jobId);
        if (!first.equals(jobId)) {
            duplicates.add(jobId);
            warn.accept("chunk " + n + " of plan " + layout.planId() + " was recorded by another run as job " + first
                    + "; job " + jobId + " submitted by this run is a duplicate (its children will find the"
                    + " renditions up to date), or cancel it: aws batch cancel-job --job-id " + jobId
                    + " --reason duplicate");
        }
        return first;
    }

    private Optional<String> recordedJob(PlanLayout layout, int n) {
        Optional<ObjectMeta> meta = store.head(layout.state(n));
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        String id = meta.get().metadata().get(PlanLayout.JOB_ID_METADATA);
        if (id != null && !id.isBlank()) {
            return Optional.of(id);
        }
        // written by hand or by a tool that dropped the metadata: read the body
        String body = readSmall(layout.state(n)).orElse("{}");
        String fromBody;
        try {
            JsonNode node = Json.read(body, JsonNode.class);
            fromBody = node == null ? "" : node.path("jobId").asText("");
        } catch (UncheckedIOException e) {
            fromBody = ""; // not JSON
        }
        if (fromBody.isEmpty()) {
            throw new UsageException(layout.state(n).uri() + " records no job id (no '" + PlanLayout.JOB_ID_METADATA
                    + "' metadata, no jobId field): delete it to submit chunk " + n + " again, or restore it");
        }
        return Optional.of(fromBody);
    }

    // ---- announce ------------------------------------------------------------------------------------------------

    private boolean announce(PlanRecord plan, PlanLayout layout, List<BackfillResult.JobRecord> jobs, long now) {
        if (events == null || jobs.isEmpty()) {
            return false;
        }
        if (now == 0 && store.head(layout.event()).isPresent()) {
            return false; // announced by the run that submitted the jobs
        }
        List<String> ids = jobs.stream()
                .limit(BackfillSubmittedDetail.MAX_JOB_IDS)
                .map(BackfillResult.JobRecord::jobId)
                .toList();
        BackfillSubmittedDetail detail = new BackfillSubmittedDetail(
                plan.planId(),
                layout.plan().uri(),
                plan.source(),
                plan.output(),
                new BackfillSubmittedDetail.Spec(plan.specHash(), "default".equals(plan.spec()) ? null : plan.spec()),
                plan.imagesPerChild(),
                new BackfillSubmittedDetail.Counts(
                        plan.objects(),
                        plan.images(),
                        plan.bytes(),
                        plan.skippedTotal(),
                        plan.chunks(),
                        plan.arrays(),
                        plan.children(),
                        plan.renditionCount()),
                ids,
                jobs.size() > ids.size() ? Boolean.TRUE : null,
                now);
        EventEnvelope<BackfillSubmittedDetail> event =
                EventEnvelope.of(eventSource, DetailTypes.BACKFILL_SUBMITTED, clock.instant(), detail);
        events.publish(List.of(event));
        store.putIfAbsent(layout.event(), Json.write(event).getBytes(StandardCharsets.UTF_8), JSON);
        return true;
    }

    // ---- reading small objects -----------------------------------------------------------------------------------

    private Optional<PlanRecord> readPlan(PlanLayout layout) {
        Optional<String> json = readSmall(layout.plan());
        if (json.isEmpty()) {
            return Optional.empty();
        }
        PlanRecord plan;
        try {
            plan = Json.read(json.get(), PlanRecord.class);
        } catch (UncheckedIOException e) {
            throw new UsageException(layout.plan().uri() + " is not a plan this version can read: " + e.getMessage());
        }
        if (plan.format() != PlanRecord.FORMAT || !layout.planId().equals(plan.planId())) {
            throw new UsageException(layout.plan().uri() + " is not a plan this version can read (format "
                    + plan.format() + ", plan id " + plan.planId() + ")");
        }
        return Optional.of(plan);
    }

    private Optional<String> readSmall(S3Location at) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("backfill-", ".json");
            store.download(at, Pin.LATEST, tmp);
            return Optional.of(Files.readString(tmp, StandardCharsets.UTF_8));
        } catch (InvalidInputException e) {
            if (InvalidInputException.SOURCE_MISSING.equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temporary
                }
            }
        }
    }
}
