package dev.renditions.worker.render;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.SourceChangedException;
import dev.renditions.core.probe.LimitCheck;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.ImageSource;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.events.RenditionEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the selected renditions of one source:
 *
 * <ol>
 *   <li>inspect the source (for S3: a HEAD, checked against the pin): gone is {@code SourceMissing}, changed is
 *       <em>superseded</em>;
 *   <li>unless forced, ask the output which renditions are already up to date (same source version or ETag, same
 *       rendition hash): those are not rendered again;
 *   <li>check the size limit, fetch the source (for S3: a pinned download to a temporary file), decode it once and
 *       render the rest, then write them all (no rendition is written before every one has rendered);
 *   <li>announce every selected rendition, in spec order, in one publish call: "Rendition Completed" (with
 *       {@code skipped: true} for the ones already up to date).
 * </ol>
 *
 * <p>A superseded source writes nothing and announces "Rendition Skipped" ({@code reason: superseded}) for every
 * selected rendition; the run succeeds. Any other failure announces "Rendition Failed" for every rendition that was
 * not written or up to date (a usage error announces nothing) and is rethrown classified, so the caller maps it to
 * an exit code. An event that cannot be delivered is a retryable failure (exit 1): the retry finds the renditions up
 * to date and only announces them again.
 */
public final class RenderTask {
    private final RenderEngine engine;
    private final EventPublisher publisher;
    private final RenditionEvents events;
    private final Clock clock;
    private final Log log;

    public RenderTask(RenderEngine engine, EventPublisher publisher, RenditionEvents events, Clock clock, Log log) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** What is settled so far: renditions found up to date and renditions written. */
    private static final class Progress {
        RenditionDetail.Source source;
        final Map<Rendition, ExistingRendition> upToDate = new LinkedHashMap<>();
        final Map<Rendition, RenderResult> written = new LinkedHashMap<>();
    }

    public RenderOutcome run(RenderRequest request) {
        Progress p = new Progress();
        p.source = request.source().describe();
        try {
            SourceState state = request.source().inspect();
            p.source = state.detail();
            List<Rendition> todo = new ArrayList<>();
            for (Rendition r : request.renditions()) {
                Optional<ExistingRendition> existing =
                        request.force() ? Optional.empty() : request.output().upToDate(r, state);
                if (existing.isPresent()) {
                    p.upToDate.put(r, existing.get());
                } else {
                    todo.add(r);
                }
            }
            if (!todo.isEmpty()) {
                LimitCheck.checkBytes(state.size(), request.spec().limits());
                ImageSource image = request.source().fetch(state);
                log.debug("rendering " + todo.size() + " rendition(s) of " + image.name() + " (" + image.size()
                        + " bytes)");
                List<RenderResult> results = engine.render(image, request.spec().limits(), todo);
                checkResults(todo, results);
                try {
                    request.output().writeAll(results, state);
                } catch (PartlyWrittenException e) {
                    for (RenderResult r : results) {
                        if (e.written().contains(r.rendition())) {
                            p.written.put(r.rendition(), r);
                        }
                    }
                    throw e;
                }
                for (RenderResult r : results) {
                    p.written.put(r.rendition(), r);
                }
            }
        } catch (SourceChangedException e) {
            return superseded(request, p, e);
        } catch (RuntimeException | Error e) {
            throw fail(request, p, e);
        }
        publisher.publish(settledEvents(request, p, null));
        return new RenderOutcome(List.copyOf(p.written.values()), List.copyOf(p.upToDate.values()), false);
    }

    private RenderOutcome superseded(RenderRequest request, Progress p, SourceChangedException e) {
        log.info("source superseded, nothing written: " + Failures.describe(e));
        long ms = elapsedMs(request);
        List<EventEnvelope<RenditionDetail>> skipped = new ArrayList<>();
        for (Rendition r : request.renditions()) {
            skipped.add(events.skipped(
                    p.source,
                    request.output().locate(r),
                    r,
                    request.specDetail(),
                    request.job(),
                    ms,
                    RenditionEvents.SUPERSEDED));
        }
        publisher.publish(skipped);
        return new RenderOutcome(List.of(), List.of(), true);
    }

    /**
     * One event per selected rendition, in spec order: completed (written or up to date) or, for the others, failed
     * with {@code failure}.
     */
    private List<EventEnvelope<RenditionDetail>> settledEvents(
            RenderRequest request, Progress p, RenditionException failure) {
        long ms = elapsedMs(request);
        List<EventEnvelope<RenditionDetail>> out = new ArrayList<>();
        for (Rendition r : request.renditions()) {
            OutputLocation at = request.output().locate(r);
            RenderResult written = p.written.get(r);
            ExistingRendition existing = p.upToDate.get(r);
            if (written != null) {
                log.info("wrote " + r.name() + " " + written.width() + "x" + written.height() + " ("
                        + written.bytes().length + " bytes) to " + at.uri());
                out.add(events.completed(p.source, at, written, request.specDetail(), request.job(), ms));
            } else if (existing != null) {
                log.info("skipped " + r.name() + ": already up to date at " + at.uri());
                out.add(events.upToDate(p.source, existing, r, request.specDetail(), request.job(), ms));
            } else if (failure != null) {
                out.add(events.failed(p.source, at, r, request.specDetail(), request.job(), ms, failure));
            }
        }
        return out;
    }

    private RenditionException fail(RenderRequest request, Progress p, Throwable t) {
        Throwable cause = t instanceof PartlyWrittenException pw ? pw.getCause() : t;
        RenditionException failure = Failures.classify(cause);
        if (failure.exitCode() == ExitCodes.USAGE) {
            return failure;
        }
        try {
            publisher.publish(settledEvents(request, p, failure));
        } catch (RuntimeException publishFailure) {
            // the failure could not be announced: exit with the delivery failure (retryable) so it is tried again
            RenditionException undelivered = Failures.classify(publishFailure);
            undelivered.addSuppressed(failure);
            return undelivered;
        }
        return failure;
    }

    private static void checkResults(List<Rendition> asked, List<RenderResult> results) {
        if (results == null || results.size() != asked.size()) {
            throw new IllegalStateException("renderer returned " + (results == null ? "nothing" : results.size())
                    + " results for " + asked.size() + " renditions");
        }
        for (int i = 0; i < asked.size(); i++) {
            if (!asked.get(i).equals(results.get(i).rendition())) {
                throw new IllegalStateException("renderer returned rendition '"
                        + results.get(i).rendition().name() + "' where '"
                        + asked.get(i).name() + "' was expected");
            }
        }
    }

    private long elapsedMs(RenderRequest request) {
        return Math.max(
                0, Duration.between(request.startedAt(), clock.instant()).toMillis());
    }
}
