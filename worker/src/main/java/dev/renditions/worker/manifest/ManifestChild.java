package dev.renditions.worker.manifest;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.Failures;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.worker.backfill.ManifestCsv;
import dev.renditions.worker.render.Log;
import dev.renditions.worker.render.RenderOutcome;
import dev.renditions.worker.render.RenderRequest;
import dev.renditions.worker.render.RenderTask;
import dev.renditions.worker.s3.OutputGuard;
import dev.renditions.worker.s3.S3Output;
import dev.renditions.worker.s3.S3Source;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a manifest child's slice: every rendition of each image, one image after the other, each through the same
 * {@link RenderTask} a single {@code render --source s3://...} uses (HEAD of the source, HEAD of each target and skip
 * when up to date, one decode for all renditions, metadata, events).
 *
 * <p>Failures are per image: an invalid image (exit-3 class) has announced its "Rendition Failed" events and the child
 * goes on; a transient one (exit-1 class) too, and the child's summary then asks for a retry (the retry skips what is
 * up to date). A usage or configuration error (exit-2 class: access denied, unsafe output) stops the child at once:
 * every image would fail the same way. The output guard and key layout are checked for the whole slice before the
 * first image is rendered.
 */
public final class ManifestChild {
    private final ObjectStore store;
    private final RenderTask task;
    private final Clock clock;
    private final Log log;

    public ManifestChild(ObjectStore store, RenderTask task, Clock clock, Log log) {
        this.store = Objects.requireNonNull(store, "store");
        this.task = Objects.requireNonNull(task, "task");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * What every image of the slice is rendered with.
     *
     * @param output the output bucket and prefix
     * @param specUri where the spec came from, or null for the bundled one
     * @param cacheControl Cache-Control of every rendition
     * @param inputPrefix the watched input prefix, for the output guard
     * @param job the AWS Batch job, or null outside Batch
     * @param tempDir where sources and bodies are staged; null: {@code java.io.tmpdir}
     */
    public record Settings(
            S3Location output,
            RenditionSpec spec,
            String specUri,
            String cacheControl,
            String inputPrefix,
            RenditionDetail.Job job,
            boolean force,
            Path tempDir) {
        public Settings {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * Renders the slice and returns what happened; the caller logs {@link ManifestSummary#line()} and exits with
     * {@link ManifestSummary#exitCode()}. Throws the classified usage error that stopped the child, if any, after
     * logging the summary of what was done before it.
     */
    public ManifestSummary render(ManifestSlice slice, Settings s) {
        List<S3Output> outputs = new ArrayList<>();
        for (ManifestCsv.Entry e : slice.entries()) {
            OutputGuard.check(e.location(), s.output(), s.inputPrefix());
            outputs.add(new S3Output(store, s.output(), e.location(), s.spec().hash(), s.cacheControl(), s.tempDir()));
        }
        ManifestSummary.Builder summary = new ManifestSummary.Builder(slice);
        try {
            for (int i = 0; i < slice.entries().size(); i++) {
                ManifestCsv.Entry e = slice.entries().get(i);
                long position = slice.first() + i;
                renderOne(position, e, outputs.get(i), s, summary);
            }
        } finally {
            log.info(summary.build().line());
        }
        return summary.build();
    }

    private void renderOne(
            long position, ManifestCsv.Entry e, S3Output output, Settings s, ManifestSummary.Builder sum) {
        S3Location source = e.location();
        log.debug(
                "image " + position + ": " + source.uri() + (e.versionId() == null ? "" : " version " + e.versionId()));
        try (S3Source src = new S3Source(store, source, new Pin(e.versionId(), null), s.tempDir())) {
            RenderOutcome outcome = task.run(new RenderRequest(
                    src, s.spec(), s.specUri(), s.spec().renditions(), output, s.job(), clock.instant(), s.force()));
            if (outcome.written().isEmpty()) {
                sum.skipped();
            } else {
                sum.rendered();
            }
        } catch (RuntimeException | Error t) {
            RenditionException failure = Failures.classify(t);
            switch (failure.exitCode()) {
                case ExitCodes.USAGE -> {
                    sum.stopped(position);
                    throw failure;
                }
                case ExitCodes.INVALID_INPUT -> {
                    sum.failed();
                    log.info("image " + position + " " + source.uri() + " failed (" + failure.code()
                            + ", not retryable): " + Failures.describe(failure));
                }
                default -> {
                    sum.transientFailure(failure);
                    log.info("image " + position + " " + source.uri() + " failed (" + failure.code()
                            + ", retryable: the child exits 1 at the end): " + Failures.describe(failure));
                }
            }
        }
    }
}
