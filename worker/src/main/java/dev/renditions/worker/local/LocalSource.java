package dev.renditions.worker.local;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.imaging.ImageSource;
import dev.renditions.worker.render.SourceInput;
import dev.renditions.worker.render.SourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** A source image given as a local path. Events name it by its absolute {@code file://} URI. */
public final class LocalSource implements SourceInput {
    private final Path path;

    public LocalSource(Path path) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
        if (this.path.getFileName() == null) {
            throw new UsageException("--source must name a file, found '" + path + "'");
        }
    }

    /** The file name, which is also the name of the folder its renditions go to. */
    public String fileName() {
        return path.getFileName().toString();
    }

    public Path path() {
        return path;
    }

    @Override
    public RenditionDetail.Source describe() {
        return RenditionDetail.Source.local(path.toUri().toString());
    }

    /** The file's size; a missing file is {@code SourceMissing}, a directory a usage error. */
    @Override
    public SourceState inspect() {
        checkNotDirectory();
        try {
            return new SourceState(describe(), Files.size(path), null, null);
        } catch (IOException e) {
            throw LocalFiles.sourceError(path, e);
        }
    }

    @Override
    public ImageSource fetch(SourceState state) {
        return fetch();
    }

    /** The file as an image source (no copy is made). */
    public ImageSource fetch() {
        checkNotDirectory();
        try {
            return new PathImageSource(path);
        } catch (IOException e) {
            throw LocalFiles.sourceError(path, e);
        }
    }

    private void checkNotDirectory() {
        if (Files.isDirectory(path)) {
            throw new UsageException("--source must be a file, found a directory: " + path);
        }
    }
}
