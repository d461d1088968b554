package dev.renditions.worker.local;

import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.OutputLocation;
import dev.renditions.worker.render.PartlyWrittenException;
import dev.renditions.worker.render.RenditionOutput;
import dev.renditions.worker.render.SourceState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes renditions to {@code <dir>/<source file name>/<rendition>.<ext>} (e.g. {@code out/cat.png/thumb.jpg}), so two
 * sources that differ only by extension never collide.
 *
 * <p>Each file is written to a hidden temporary file in the same folder ({@code .thumb.jpg.<random>.tmp}), forced to
 * disk, then renamed over the target atomically (a plain replacing move where the file system cannot rename
 * atomically). Every temporary file is written before the first rename, and on any failure every temporary file is
 * deleted, as is the folder if this call created it and it is empty: readers see a complete old file or a complete
 * new one, never a partial or empty one. A folder where a rendition's file should go is refused (a usage error) before
 * anything is written. Should a rename still fail after earlier ones succeeded, the failure is a
 * {@link PartlyWrittenException} naming the renditions already in place, so that they are reported as written.
 */
public final class LocalOutput implements RenditionOutput {
    /** Renames a written temporary file over its target; a seam for tests of a rename that fails. */
    interface Rename {
        void apply(Path from, Path to) throws IOException;
    }

    private final Path folder;
    private final Rename rename;

    /** {@code dir} is the {@code --output} folder; {@code sourceFileName} names the sub-folder for this source. */
    public LocalOutput(Path dir, String sourceFileName) {
        this(dir, sourceFileName, LocalOutput::move);
    }

    LocalOutput(Path dir, String sourceFileName, Rename rename) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(sourceFileName, "sourceFileName");
        this.folder = dir.toAbsolutePath().normalize().resolve(sourceFileName);
        this.rename = Objects.requireNonNull(rename, "rename");
    }

    /** The folder this source's renditions go to. */
    public Path folder() {
        return folder;
    }

    public Path pathOf(Rendition r) {
        return folder.resolve(r.fileName());
    }

    @Override
    public OutputLocation locate(Rendition rendition) {
        return OutputLocation.local(pathOf(rendition).toUri().toString());
    }

    /** Local files keep no record of their source: {@code source} is not used. */
    @Override
    public void writeAll(List<RenderResult> results, SourceState source) {
        writeAll(results);
    }

    public void writeAll(List<RenderResult> results) {
        boolean created = !Files.isDirectory(folder);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            Path blocker = blocker(folder);
            throw Files.isRegularFile(blocker) ? LocalFiles.notAFolder(blocker, e) : LocalFiles.outputError(folder, e);
        }
        List<Path> temps = new ArrayList<>();
        List<Rendition> moved = new ArrayList<>();
        Path current = folder;
        try {
            for (RenderResult r : results) {
                current = pathOf(r.rendition());
                if (Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    // no rename can replace it, and a retry will not either: refuse before anything is written
                    throw new UsageException(
                            UsageException.BAD_USAGE,
                            "cannot write " + current + ": a folder is in the way, expected a file or nothing");
                }
                Path tmp = folder.resolve("." + r.rendition().fileName() + "." + random() + ".tmp");
                temps.add(tmp);
                writeDurably(tmp, r.bytes());
            }
            for (int i = 0; i < results.size(); i++) {
                current = pathOf(results.get(i).rendition());
                rename.apply(temps.get(i), current);
                moved.add(results.get(i).rendition());
            }
        } catch (IOException e) {
            cleanUp(temps, created && moved.isEmpty());
            RenditionException failure = LocalFiles.outputError(current, e);
            // the renditions renamed into place before the failure are written: say so, so that they are reported
            throw moved.isEmpty() ? failure : new PartlyWrittenException(moved, failure);
        } catch (RuntimeException | Error e) {
            cleanUp(temps, created && moved.isEmpty());
            throw e;
        }
    }

    /** The nearest existing ancestor of {@code p} that is not a folder (what stops it being created), else p. */
    private static Path blocker(Path p) {
        for (Path a = p; a != null; a = a.getParent()) {
            if (Files.exists(a)) {
                return Files.isDirectory(a) ? p : a;
            }
        }
        return p;
    }

    private static void writeDurably(Path tmp, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void cleanUp(List<Path> temps, boolean removeFolderIfEmpty) {
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // best effort: nothing else can be done about a temp file that cannot be deleted
            }
        }
        if (removeFolderIfEmpty) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                if (!entries.iterator().hasNext()) {
                    Files.deleteIfExists(folder);
                }
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private static String random() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
