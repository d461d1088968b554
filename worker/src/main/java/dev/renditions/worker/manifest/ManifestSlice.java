package dev.renditions.worker.manifest;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.worker.backfill.ManifestCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The images one manifest child renders: lines {@code [child*K, child*K+K)} of a manifest ({@link ManifestCsv} lines,
 * counting only non-blank lines), each key decoded once.
 *
 * <p>{@link #read} streams: the manifest is downloaded to a temporary file (bounded memory, the SDK's retries) and read
 * line by line until the slice is complete; only the slice's K entries are held. Lines before the slice are counted,
 * not parsed. A malformed line inside the slice is a usage error (exit 2) raised before anything is rendered: the
 * manifest, not an image, is wrong.
 *
 * @param manifest where the manifest is
 * @param child the child's index i
 * @param imagesPerChild K
 * @param entries the slice, in manifest order; empty when the manifest ends before it
 * @param manifestImages the manifest's number of images when the slice is empty (it was read to the end), else -1
 */
public record ManifestSlice(
        S3Location manifest, int child, int imagesPerChild, List<ManifestCsv.Entry> entries, long manifestImages) {
    public ManifestSlice {
        Objects.requireNonNull(manifest, "manifest");
        if (child < 0 || imagesPerChild < 1) {
            throw new IllegalArgumentException("child " + child + ", imagesPerChild " + imagesPerChild);
        }
        entries = List.copyOf(entries);
    }

    /** The position in the manifest (0-based, blank lines not counted) of the slice's first image. */
    public long first() {
        return (long) child * imagesPerChild;
    }

    /**
     * Downloads {@code manifest} and reads child {@code child}'s slice of it.
     *
     * @param tempDir where the download goes; null: {@code java.io.tmpdir}
     * @throws UsageException when the manifest does not exist, is not UTF-8 or a line of the slice is malformed
     */
    public static ManifestSlice read(
            ObjectStore store, S3Location manifest, int child, int imagesPerChild, Path tempDir) {
        Path file = tempFile(manifest, tempDir);
        try {
            try {
                store.download(manifest, Pin.LATEST, file);
            } catch (InvalidInputException e) {
                throw new UsageException(
                        UsageException.BAD_USAGE,
                        "--manifest " + manifest.uri() + " does not exist (no such key, or no such bucket)",
                        e);
            }
            return slice(file, manifest, child, imagesPerChild);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: the temporary folder is the container's own
            }
        }
    }

    /** Reads child {@code child}'s slice from a manifest already on disk. */
    static ManifestSlice slice(Path file, S3Location manifest, int child, int imagesPerChild) {
        long first = (long) child * imagesPerChild;
        long end = first + imagesPerChild;
        List<ManifestCsv.Entry> entries = new ArrayList<>();
        long images = 0;
        long lineNumber = 0;
        try (BufferedReader in = utf8(file)) {
            String line;
            while (images < end && (line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // a byte order mark, as spreadsheet programs write
                }
                if (line.isBlank()) {
                    continue;
                }
                if (images >= first) {
                    entries.add(parse(manifest, lineNumber, line.strip()));
                }
                images++;
            }
        } catch (CharacterCodingException e) {
            throw new UsageException(
                    UsageException.BAD_USAGE,
                    "--manifest " + manifest.uri() + " is not UTF-8 text (after line " + lineNumber + ")",
                    e);
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.IO_ERROR,
                    "cannot read the downloaded manifest " + manifest.uri() + ": " + e.getMessage(),
                    e);
        }
        return new ManifestSlice(manifest, child, imagesPerChild, entries, entries.isEmpty() ? images : -1);
    }

    private static ManifestCsv.Entry parse(S3Location manifest, long lineNumber, String line) {
        try {
            return ManifestCsv.parse(line);
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    UsageException.BAD_USAGE,
                    "--manifest " + manifest.uri() + " line " + lineNumber + ": " + e.getMessage()
                            + " (expected bucket,key[,versionId] with the key URL-encoded)",
                    e);
        }
    }

    private static BufferedReader utf8(Path file) throws IOException {
        Reader r = new java.io.InputStreamReader(
                Files.newInputStream(file),
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new BufferedReader(r, 64 * 1024);
    }

    private static Path tempFile(S3Location manifest, Path tempDir) {
        try {
            return tempDir == null
                    ? Files.createTempFile("renditions-manifest-", ".csv")
                    : Files.createTempFile(tempDir, "renditions-manifest-", ".csv");
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.IO_ERROR,
                    "cannot create a temporary file for --manifest " + manifest.uri() + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
    }
}
