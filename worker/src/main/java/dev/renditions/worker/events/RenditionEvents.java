package dev.renditions.worker.events;

import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.OutputLocation;
import java.time.Clock;
import java.util.Objects;

/** Builds the worker's events ("Rendition Completed", "Rendition Failed") with the time from an injected clock. */
public final class RenditionEvents {
    private final String source;
    private final Clock clock;

    public RenditionEvents(String source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EventEnvelope<RenditionDetail> completed(
            RenditionDetail.Source src,
            OutputLocation at,
            RenderResult result,
            RenditionDetail.Spec spec,
            RenditionDetail.Job job,
            long durationMs) {
        Rendition r = result.rendition();
        RenditionDetail.Output out = new RenditionDetail.Output(
                r.name(),
                at.uri(),
                at.bucket(),
                at.key(),
                r.format().jsonName(),
                result.contentType(),
                result.width(),
                result.height(),
                (long) result.bytes().length,
                RenditionSpec.renditionHash(r));
        return EventEnvelope.of(
                source,
                DetailTypes.RENDITION_COMPLETED,
                clock.instant(),
                new RenditionDetail(src, out, spec, job, durationMs, null, null, null));
    }

    public EventEnvelope<RenditionDetail> failed(
            RenditionDetail.Source src,
            OutputLocation at,
            Rendition r,
            RenditionDetail.Spec spec,
            RenditionDetail.Job job,
            long durationMs,
            RenditionException error) {
        RenditionDetail.Output out = new RenditionDetail.Output(
                r.name(),
                at.uri(),
                at.bucket(),
                at.key(),
                r.format().jsonName(),
                r.format().contentType(),
                null,
                null,
                null,
                RenditionSpec.renditionHash(r));
        RenditionDetail.Error e = new RenditionDetail.Error(error.code(), error.getMessage(), error.retryable());
        return EventEnvelope.of(
                source,
                DetailTypes.RENDITION_FAILED,
                clock.instant(),
                new RenditionDetail(src, out, spec, job, durationMs, null, null, e));
    }
}
