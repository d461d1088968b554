package dev.renditions.worker.cli;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecException;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.CloudServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --spec FILE|s3://bucket/key|default}: the rendition spec. */
public final class SpecOptions {
    /** The value that selects the spec bundled in the worker. */
    public static final String DEFAULT = "default";

    static final long MAX_SPEC_BYTES = 1024 * 1024;

    @Option(
            names = "--spec",
            paramLabel = "FILE|s3://BUCKET/KEY|default",
            defaultValue = DEFAULT,
            description = "Rendition spec (JSON, version 1): a file, an S3 object, or 'default' for the bundled spec"
                    + " (thumb, web, large). Default: ${DEFAULT-VALUE}.")
    String spec = DEFAULT;

    /** A spec and where it came from ({@code uri} null for the bundled one). */
    public record Loaded(RenditionSpec spec, String uri) {}

    /**
     * Loads and validates the spec; S3 specs are read through {@code cloud}. A missing, unreadable or invalid spec is
     * a {@link UsageException} (exit 2); throttling or a 5xx reading it from S3 is transient (exit 1).
     */
    public Loaded load(CloudServices cloud) {
        return load(spec, cloud);
    }

    static Loaded load(String ref, CloudServices cloud) {
        if (ref == null || ref.isBlank() || DEFAULT.equals(ref)) {
            return new Loaded(SpecParser.defaultSpec(), null);
        }
        if (S3Location.isS3(ref)) {
            return fromS3(ref, cloud.objectStore());
        }
        Path file = Path.of(ref).toAbsolutePath().normalize();
        String json;
        try {
            if (Files.isDirectory(file)) {
                throw new UsageException("--spec must be a JSON file or 'default', found a directory: " + ref);
            }
            checkSize(ref, Files.size(file));
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(UsageException.BAD_USAGE, "--spec file not found: " + ref, e);
        } catch (IOException e) {
            throw new UsageException(UsageException.BAD_USAGE, "cannot read --spec " + ref + ": " + e, e);
        }
        return parse(ref, json, file.toUri().toString());
    }

    private static Loaded fromS3(String ref, ObjectStore store) {
        S3Location at = RenderCommand.s3("--spec", ref);
        if (at.key().isEmpty()) {
            throw new UsageException("--spec " + ref + " must name an object: s3://bucket/key");
        }
        ObjectMeta head = store.head(at).orElseThrow(() -> notFound(ref, null));
        checkSize(ref, head.size());
        Path tmp = null;
        try {
            tmp = Files.createTempFile("renditions-spec-", ".json");
            store.download(at, new Pin(null, head.etag()), tmp);
            return parse(ref, Files.readString(tmp, StandardCharsets.UTF_8), at.uri());
        } catch (InvalidInputException e) {
            throw notFound(ref, e);
        } catch (dev.renditions.core.ports.SourceChangedException e) {
            throw new TransientException(
                    TransientException.IO_ERROR, "--spec " + ref + " changed while it was being read; retry", e);
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.IO_ERROR, "cannot read --spec " + ref + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static UsageException notFound(String ref, Throwable cause) {
        return new UsageException(UsageException.BAD_USAGE, "--spec object not found: " + ref, cause);
    }

    private static void checkSize(String ref, long size) {
        if (size > MAX_SPEC_BYTES) {
            throw new UsageException(
                    UsageException.INVALID_SPEC,
                    "--spec " + ref + " is " + size + " bytes; a spec is expected to be at most " + MAX_SPEC_BYTES);
        }
    }

    private static Loaded parse(String ref, String json, String uri) {
        try {
            return new Loaded(SpecParser.parse(json), uri);
        } catch (SpecException e) {
            throw new UsageException(UsageException.INVALID_SPEC, ref + ": " + e.getMessage(), e);
        }
    }
}
