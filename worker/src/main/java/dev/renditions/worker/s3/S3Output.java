package dev.renditions.worker.s3;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.ObjectStore;
import dev.renditions.core.ports.PutOptions;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.ExistingRendition;
import dev.renditions.worker.render.OutputLocation;
import dev.renditions.worker.render.PartlyWrittenException;
import dev.renditions.worker.render.RenditionOutput;
import dev.renditions.worker.render.SourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes renditions to {@code <prefix><source key>/<rendition>.<ext>} in a bucket ({@link OutputKeys}).
 *
 * <p>Each rendition is one PUT of the complete encoded bytes (from a temporary file), with its Content-Type, the
 * configured Cache-Control, a SHA-256 checksum S3 verifies before storing (sent by {@code S3ObjectStore}) and the
 * user metadata of {@link RenditionMetadata}. A PUT is atomic in S3: readers see the old object or the new one,
 * never a partial one, and a failed PUT stores nothing.
 */
public final class S3Output implements RenditionOutput {
    private final ObjectStore store;
    private final S3Location prefix;
    private final S3Location source;
    private final String specHash;
    private final String cacheControl;
    private final Path tempDir;

    /**
     * @param prefix the output bucket and key prefix ({@code --output s3://bucket/prefix})
     * @param source the source object, whose key names the folder
     * @param cacheControl the Cache-Control of every rendition, or null for none
     * @param tempDir where the bodies are staged; null: {@code java.io.tmpdir}
     */
    public S3Output(
            ObjectStore store,
            S3Location prefix,
            S3Location source,
            String specHash,
            String cacheControl,
            Path tempDir) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.source = Objects.requireNonNull(source, "source");
        this.specHash = Objects.requireNonNull(specHash, "specHash");
        this.cacheControl = cacheControl;
        this.tempDir = tempDir;
        try {
            OutputKeys.folder(prefix.key(), source.key());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--output " + prefix.uri() + ": " + e.getMessage());
        }
    }

    /** The folder (key prefix) that holds every rendition of this source. */
    public S3Location folder() {
        return new S3Location(prefix.bucket(), OutputKeys.folder(prefix.key(), source.key()));
    }

    public S3Location target(Rendition r) {
        return new S3Location(prefix.bucket(), OutputKeys.key(prefix.key(), source.key(), r));
    }

    @Override
    public OutputLocation locate(Rendition rendition) {
        S3Location t = target(rendition);
        return new OutputLocation(t.uri(), t.bucket(), t.key());
    }

    @Override
    public Optional<ExistingRendition> upToDate(Rendition rendition, SourceState state) {
        S3Location t = target(rendition);
        Optional<ObjectMeta> head = store.head(t);
        if (head.isEmpty() || !RenditionMetadata.upToDate(head.get(), rendition, source, state)) {
            return Optional.empty();
        }
        ObjectMeta m = head.get();
        return Optional.of(new ExistingRendition(
                locate(rendition),
                m.contentType() == null ? rendition.format().contentType() : m.contentType(),
                RenditionMetadata.dimension(m.metadata().get(RenditionMetadata.WIDTH)),
                RenditionMetadata.dimension(m.metadata().get(RenditionMetadata.HEIGHT)),
                m.size()));
    }

    @Override
    public void writeAll(List<RenderResult> results, SourceState state) {
        List<Rendition> written = new ArrayList<>();
        for (RenderResult r : results) {
            try {
                put(r, state);
            } catch (RuntimeException e) {
                if (written.isEmpty()) {
                    throw e;
                }
                throw new PartlyWrittenException(written, e);
            }
            written.add(r.rendition());
        }
    }

    private void put(RenderResult r, SourceState state) {
        S3Location t = target(r.rendition());
        PutOptions options =
                new PutOptions(r.contentType(), cacheControl, RenditionMetadata.of(r, source, state, specHash));
        Path body = null;
        try {
            body = tempDir == null
                    ? Files.createTempFile("renditions-out-", ".tmp")
                    : Files.createTempFile(tempDir, "renditions-out-", ".tmp");
            Files.write(body, r.bytes());
            store.put(t, body, options);
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.IO_ERROR,
                    "cannot stage " + r.rendition().name() + " for " + t.uri() + ": " + e.getMessage(),
                    e);
        } finally {
            if (body != null) {
                try {
                    Files.deleteIfExists(body);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
