package dev.renditions.worker.render;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.ImageSource;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.events.RenditionEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders the selected renditions of one source: fetch, decode once and render all, then write all, then announce
 * each. A failure writes nothing (no rendition is written before every one has rendered), announces "Rendition
 * Failed" for every selected rendition unless it is a usage error, and is rethrown classified so the caller maps it
 * to an exit code.
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

    /** Returns the results written, in the order of {@code request.renditions()}. */
    public List<RenderResult> run(RenderRequest request) {
        List<RenderResult> results;
        try {
            ImageSource image = request.source().fetch();
            log.debug("rendering " + request.renditions().size() + " rendition(s) of " + image.name() + " ("
                    + image.size() + " bytes)");
            results = engine.render(image, request.spec().limits(), request.renditions());
            checkResults(request.renditions(), results);
            request.output().writeAll(results);
        } catch (RuntimeException | Error e) {
            throw fail(request, e);
        }
        long ms = elapsedMs(request);
        List<EventEnvelope<RenditionDetail>> completed = new ArrayList<>();
        for (RenderResult r : results) {
            OutputLocation at = request.output().locate(r.rendition());
            log.info("wrote " + r.rendition().name() + " " + r.width() + "x" + r.height() + " (" + r.bytes().length
                    + " bytes) to " + at.uri());
            completed.add(
                    events.completed(request.source().describe(), at, r, request.specDetail(), request.job(), ms));
        }
        publisher.publish(completed);
        return results;
    }

    private RenditionException fail(RenderRequest request, Throwable t) {
        RenditionException failure = Failures.classify(t);
        if (failure.exitCode() == ExitCodes.USAGE) {
            return failure;
        }
        long ms = elapsedMs(request);
        List<EventEnvelope<RenditionDetail>> failed = new ArrayList<>();
        for (Rendition r : request.renditions()) {
            failed.add(events.failed(
                    request.source().describe(),
                    request.output().locate(r),
                    r,
                    request.specDetail(),
                    request.job(),
                    ms,
                    failure));
        }
        try {
            publisher.publish(failed);
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
