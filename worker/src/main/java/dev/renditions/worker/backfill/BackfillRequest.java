package dev.renditions.worker.backfill;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.spec.RenditionSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Everything a backfill is planned from. The {@link #planId()} is derived from all of it except pacing, so running
 * the same backfill again finds its earlier plan instead of submitting a second one.
 *
 * @param filter the filter as given; {@link #effectiveFilter()} adds the excluded prefixes
 * @param specParameter the {@code spec} job parameter: {@code default} or an {@code s3://} URI the workers can read
 * @param output where renditions go, {@code s3://bucket/prefix}
 * @param markerPrefix the dispatcher's marker prefix in the output bucket (excluded from sources), or null
 * @param manifestPrefix where plans are written: {@code <manifestPrefix><plan id>/...}; ends with {@code /}
 * @param staleBefore with {@code onlyMissing}: rendition files older than this count as missing; or null
 * @param label free text that is part of the plan id: a new label runs the same backfill again; or null
 * @param inputPrefix the prefix the upload rule watches in a source bucket (empty: all of it): the output must stay out
 *     of it there, as the children's {@code OutputGuard} demands
 */
public record BackfillRequest(
        SourceSelection source,
        SourceFilter filter,
        RenditionSpec spec,
        String specParameter,
        S3Location output,
        String markerPrefix,
        S3Location manifestPrefix,
        String jobQueue,
        String jobDefinition,
        Chunking chunking,
        boolean onlyMissing,
        Instant staleBefore,
        String label,
        String inputPrefix) {

    public BackfillRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(specParameter, "specParameter");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(manifestPrefix, "manifestPrefix");
        Objects.requireNonNull(chunking, "chunking");
        Objects.requireNonNull(inputPrefix, "inputPrefix");
        jobQueue = required(jobQueue, "--job-queue (or JOB_QUEUE)");
        jobDefinition = required(jobDefinition, "--job-definition (or BACKFILL_JOB_DEFINITION)");
        if (!manifestPrefix.key().isEmpty() && !manifestPrefix.key().endsWith("/")) {
            manifestPrefix = new S3Location(manifestPrefix.bucket(), manifestPrefix.key() + "/");
        }
        if (markerPrefix != null && markerPrefix.isEmpty()) {
            markerPrefix = null;
        }
        if (staleBefore != null && !onlyMissing) {
            throw new UsageException("--stale-before applies only with --only-missing");
        }
        if (label != null && label.isBlank()) {
            label = null;
        }
        if (source instanceof SourceSelection.Listing l
                && l.bucket().equals(output.bucket())
                && l.prefix().startsWith(output.key())) {
            throw new UsageException("the source " + l.describe() + " lies inside the output prefix " + output.uri()
                    + ": every object there is a rendition");
        }
    }

    /** The filter with the output prefix, the marker prefix and the manifest prefix excluded. */
    public SourceFilter effectiveFilter() {
        List<S3Location> excluded = new ArrayList<>(filter.excluded());
        excluded.add(output);
        if (markerPrefix != null) {
            excluded.add(new S3Location(output.bucket(), markerPrefix));
        }
        excluded.add(manifestPrefix);
        return filter.withExcluded(excluded);
    }

    /** 16 hex digits of the SHA-256 of every input that changes what the plan selects and submits. */
    public String planId() {
        SourceFilter f = filter;
        StringBuilder sb = new StringBuilder("backfill;v=1")
                .append("\nsource=")
                .append(source.canonical())
                .append("\nsuffixes=")
                .append(String.join(",", new java.util.TreeSet<>(f.suffixes())))
                .append("\nsize=")
                .append(f.minSize())
                .append("..")
                .append(f.maxSize())
                .append("\nmodified=")
                .append(f.modifiedAfter())
                .append("..")
                .append(f.modifiedBefore())
                .append("\nexcluded=")
                .append(f.excluded())
                .append("\nspec=")
                .append(spec.hash())
                .append(' ')
                .append(specParameter)
                .append("\noutput=")
                .append(output.uri())
                .append("\nmarkers=")
                .append(markerPrefix)
                .append("\nqueue=")
                .append(jobQueue)
                .append("\ndefinition=")
                .append(jobDefinition)
                .append("\nimagesPerChild=")
                .append(chunking.imagesPerChild())
                .append("\nmaxArraySize=")
                .append(chunking.maxArraySize())
                .append("\nonlyMissing=")
                .append(onlyMissing)
                .append(' ')
                .append(staleBefore)
                .append("\nlabel=")
                .append(label);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public PlanLayout layout() {
        return new PlanLayout(manifestPrefix, planId());
    }

    private static String required(String v, String what) {
        if (v == null || v.isBlank()) {
            throw new UsageException(UsageException.MISSING_PARAMETER, what + " is required");
        }
        return v.strip();
    }
}
