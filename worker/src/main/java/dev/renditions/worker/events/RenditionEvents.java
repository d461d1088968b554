package dev.renditions.worker.events;

import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.events.DetailTypes;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.ExistingRendition;
import dev.renditions.worker.render.OutputLocation;
import java.time.Clock;
import java.util.Objects;

/**
 * Builds the worker's events ("Rendition Completed", "Rendition Skipped", "Rendition Failed") with the time from an
 * injected clock.
 */
public final class RenditionEvents {
    /** {@code reason} of "Rendition Skipped": the source no longer matches the pinned version or ETag. */
    public static final String SUPERSEDED = "superseded";

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
        RenditionDetail.Output out =
                output(result.rendition(), at, result.contentType(), result.width(), result.height(), (long)
                        result.bytes().length);
        return EventEnvelope.of(
                source,
                DetailTypes.RENDITION_COMPLETED,
                clock.instant(),
                new RenditionDetail(src, out, spec, job, durationMs, null, null, null));
    }

    /** "Rendition Completed" with {@code skipped: true}: the rendition was already up to date and left as it was. */
    public EventEnvelope<RenditionDetail> upToDate(
            RenditionDetail.Source src,
            ExistingRendition existing,
            Rendition r,
            RenditionDetail.Spec spec,
            RenditionDetail.Job job,
            long durationMs) {
        RenditionDetail.Output out =
                output(r, existing.at(), existing.contentType(), existing.width(), existing.height(), existing.bytes());
        return EventEnvelope.of(
                source,
                DetailTypes.RENDITION_COMPLETED,
                clock.instant(),
                new RenditionDetail(src, out, spec, job, durationMs, Boolean.TRUE, null, null));
    }

    /** "Rendition Skipped": nothing was written, for {@code reason} (e.g. {@link #SUPERSEDED}). */
    public EventEnvelope<RenditionDetail> skipped(
            RenditionDetail.Source src,
            OutputLocation at,
            Rendition r,
            RenditionDetail.Spec spec,
            RenditionDetail.Job job,
            long durationMs,
            String reason) {
        return EventEnvelope.of(
                source,
                DetailTypes.RENDITION_SKIPPED,
                clock.instant(),
                new RenditionDetail(src, unsized(r, at), spec, job, durationMs, null, reason, null));
    }

    public EventEnvelope<RenditionDetail> failed(
            RenditionDetail.Source src,
            OutputLocation at,
            Rendition r,
            RenditionDetail.Spec spec,
            RenditionDetail.Job job,
            long durationMs,
            RenditionException error) {
        RenditionDetail.Output out = unsized(r, at);
        RenditionDetail.Error e = new RenditionDetail.Error(error.code(), error.getMessage(), error.retryable());
        return EventEnvelope.of(
                source,
                DetailTypes.RENDITION_FAILED,
                clock.instant(),
                new RenditionDetail(src, out, spec, job, durationMs, null, null, e));
    }

    /** The rendition as a failed or skipped event names it: where it goes, without a size. */
    private static RenditionDetail.Output unsized(Rendition r, OutputLocation at) {
        return output(r, at, r.format().contentType(), null, null, null);
    }

    private static RenditionDetail.Output output(
            Rendition r, OutputLocation at, String contentType, Integer width, Integer height, Long bytes) {
        return new RenditionDetail.Output(
                r.name(),
                at.uri(),
                at.bucket(),
                at.key(),
                r.format().jsonName(),
                contentType,
                width,
                height,
                bytes,
                RenditionSpec.renditionHash(r));
    }
}
