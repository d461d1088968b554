package dev.renditions.worker.s3;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.errors.TransientException;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.SourceChangedException;
import dev.renditions.imaging.ImageSource;
import dev.renditions.worker.render.SourceInput;
import dev.renditions.worker.render.SourceState;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A source image in S3, pinned to the version and/or ETag its upload event named.
 *
 * <p>{@link #inspect} HEADs the key's current object: none is {@code SourceMissing}; one whose version id or ETag
 * differs from the pin is superseded ({@link SourceChangedException}: it was overwritten and its own upload event
 * follows). A pinned version that is not the current one is superseded too, even though S3 still has it: its
 * renditions would overwrite those of the newer object at the same keys.
 *
 * <p>{@link #fetch} streams exactly the object the HEAD saw ({@code If-Match} its ETag) to a temporary file, with
 * bounded memory; an overwrite in between answers 412 and is superseded as well. {@link #close} deletes the file.
 */
public final class S3Source implements SourceInput {
    private final ObjectStore store;
    private final S3Location location;
    private final Pin pin;
    private final Path tempDir;
    private Path downloaded;

    /** @param tempDir where the download goes; null: the JVM's temporary folder ({@code java.io.tmpdir}) */
    public S3Source(ObjectStore store, S3Location location, Pin pin, Path tempDir) {
        this.store = Objects.requireNonNull(store, "store");
        this.location = Objects.requireNonNull(location, "location");
        this.pin = pin == null ? Pin.LATEST : pin;
        this.tempDir = tempDir;
    }

    public S3Location location() {
        return location;
    }

    @Override
    public RenditionDetail.Source describe() {
        return detail(pin.versionId(), pin.etag());
    }

    @Override
    public SourceState inspect() {
        ObjectMeta head = store.head(location)
                .orElseThrow(() -> new InvalidInputException(
                        InvalidInputException.SOURCE_MISSING,
                        location.uri() + " does not exist (no such key, or no such bucket)"));
        String version = versionOf(head);
        if (pin.versionId() != null && !pin.versionId().equals(version)) {
            throw new SourceChangedException(
                    location.uri() + " is now version " + (version == null ? "(none)" : version) + ", not the pinned "
                            + pin.versionId() + ": it was overwritten");
        }
        if (pin.etag() != null && head.etag() != null && !pin.etag().equals(head.etag())) {
            throw new SourceChangedException(location.uri() + " now has ETag " + head.etag() + ", not the pinned "
                    + pin.etag() + ": it was overwritten");
        }
        return new SourceState(detail(version, head.etag()), head.size(), version, head.etag());
    }

    @Override
    public ImageSource fetch(SourceState state) {
        Objects.requireNonNull(state, "state");
        Path target = newTempFile();
        downloaded = target;
        // the exact object inspect() saw: by ETag when there is one (an overwrite then answers 412), else by version
        String etag = state.etag() != null ? state.etag() : pin.etag();
        Pin exact = etag != null ? new Pin(null, etag) : new Pin(state.versionId(), null);
        ObjectMeta got = store.download(location, exact, target);
        if (got.versionId() != null
                && state.versionId() != null
                && !state.versionId().equals(versionOf(got))) {
            throw new SourceChangedException(
                    location.uri() + " changed to version " + got.versionId() + " while it was being read");
        }
        return new Downloaded(target, got.size(), location.uri());
    }

    @Override
    public void close() {
        if (downloaded != null) {
            try {
                Files.deleteIfExists(downloaded);
            } catch (IOException ignored) {
                // best effort: the temporary folder is the container's own
            }
            downloaded = null;
        }
    }

    private RenditionDetail.Source detail(String versionId, String etag) {
        return new RenditionDetail.Source(location.uri(), location.bucket(), location.key(), versionId, etag);
    }

    /** Version ids as pins see them: S3 reports objects written while versioning was off as version "null". */
    private static String versionOf(ObjectMeta m) {
        return new Pin(m.versionId(), null).versionId();
    }

    private Path newTempFile() {
        try {
            return tempDir == null
                    ? Files.createTempFile("renditions-source-", ".tmp")
                    : Files.createTempFile(tempDir, "renditions-source-", ".tmp");
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.IO_ERROR,
                    "cannot create a temporary file for " + location.uri() + ": " + e.getMessage(),
                    e);
        }
    }

    /** The downloaded file, named by its S3 URI in messages. */
    private record Downloaded(Path file, long size, String name) implements ImageSource {
        @Override
        public InputStream open() throws IOException {
            return new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        }
    }
}
