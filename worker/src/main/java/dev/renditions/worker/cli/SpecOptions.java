package dev.renditions.worker.cli;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecException;
import dev.renditions.core.spec.SpecParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --spec FILE|default}: the rendition spec. */
public final class SpecOptions {
    /** The value that selects the spec bundled in the worker. */
    public static final String DEFAULT = "default";

    static final long MAX_SPEC_BYTES = 1024 * 1024;

    @Option(
            names = "--spec",
            paramLabel = "FILE|default",
            defaultValue = DEFAULT,
            description = "Rendition spec (JSON, version 1): a file, or 'default' for the bundled spec"
                    + " (thumb, web, large). Default: ${DEFAULT-VALUE}.")
    String spec = DEFAULT;

    /** A spec and where it came from ({@code uri} null for the bundled one). */
    public record Loaded(RenditionSpec spec, String uri) {}

    /** Loads and validates the spec; every problem is a {@link UsageException} (exit 2). */
    public Loaded load() {
        return load(spec);
    }

    static Loaded load(String ref) {
        if (ref == null || ref.isBlank() || DEFAULT.equals(ref)) {
            return new Loaded(SpecParser.defaultSpec(), null);
        }
        if (S3Location.isS3(ref)) {
            throw new UsageException("--spec " + ref + ": specs in S3 are not supported by this build yet;"
                    + " give a local file or 'default'");
        }
        Path file = Path.of(ref).toAbsolutePath().normalize();
        String json;
        try {
            if (Files.isDirectory(file)) {
                throw new UsageException("--spec must be a JSON file or 'default', found a directory: " + ref);
            }
            long size = Files.size(file);
            if (size > MAX_SPEC_BYTES) {
                throw new UsageException(
                        UsageException.INVALID_SPEC,
                        "--spec " + ref + " is " + size + " bytes; a spec is expected to be at most " + MAX_SPEC_BYTES);
            }
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(UsageException.BAD_USAGE, "--spec file not found: " + ref, e);
        } catch (IOException e) {
            throw new UsageException(UsageException.BAD_USAGE, "cannot read --spec " + ref + ": " + e, e);
        }
        try {
            return new Loaded(SpecParser.parse(json), file.toUri().toString());
        } catch (SpecException e) {
            throw new UsageException(UsageException.INVALID_SPEC, ref + ": " + e.getMessage(), e);
        }
    }
}
