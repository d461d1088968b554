package dev.renditions.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Rendition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputKeysTest {
    private static final Rendition THUMB = Rendition.of("thumb", 320, 320, Fit.COVER);

    @Test
    void layoutIsPrefixSourceKeyRenditionFile() {
        assertEquals("renditions/uploads/cat.jpg/thumb.jpg", OutputKeys.key("renditions/", "uploads/cat.jpg", THUMB));
        assertEquals(
                "renditions/uploads/a b+c%20ü.png/thumb.jpg",
                OutputKeys.key("renditions/", "uploads/a b+c%20ü.png", THUMB));
    }

    @Test
    void keysLongerThan1024BytesAreShortenedDeterministically() {
        String longKey = "uploads/" + "é".repeat(508); // 8 + 1016 = 1024 bytes
        assertEquals(1024, longKey.getBytes(StandardCharsets.UTF_8).length);
        String k = OutputKeys.key("renditions/", longKey, THUMB);
        assertTrue(k.getBytes(StandardCharsets.UTF_8).length <= 1024, "fits S3's limit");
        assertTrue(k.endsWith("/thumb.jpg"));
        assertEquals(k, OutputKeys.key("renditions/", longKey, THUMB), "deterministic");
        assertNotEquals(k, OutputKeys.key("renditions/", longKey.substring(0, longKey.length() - 1) + "e", THUMB));
        assertTrue(k.startsWith(OutputKeys.folder("renditions/", longKey)));
    }

    @Test
    void aShortKeyThatSpellsOutALongKeysFolderGetsItsOwnFolder() {
        String longKey = "uploads/" + "l".repeat(1016) + ".png"; // over the limit: shortened
        String longFolder = OutputKeys.folder("renditions/", longKey);
        String forged = longFolder.substring("renditions/".length(), longFolder.length() - 1);
        assertTrue(forged.getBytes(StandardCharsets.UTF_8).length < 1000, "short enough to be kept as it is");
        assertTrue(forged.matches(".*~[0-9a-f]{16}"));

        String forgedFolder = OutputKeys.folder("renditions/", forged);
        assertNotEquals(longFolder, forgedFolder);
        assertTrue(forgedFolder.getBytes(StandardCharsets.UTF_8).length <= 1024 - 37);
        assertEquals(forgedFolder, OutputKeys.folder("renditions/", forged), "deterministic");
        // a short key of that shape is kept whole, followed by its own hash
        assertTrue(OutputKeys.folder("renditions/", "photo~0123456789abcdef")
                .matches("renditions/photo~0123456789abcdef~[0-9a-f]{16}/"));
        // only that exact shape is reserved: other tildes and hex runs are kept as they are
        assertEquals("renditions/a~0123456789abcdeF/", OutputKeys.folder("renditions/", "a~0123456789abcdeF"));
        assertEquals("renditions/a~0123456789abcde/", OutputKeys.folder("renditions/", "a~0123456789abcde"));
        assertEquals("renditions/a-0123456789abcdef/", OutputKeys.folder("renditions/", "a-0123456789abcdef"));
    }

    @Test
    void s3UrisCarryRawKeys() {
        S3Location l = S3Location.parse("s3://bucket/uploads/a b+c%20.jpg");
        assertEquals("bucket", l.bucket());
        assertEquals("uploads/a b+c%20.jpg", l.key());
        assertEquals("s3://bucket/uploads/a b+c%20.jpg", l.uri());
        assertEquals("", S3Location.parse("s3://bucket").key());
    }
}
