package dev.renditions.worker.local;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.RenditionDetail;
import dev.renditions.imaging.ImageSource;
import dev.renditions.worker.render.SourceInput;
import dev.renditions.worker.render.SourceState;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

    /**
     * The file's size; a missing file is {@code SourceMissing}, a directory or a file this user may not read a usage
     * error. The size is read from an open channel: opening is what proves the file readable (its size alone does not
     * need read permission).
     */
    @Override
    public SourceState inspect() {
        checkRegularFile();
        try (SeekableByteChannel ch = Files.newByteChannel(path)) {
            return new SourceState(describe(), ch.size(), null, null);
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
        checkRegularFile();
        try {
            return new PathImageSource(path);
        } catch (IOException e) {
            throw LocalFiles.sourceError(path, e);
        }
    }

    /** A directory, FIFO, socket or device is a usage error; opening a FIFO would block until a writer comes. */
    private void checkRegularFile() {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw LocalFiles.sourceError(path, e);
        }
        if (a.isDirectory()) {
            throw new UsageException("the source must be a file, found a directory: " + path);
        }
        if (!a.isRegularFile()) {
            throw new UsageException(
                    "the source must be a regular file, found a special file (a FIFO, socket or device): " + path);
        }
    }
}
