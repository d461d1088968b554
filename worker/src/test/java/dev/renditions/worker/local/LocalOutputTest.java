package dev.renditions.worker.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.RenditionException;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import dev.renditions.imaging.RenderResult;
import dev.renditions.worker.render.PartlyWrittenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOutputTest {
    @TempDir
    Path dir;

    private static final Rendition THUMB = Rendition.of("thumb", 320, 320, Fit.COVER);
    private static final Rendition WEB = Rendition.of("web", 1280, 1280, Fit.INSIDE);
    private static final Rendition ICON =
            Rendition.of("icon", 64, 64, Fit.CONTAIN).withFormat(OutputFormat.PNG);

    private static RenderResult result(Rendition r, String body) {
        return new RenderResult(r, body.getBytes(StandardCharsets.UTF_8), 1, 1);
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEachRenditionIntoAFolderNamedAfterTheSource() throws IOException {
        LocalOutput out = new LocalOutput(dir.resolve("out"), "cat.png");
        out.writeAll(List.of(result(THUMB, "t"), result(ICON, "i")));
        Path folder = dir.resolve("out").resolve("cat.png");
        assertEquals(List.of("icon.png", "thumb.jpg"), listing(folder));
        assertEquals("t", Files.readString(folder.resolve("thumb.jpg")));
        assertEquals(
                folder.resolve("thumb.jpg").toUri().toString(),
                out.locate(THUMB).uri());
    }

    @Test
    void sourcesThatDifferOnlyByExtensionDoNotCollide() throws IOException {
        new LocalOutput(dir, "cat.png").writeAll(List.of(result(THUMB, "png")));
        new LocalOutput(dir, "cat.jpg").writeAll(List.of(result(THUMB, "jpg")));
        assertEquals("png", Files.readString(dir.resolve("cat.png/thumb.jpg")));
        assertEquals("jpg", Files.readString(dir.resolve("cat.jpg/thumb.jpg")));
    }

    @Test
    void aRerunReplacesTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        LocalOutput out = new LocalOutput(dir, "cat.png");
        out.writeAll(List.of(result(THUMB, "old")));
        out.writeAll(List.of(result(THUMB, "new")));
        assertEquals("new", Files.readString(dir.resolve("cat.png/thumb.jpg")));
        assertEquals(List.of("thumb.jpg"), listing(dir.resolve("cat.png")));
    }

    @Test
    void aFolderInTheWayOfARenditionIsAUsageErrorAndWritesNothing() throws IOException {
        Path folder = dir.resolve("cat.png");
        // a non-empty directory where web.jpg should go: no rename can replace it, and no retry will
        Files.createDirectories(folder.resolve("web.jpg"));
        Files.writeString(folder.resolve("web.jpg/keep"), "x");
        LocalOutput out = new LocalOutput(dir, "cat.png");
        // thumb comes first: it must not be renamed into place before web is found blocked
        RenditionException e = assertThrows(
                RenditionException.class, () -> out.writeAll(List.of(result(THUMB, "t"), result(WEB, "w"))));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("a folder is in the way"), e.getMessage());
        assertEquals(List.of("web.jpg"), listing(folder), "no thumb.jpg and no temporary file");
        assertEquals(List.of("keep"), listing(folder.resolve("web.jpg")));
    }

    @Test
    void aRenameThatFailsAfterOthersSucceededNamesWhatWasWritten() throws IOException {
        Path folder = dir.resolve("cat.png");
        Files.createDirectories(folder);
        // web's rename fails once thumb is in place (a disk error, or a folder created there meanwhile)
        LocalOutput out = new LocalOutput(dir, "cat.png", (from, to) -> {
            if (to.getFileName().toString().equals("web.jpg")) {
                throw new java.nio.file.FileSystemException(from.toString(), to.toString(), "Input/output error");
            }
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        });
        PartlyWrittenException e = assertThrows(
                PartlyWrittenException.class, () -> out.writeAll(List.of(result(THUMB, "t"), result(WEB, "w"))));
        assertEquals(List.of(THUMB), e.written());
        assertEquals("t", Files.readString(folder.resolve("thumb.jpg")));
        assertEquals(ExitCodes.TRANSIENT, ((RenditionException) e.getCause()).exitCode());
        assertEquals(List.of("thumb.jpg"), listing(folder), "no temporary file left");
    }

    @Test
    void aFileInTheWayOfTheFolderIsAUsageErrorAndWritesNothing() throws IOException {
        Files.writeString(dir.resolve("cat.png"), "a file, not a folder");
        LocalOutput out = new LocalOutput(dir, "cat.png");
        RenditionException e = assertThrows(RenditionException.class, () -> out.writeAll(List.of(result(THUMB, "t"))));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertEquals(List.of("cat.png"), listing(dir));
        assertEquals("a file, not a folder", Files.readString(dir.resolve("cat.png")));
    }

    @Test
    void writesExactlyTheBytesGiven() throws IOException {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        new LocalOutput(dir, "x.gif").writeAll(List.of(new RenderResult(THUMB, bytes, 1, 1)));
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("x.gif/thumb.jpg")));
        assertFalse(Files.exists(dir.resolve("x.gif/.thumb.jpg.tmp")));
    }
}
