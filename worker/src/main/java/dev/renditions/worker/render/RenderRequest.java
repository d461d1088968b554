package dev.renditions.worker.render;

import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of {@code render}: a source, the spec and which of its renditions, where they go, and what the events say
 * about the job.
 *
 * @param specUri where the spec came from ({@code file://...}, {@code s3://...}), or null for the bundled default
 * @param job the AWS Batch job, or null outside Batch
 * @param startedAt when the command started; {@code durationMs} in events counts from here
 * @param force render even the renditions that are already up to date
 */
public record RenderRequest(
        SourceInput source,
        RenditionSpec spec,
        String specUri,
        List<Rendition> renditions,
        RenditionOutput output,
        RenditionDetail.Job job,
        Instant startedAt,
        boolean force) {
    public RenderRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(startedAt, "startedAt");
        renditions = List.copyOf(renditions);
        if (renditions.isEmpty()) {
            throw new IllegalArgumentException("expected at least one rendition");
        }
    }

    public RenditionDetail.Spec specDetail() {
        return new RenditionDetail.Spec(spec.hash(), specUri);
    }
}
