package dev.renditions.dispatcher;

import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.events.RenditionsRequestedDetail;
import dev.renditions.core.events.S3ObjectCreatedDetail;
import dev.renditions.core.events.S3ObjectCreatedEvent;
import dev.renditions.core.events.UploadRejectedDetail;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.OutputSafety;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobRequest;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.SourceChangedException;
import dev.renditions.core.probe.FormatSniffer;
import dev.renditions.core.probe.HeaderProbe;
import dev.renditions.core.probe.ImageFormat;
import dev.renditions.core.probe.ImageHeader;
import dev.renditions.core.probe.LimitCheck;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.RenditionSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates one uploaded object and submits one AWS Batch job for it. In order: guard, limits, content (magic
 * bytes), pixels (header), dedup, submit, announce.
 *
 * <p>Failure policy: a problem with the upload itself (empty, too large, not a supported image, corrupt header,
 * gone) is permanent: "Upload Rejected" is published and {@link #dispatch} returns normally. Anything a retry may fix
 * (throttling, 5xx, a failed PutEvents, another invocation holding the claim) throws, so that Lambda's asynchronous
 * retries run the event again. The markers make a retry submit only what is missing: a job whose id was recorded is
 * only announced again if the announcement is missing; a submit whose outcome is unknown (time-out, 5xx) keeps its
 * claim, and the retry that takes the expired claim over asks Batch for the job by name before submitting. See the
 * README's "Dedup" section for the window that remains.
 */
public final class Dispatcher {
    /** The ranged GET reads at most this many bytes. */
    public static final int HEAD_BYTES = 64 * 1024;
    /** Code of the {@link TransientException} thrown while another invocation holds the claim of the same upload. */
    public static final String IN_PROGRESS = "DispatchInProgress";
    /**
     * How much earlier than the first claim (by the claimant's clock) a job found by name may have been created
     * (by Batch's clock) and still count as this dispatch's. Generous: the name is unique per dispatch anyway.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    static final String PROJECT_TAG = "project";
    static final String PROJECT = "renditions";
    static final String BUCKET_TAG = "renditions:bucket";
    static final String SPEC_TAG = "renditions:spec-hash";

    private final DispatcherConfig config;
    private final RenditionSpec spec;
    private final Limits limits;
    private final String specHash;
    private final ObjectStore store;
    private final JobSubmitter jobs;
    private final EventPublisher events;
    private final DispatchMarkers markers;
    private final Clock clock;
    private final DispatchLog log;

    public Dispatcher(
            DispatcherConfig config,
            RenditionSpec spec,
            ObjectStore store,
            JobSubmitter jobs,
            EventPublisher events,
            Clock clock,
            DispatchLog log) {
        this.config = Objects.requireNonNull(config, "config");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.limits = config.limits(spec.limits());
        this.specHash = spec.hash();
        this.store = Objects.requireNonNull(store, "store");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.events = Objects.requireNonNull(events, "events");
        this.markers = new DispatchMarkers(store, config.outputBucket(), config.markerPrefix());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    public RenditionSpec spec() {
        return spec;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Dispatches one S3 "Object Created" event.
     *
     * @param lease how long this invocation may still run (Lambda's remaining time): a claim older than that belongs
     *     to an invocation that died, and may be taken over
     * @throws TransientException when a retry may succeed; a retry completes the work without submitting a job that
     *     the markers record or that Batch lists under this dispatch's name
     * @throws dev.renditions.core.errors.UsageException for a malformed event or a configuration the services reject
     */
    public DispatchResult dispatch(EventEnvelope<S3ObjectCreatedDetail> event, Duration lease) {
        Upload u = Upload.from(event);
        DispatchResult r = guard(event, u);
        if (r == null) {
            r = validateAndSubmit(u, lease);
        }
        log.info(r.message(), fields(r));
        return r;
    }

    // ---------------------------------------------------------------- 1. guard

    private DispatchResult guard(EventEnvelope<S3ObjectCreatedDetail> event, Upload u) {
        if (!S3ObjectCreatedEvent.DETAIL_TYPE.equals(event.detailType())) {
            return ignored(u, "NotObjectCreated", "detail-type is '" + event.detailType() + "', not Object Created");
        }
        boolean outputBucket = u.bucket().equals(config.outputBucket());
        if (outputBucket && OutputKeys.isUnder(u.key(), config.outputPrefix())) {
            return ignored(
                    u,
                    "UnderOutputPrefix",
                    "key is under OUTPUT_PREFIX '" + config.outputPrefix() + "' of the output bucket: a rendition, "
                            + "never a source (check the upload rule's key filter)");
        }
        if (outputBucket && u.key().startsWith(config.markerPrefix())) {
            return ignored(u, "UnderMarkerPrefix", "key is a dispatch marker (MARKER_PREFIX)");
        }
        if (!OutputKeys.isUnder(u.key(), config.inputPrefix())) {
            return ignored(u, "OutsideInputPrefix", "key is outside INPUT_PREFIX '" + config.inputPrefix() + "'");
        }
        if (u.key().endsWith("/")) {
            return ignored(u, "FolderPlaceholder", "key ends with '/': a folder placeholder, not a file");
        }
        S3Location output = config.output();
        String unsafe = OutputSafety.unsafeBecause(u.location(), output, config.inputPrefix());
        if (unsafe != null) {
            // the worker would refuse every child of the job (exit 2, not retried): fail loudly here instead
            throw new UsageException(
                    UsageException.UNSAFE_OUTPUT,
                    "dispatcher configuration: OUTPUT_BUCKET and OUTPUT_PREFIX " + output.uri() + " are unsafe for "
                            + u.location().uri() + ": " + unsafe + ", and the worker refuses such an output; set"
                            + " OUTPUT_PREFIX to a prefix outside INPUT_PREFIX (e.g. renditions/) or OUTPUT_BUCKET to"
                            + " another bucket");
        }
        return null;
    }

    // ---------------------------------------------------------------- 2.-4. limits, content, pixels

    private DispatchResult validateAndSubmit(Upload u, Duration lease) {
        UploadRejectedDetail.Probe probe = null;
        long size;
        try {
            size = sizeOf(u);
            LimitCheck.checkBytes(size, limits);
            byte[] head = store.readHead(u.location(), u.pin(), HEAD_BYTES);
            ImageFormat format = FormatSniffer.sniff(head, head.length);
            probe = new UploadRejectedDetail.Probe(format.displayName(), size, null, null);
            LimitCheck.checkFormat(format);
            ImageHeader header;
            try {
                // When the whole object fits in the bytes read, a header that ends early is corrupt; otherwise it
                // may lie beyond them, and the worker checks again on the full file. Sizes the header declares are
                // checked against the object's size either way.
                header = HeaderProbe.probe(head, head.length, head.length >= size, size);
            } catch (HeaderProbe.CorruptHeaderException e) {
                throw new InvalidInputException(
                        InvalidInputException.CORRUPT_IMAGE, "source is not a readable image: " + e.getMessage(), e);
            }
            if (header.hasDimensions()) {
                probe = new UploadRejectedDetail.Probe(format.displayName(), size, header.width(), header.height());
            }
            LimitCheck.checkPixels(header, limits);
        } catch (SourceChangedException e) {
            return DispatchResult.of(
                    DispatchResult.Status.SUPERSEDED,
                    "Superseded",
                    "the object changed since the event (" + Failures.describe(e)
                            + "); the newer upload's own event is dispatched instead",
                    u);
        } catch (InvalidInputException e) {
            return reject(u, e, probe);
        }
        return dedupAndSubmit(u, size, lease);
    }

    private long sizeOf(Upload u) {
        if (u.size() != null) {
            return u.size();
        }
        // Not in AWS's shape for creations, but cheap to tolerate: ask S3, pinned to the event's object.
        Optional<ObjectMeta> meta = store.head(u.location());
        if (meta.isEmpty()) {
            throw new InvalidInputException(
                    InvalidInputException.SOURCE_MISSING, "source " + u.location() + " no longer exists");
        }
        ObjectMeta m = meta.get();
        if ((u.versionId() != null && !u.versionId().equals(m.versionId()))
                || (u.etag() != null && !u.etag().equals(m.etag()))) {
            throw new SourceChangedException("the latest object is not the one the event names");
        }
        return m.size();
    }

    private DispatchResult reject(Upload u, InvalidInputException e, UploadRejectedDetail.Probe probe) {
        UploadRejectedDetail detail = new UploadRejectedDetail(
                u.source(), specDetail(), new RenditionDetail.Error(e.code(), e.getMessage(), false), probe);
        EventEnvelope<UploadRejectedDetail> ev =
                EventEnvelope.of(config.eventSource(), DetailTypes.UPLOAD_REJECTED, clock.instant(), detail);
        // A failed PutEvents throws: the retry re-checks (same verdict, nothing was submitted) and publishes again.
        events.publish(List.of(ev));
        return DispatchResult.of(DispatchResult.Status.REJECTED, e.code(), e.getMessage(), u)
                .withEvent(ev.id());
    }

    // ---------------------------------------------------------------- 5.-7. dedup, submit, announce

    private DispatchResult dedupAndSubmit(Upload u, long size, Duration lease) {
        String id = DispatchMarkers.id(u.bucket(), u.key(), u.identity(), specHash);
        String marker = markers.claimLocation(id).uri();
        Instant now = clock.instant();
        if (markers.claim(id, claim(u, now, lease, null))) {
            return submitAndAnnounce(u, id, marker, jobRequest(u, id));
        }
        Optional<DispatchMarkers.JobRecord> job = markers.readJob(id);
        if (job.isPresent()) {
            return announceEarlierJob(
                    u,
                    id,
                    marker,
                    job.get(),
                    "AnnouncedEarlierJob",
                    "was submitted by an earlier attempt; announced it now");
        }
        // Claimed, but no job recorded: another invocation is submitting right now, or one ended without recording
        // its job (it died, or its submit failed in a way that may or may not have created the job).
        Optional<DispatchMarkers.HeldClaim> held;
        try {
            held = markers.readClaim(id);
        } catch (SourceChangedException e) {
            throw inProgress("another invocation is taking over the claim " + marker + " of " + u.location()
                    + " right now; retry later");
        }
        if (held.isEmpty()) {
            // released after a submit that Batch rejected (so no job exists): claim afresh
            if (markers.claim(id, claim(u, now, lease, null))) {
                return submitAndAnnounce(u, id, marker, jobRequest(u, id));
            }
            throw inProgress("another invocation claimed " + u.location() + " at the same moment; retry later");
        }
        DispatchMarkers.Claim expired = held.get().claim();
        if (!expired.expiredAt(now)) {
            throw inProgress("another invocation is dispatching " + u.location() + " (claim " + marker + " held until "
                    + expired.expiresAt() + "); retry later");
        }
        // Replace exactly the claim that was read: of several invocations taking it over, one wins.
        if (!markers.takeOver(id, held.get(), claim(u, now, lease, expired.since()))) {
            throw inProgress("another invocation took over the expired claim " + marker + " of " + u.location()
                    + " first; retry later");
        }
        log.warn(
                "taking over an expired claim: its invocation ended without recording a job; looking for its job",
                Map.of(
                        "marker",
                        marker,
                        "claimedAt",
                        String.valueOf(expired.claimedAt()),
                        "firstClaimedAt",
                        String.valueOf(expired.since())));
        return findOrSubmit(u, id, marker, expired.since());
    }

    /**
     * After a takeover: an earlier holder may have submitted the job and ended before recording it (its SubmitJob
     * timed out or failed with a 5xx after Batch had created the job, or it died). Batch is asked for a job of this
     * dispatch's name (deterministic per dispatch) created since the first claim; only when there is none is it
     * submitted.
     */
    private DispatchResult findOrSubmit(Upload u, String id, String marker, Instant since) {
        JobRequest request = jobRequest(u, id);
        Instant after = since == null ? Instant.EPOCH : since.minus(CLOCK_SKEW);
        // A failure here throws with our claim in place: it expires at this invocation's deadline and the next
        // takeover searches again, from the same first claim.
        Optional<String> earlier = jobs.findJob(request.queue(), request.name(), after);
        if (earlier.isEmpty()) {
            return submitAndAnnounce(u, id, marker, request);
        }
        DispatchMarkers.JobRecord j = record(
                id,
                marker,
                new DispatchMarkers.JobRecord(
                        earlier.get(),
                        request.name(),
                        request.queue(),
                        spec.renditions().size(),
                        clock.instant().toString()));
        // (if its holder announced it without managing to write the job marker, this is a duplicate)
        return announceEarlierJob(
                u,
                id,
                marker,
                j,
                "FoundEarlierJob",
                "was submitted by an earlier attempt that did not record it; found it in the queue by name and"
                        + " announced it now");
    }

    /** A job an earlier attempt submitted: nothing to do if it was announced, else announce it now. */
    private DispatchResult announceEarlierJob(
            Upload u, String id, String marker, DispatchMarkers.JobRecord j, String reason, String what) {
        if (markers.isAnnounced(id)) {
            return DispatchResult.of(
                            DispatchResult.Status.DUPLICATE,
                            "AlreadyDispatched",
                            "duplicate delivery: job " + j.jobId() + " was submitted and announced before",
                            u)
                    .withJob(j.jobId(), j.jobName(), j.arraySize(), marker);
        }
        String eventId = announce(u, id, j);
        return DispatchResult.of(DispatchResult.Status.ANNOUNCED, reason, "job " + j.jobId() + " " + what, u)
                .withJob(j.jobId(), j.jobName(), j.arraySize(), marker)
                .withEvent(eventId);
    }

    /** Writes the job marker; returns the marker that is there afterwards (an earlier one wins). */
    private DispatchMarkers.JobRecord record(String id, String marker, DispatchMarkers.JobRecord record) {
        try {
            if (!markers.recordJob(id, record)) {
                return markers.readJob(id).orElse(record);
            }
        } catch (RuntimeException e) {
            // The job exists. Throwing now would make a retry look for it again at best; announce it instead.
            log.error(
                    "job submitted but its marker could not be written; a redelivery after the claim expires finds "
                            + "the job by name (or, if Batch does not list it yet, may submit a second one)",
                    Map.of("marker", marker, "jobId", record.jobId(), "error", Failures.describe(e)));
        }
        return record;
    }

    private DispatchMarkers.Claim claim(Upload u, Instant now, Duration lease, Instant firstClaimedAt) {
        return new DispatchMarkers.Claim(
                u.location().uri(),
                u.versionId(),
                u.etag(),
                specHash,
                now.toString(),
                now.plus(lease).toString(),
                (firstClaimedAt == null ? now : firstClaimedAt).toString());
    }

    private static TransientException inProgress(String message) {
        return new TransientException(IN_PROGRESS, message, null);
    }

    private DispatchResult submitAndAnnounce(Upload u, String id, String marker, JobRequest request) {
        String jobId;
        try {
            jobId = jobs.submit(request);
        } catch (UsageException e) {
            // Batch rejected the request (access denied, no such queue or job definition, invalid parameters): no
            // job was created. Give the claim back so that a retry (once the configuration is fixed) submits.
            try {
                markers.release(id);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
                log.error(
                        "could not release the claim after a rejected submit; it expires with this invocation",
                        Map.of("marker", marker, "error", Failures.describe(releaseFailure)));
            }
            throw e;
        } catch (RuntimeException e) {
            // A time-out, 5xx or I/O error may come after Batch created the job (and the SDK's retries may have sent
            // SubmitJob again); SubmitJob has no idempotency token. Keep the claim: it expires at this invocation's
            // deadline, and the retry that takes it over asks Batch for a job of this name before submitting.
            log.warn(
                    "submit failed and may have created the job; keeping the claim until it expires",
                    Map.of("marker", marker, "jobName", request.name(), "error", Failures.describe(e)));
            throw e;
        }
        int arraySize = spec.renditions().size();
        DispatchMarkers.JobRecord record = new DispatchMarkers.JobRecord(
                jobId,
                request.name(),
                request.queue(),
                arraySize,
                clock.instant().toString());
        record(id, marker, record);
        String eventId = announce(u, id, record);
        return DispatchResult.of(
                        DispatchResult.Status.SUBMITTED,
                        "Submitted",
                        "submitted " + (request.isArray() ? "array job of " + arraySize : "job") + " " + jobId,
                        u)
                .withJob(jobId, request.name(), arraySize, marker)
                .withEvent(eventId);
    }

    /** Publishes "Renditions Requested"; throws when it cannot (the job marker makes the retry announce only). */
    private String announce(Upload u, String id, DispatchMarkers.JobRecord job) {
        RenditionsRequestedDetail detail = new RenditionsRequestedDetail(
                u.source(),
                specDetail(),
                new RenditionsRequestedDetail.Job(job.jobId(), job.jobName(), job.queue(), job.arraySize()),
                spec.names());
        EventEnvelope<RenditionsRequestedDetail> ev =
                EventEnvelope.of(config.eventSource(), DetailTypes.RENDITIONS_REQUESTED, clock.instant(), detail);
        events.publish(List.of(ev));
        try {
            markers.markAnnounced(
                    id, new DispatchMarkers.Announced(ev.id(), clock.instant().toString()));
        } catch (RuntimeException e) {
            // Published already: a redelivery may announce once more, which is better than failing now.
            log.warn(
                    "announced, but the announced marker could not be written",
                    Map.of("jobId", job.jobId(), "error", Failures.describe(e)));
        }
        return ev.id();
    }

    JobRequest jobRequest(Upload u, String id) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("source", u.location().uri());
        parameters.put("sourceVersion", u.versionId() == null ? "-" : u.versionId());
        parameters.put("sourceEtag", u.etag() == null ? "-" : u.etag());
        parameters.put("output", config.outputParameter());
        parameters.put("spec", config.specParameter());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PROJECT_TAG, PROJECT);
        tags.put(BUCKET_TAG, BatchNames.tagValue(u.bucket()));
        tags.put(SPEC_TAG, BatchNames.tagValue(specHash));
        int n = spec.renditions().size();
        return new JobRequest(
                BatchNames.jobName(u.key(), id.substring(0, 8)),
                config.jobQueue(),
                config.jobDefinition(),
                n == 1 ? 0 : n,
                parameters,
                tags);
    }

    private RenditionDetail.Spec specDetail() {
        // like the worker's events: no uri for the bundled default spec
        return new RenditionDetail.Spec(
                specHash, config.specUri() == null ? null : config.specUri().uri());
    }

    private static DispatchResult ignored(Upload u, String reason, String message) {
        return DispatchResult.of(DispatchResult.Status.IGNORED, reason, message, u);
    }

    private static Map<String, Object> fields(DispatchResult r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = dev.renditions.core.events.Json.MAPPER.convertValue(r, LinkedHashMap.class);
        m.remove("message");
        return m;
    }
}
