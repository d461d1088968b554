package dev.renditions.worker.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.renditions.core.errors.InvalidInputException;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.ports.Pin;
import dev.renditions.core.ports.SourceChangedException;
import dev.renditions.imaging.ImageSource;
import dev.renditions.worker.InMemoryObjectStore;
import dev.renditions.worker.render.SourceState;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3SourceTest {
    static final S3Location AT = new S3Location("in", "uploads/cat.jpg");
    final InMemoryObjectStore store = new InMemoryObjectStore().bucket("in", true);

    @TempDir
    Path tmp;

    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void downloadsExactlyWhatItInspectedAndDeletesItOnClose() throws Exception {
        ObjectMeta v1 = store.upload(AT, new byte[] {1, 2, 3}, "image/jpeg");
        SourceState state;
        try (S3Source src = new S3Source(store, AT, new Pin(v1.versionId(), null), tmp)) {
            state = src.inspect();
            assertEquals(3, state.size());
            assertEquals(v1.versionId(), state.versionId());
            assertEquals(v1.etag(), state.detail().etag());
            ImageSource image = src.fetch(state);
            assertEquals("s3://in/uploads/cat.jpg", image.name());
            try (InputStream in = image.open()) {
                assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            }
            assertEquals(1, files(tmp).size());
        }
        assertEquals(List.of(), files(tmp), "the download is deleted");
    }

    @Test
    void anOverwriteBetweenInspectAndFetchIsSuperseded() throws Exception {
        store.upload(AT, new byte[] {1}, "image/jpeg");
        try (S3Source src = new S3Source(store, AT, Pin.LATEST, tmp)) {
            SourceState state = src.inspect();
            store.upload(AT, new byte[] {2}, "image/jpeg");
            assertThrows(SourceChangedException.class, () -> src.fetch(state));
        }
        assertEquals(List.of(), files(tmp));
    }

    @Test
    void aMissingObjectIsSourceMissingAndAStaleVersionSuperseded() {
        InvalidInputException missing =
                assertThrows(InvalidInputException.class, () -> new S3Source(store, AT, Pin.LATEST, tmp).inspect());
        assertEquals(InvalidInputException.SOURCE_MISSING, missing.code());
        ObjectMeta v1 = store.upload(AT, new byte[] {1}, "image/jpeg");
        store.upload(AT, new byte[] {1}, "image/jpeg"); // same bytes, same ETag, a new version
        assertThrows(SourceChangedException.class, () -> new S3Source(store, AT, new Pin(v1.versionId(), null), tmp)
                .inspect());
        assertThrows(SourceChangedException.class, () -> new S3Source(store, AT, new Pin(null, "0123"), tmp).inspect());
    }
}
