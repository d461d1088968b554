package dev.renditions.worker.local;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.imaging.ImageSource;
import dev.renditions.worker.render.SourceInput;
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

    @Override
    public ImageSource fetch() {
        if (Files.isDirectory(path)) {
            throw new UsageException("--source must be a file, found a directory: " + path);
        }
        try {
            return new PathImageSource(path);
        } catch (IOException e) {
            throw LocalFiles.sourceError(path, e);
        }
    }
}
