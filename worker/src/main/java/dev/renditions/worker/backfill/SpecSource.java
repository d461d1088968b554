package dev.renditions.worker.backfill;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecException;
import dev.renditions.core.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The spec a backfill plans with, and the {@code spec} job parameter its workers get: {@code default} (the spec
 * bundled in the worker) or an {@code s3://} URI, which the planner reads too. A local file is accepted for a dry run
 * only, since the workers on AWS Batch cannot read it.
 */
public record SpecSource(RenditionSpec spec, String parameter, boolean local) {
    public static final String DEFAULT = "default";
    static final long MAX_SPEC_BYTES = 1024 * 1024;

    public static SpecSource load(String ref, ObjectStore store) {
        if (ref == null || ref.isBlank() || DEFAULT.equals(ref.strip())) {
            return new SpecSource(SpecParser.defaultSpec(), DEFAULT, false);
        }
        String json;
        boolean local = !S3Location.isS3(ref);
        if (!local) {
            S3Location at;
            try {
                at = S3Location.parse(ref);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--spec: " + e.getMessage());
            }
            json = readS3(at, store);
        } else {
            json = readFile(ref);
        }
        try {
            return new SpecSource(SpecParser.parse(json), ref, local);
        } catch (SpecException e) {
            throw new UsageException(UsageException.INVALID_SPEC, ref + ": " + e.getMessage(), e);
        }
    }

    private static String readS3(S3Location at, ObjectStore store) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("spec-", ".json");
            store.download(at, Pin.LATEST, tmp);
            if (Files.size(tmp) > MAX_SPEC_BYTES) {
                throw new UsageException(UsageException.INVALID_SPEC, "--spec " + at.uri() + " is over 1 MiB");
            }
            return Files.readString(tmp, StandardCharsets.UTF_8);
        } catch (InvalidInputException e) {
            throw new UsageException("--spec " + at.uri() + ": no such object");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temporary
                }
            }
        }
    }

    private static String readFile(String ref) {
        try {
            Path p = Path.of(ref);
            if (Files.size(p) > MAX_SPEC_BYTES) {
                throw new UsageException(UsageException.INVALID_SPEC, "--spec " + ref + " is over 1 MiB");
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--spec file not found: " + ref);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new UsageException("cannot read --spec " + ref + ": " + e.getMessage());
        }
    }
}
