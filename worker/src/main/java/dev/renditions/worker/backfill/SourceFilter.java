package dev.renditions.worker.backfill;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.S3Location;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which listed objects are backfill sources: an image suffix (any case), a size in {@code [minSize, maxSize]} (an
 * empty object never), last modified in {@code [modifiedAfter, modifiedBefore)}, the current version, not archived,
 * and not under any of the {@code excluded} prefixes (the output prefix, the dispatcher's markers, the plan files).
 * A size or date the source does not report passes (the worker checks the real object again).
 *
 * @param suffixes lower case, each starting with a dot
 * @param modifiedAfter inclusive; null for no bound
 * @param modifiedBefore exclusive; null for no bound
 */
public record SourceFilter(
        Set<String> suffixes,
        long minSize,
        long maxSize,
        Instant modifiedAfter,
        Instant modifiedBefore,
        List<S3Location> excluded) {

    /** The formats the worker decodes (see {@code ImageFormat#supported()}), by their usual file suffixes. */
    public static final Set<String> IMAGE_SUFFIXES =
            Set.of(".jpg", ".jpeg", ".jpe", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".psd");

    /** S3 storage classes whose objects cannot be read before a restore. */
    static final Set<String> ARCHIVED_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");

    public SourceFilter {
        Objects.requireNonNull(suffixes, "suffixes");
        if (suffixes.isEmpty()) {
            throw new UsageException("--suffixes must name at least one suffix, e.g. .jpg");
        }
        suffixes = Set.copyOf(
                new TreeSet<>(suffixes.stream().map(SourceFilter::suffix).toList()));
        if (minSize < 1) {
            throw new UsageException(
                    "--min-size must be at least 1 byte (empty objects are never images), found " + minSize);
        }
        if (maxSize < minSize) {
            throw new UsageException("--max-size (" + maxSize + ") must be at least --min-size (" + minSize + ")");
        }
        if (modifiedAfter != null && modifiedBefore != null && !modifiedAfter.isBefore(modifiedBefore)) {
            throw new UsageException("--modified-after (" + modifiedAfter + ") must be before --modified-before ("
                    + modifiedBefore + ")");
        }
        excluded = List.copyOf(excluded == null ? List.of() : excluded);
    }

    /** The default suffixes, sizes 1 byte to {@code maxBytes}, any date, nothing excluded. */
    public static SourceFilter images(long maxBytes) {
        return new SourceFilter(IMAGE_SUFFIXES, 1, maxBytes, null, null, List.of());
    }

    public SourceFilter withExcluded(List<S3Location> prefixes) {
        return new SourceFilter(suffixes, minSize, maxSize, modifiedAfter, modifiedBefore, prefixes);
    }

    public Verdict test(Candidate c) {
        for (S3Location x : excluded) {
            if (x.bucket().equals(c.bucket()) && OutputKeys.isUnder(c.key(), x.key())) {
                return Verdict.EXCLUDED_PREFIX;
            }
        }
        if (!c.latest() || c.deleteMarker()) {
            return Verdict.NOT_CURRENT;
        }
        if (!hasImageSuffix(c.key())) {
            return Verdict.NOT_IMAGE;
        }
        if (c.size() == 0) {
            return Verdict.EMPTY;
        }
        if (c.size() > 0 && c.size() < minSize) {
            return Verdict.TOO_SMALL;
        }
        if (c.size() > maxSize) {
            return Verdict.TOO_LARGE;
        }
        Instant t = c.lastModified();
        if (t != null
                && ((modifiedAfter != null && t.isBefore(modifiedAfter))
                        || (modifiedBefore != null && !t.isBefore(modifiedBefore)))) {
            return Verdict.OUT_OF_DATE_RANGE;
        }
        if (c.storageClass() != null && ARCHIVED_CLASSES.contains(c.storageClass())) {
            return Verdict.ARCHIVED;
        }
        return Verdict.SELECTED;
    }

    boolean hasImageSuffix(String key) {
        if (key.endsWith("/")) {
            return false; // a "folder" placeholder
        }
        String lower = key.toLowerCase(Locale.ROOT);
        for (String s : suffixes) {
            if (lower.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code JPG}, {@code .jpg} and {@code .JPG} all mean {@code .jpg}. */
    static String suffix(String s) {
        String t = Objects.requireNonNull(s, "suffix").strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals(".") || t.contains("/")) {
            throw new UsageException("--suffixes: expected suffixes like .jpg or png, found '" + s + "'");
        }
        return t.startsWith(".") ? t : "." + t;
    }
}
