package dev.renditions.worker.local;

import dev.renditions.imaging.ImageSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** An image file on disk. The size is read once, when it is made. */
public final class PathImageSource implements ImageSource {
    private static final int BUFFER = 64 * 1024;

    private final Path path;
    private final long size;

    public PathImageSource(Path path) throws IOException {
        this.path = Objects.requireNonNull(path, "path");
        this.size = Files.size(path);
    }

    @Override
    public InputStream open() throws IOException {
        return new BufferedInputStream(Files.newInputStream(path), BUFFER);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    public Path path() {
        return path;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
