package dev.renditions.dispatcher;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecException;
import dev.renditions.core.spec.SpecParser;
import java.nio.charset.StandardCharsets;

/** Loads the rendition spec once per container: the bundled default, or the JSON at {@code SPEC_URI}. */
final class SpecLoader {
    /** Specs are small; anything larger is a mistake (a wrong key). */
    static final int MAX_SPEC_BYTES = 1024 * 1024;

    private SpecLoader() {}

    static RenditionSpec load(DispatcherConfig config, ObjectStore store) {
        S3Location uri = config.specUri();
        if (uri == null) {
            return SpecParser.defaultSpec();
        }
        byte[] bytes;
        try {
            bytes = store.readHead(uri, Pin.LATEST, MAX_SPEC_BYTES + 1);
        } catch (InvalidInputException e) {
            throw new UsageException(
                    UsageException.INVALID_SPEC,
                    "dispatcher configuration: SPEC_URI " + uri + " cannot be read: " + e.getMessage(),
                    e);
        }
        if (bytes.length > MAX_SPEC_BYTES) {
            throw new UsageException(
                    UsageException.INVALID_SPEC,
                    "dispatcher configuration: SPEC_URI " + uri + " is larger than " + MAX_SPEC_BYTES
                            + " bytes; is it a spec?");
        }
        try {
            return SpecParser.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (SpecException e) {
            throw new UsageException(
                    UsageException.INVALID_SPEC,
                    "dispatcher configuration: SPEC_URI " + uri + ": " + e.getMessage(),
                    e);
        }
    }
}
