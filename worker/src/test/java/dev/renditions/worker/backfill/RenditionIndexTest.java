package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.OutputKeys;
import dev.renditions.core.keys.S3Location;
import dev.renditions.core.ports.ObjectMeta;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RenditionIndexTest {
    static final String PREFIX = "renditions/";
    static final RenditionSpec SPEC = SpecParser.defaultSpec(); // thumb.jpg, web.jpg, large.jpg
    static final Instant OLD = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NEW = Instant.parse("2026-01-01T00:00:00Z");

    static ObjectMeta obj(String key, Instant modified) {
        return new ObjectMeta(new S3Location("out", key), 10, "e", null, null, modified, null);
    }

    static List<ObjectMeta> all(String source, Instant modified) {
        return SPEC.renditions().stream()
                .map(r -> obj(OutputKeys.key(PREFIX, source, r), modified))
                .toList();
    }

    @Test
    void aSourceIsCompleteOnlyWithEveryRenditionOfTheSpec() {
        List<ObjectMeta> listing = new ArrayList<>(all("a.jpg", NEW));
        listing.addAll(all("b.jpg", NEW).subList(0, 2));
        listing.add(obj(PREFIX + "c.jpg/thumb.jpg", NEW));
        listing.add(obj(PREFIX + "c.jpg/thumb.png", NEW)); // not a file name of the spec
        listing.add(obj(PREFIX + "c.jpg/old-size.jpg", NEW));
        listing.add(obj(PREFIX + "c.jpg/web.jpg.bak", NEW));
        RenditionIndex index = RenditionIndex.build(listing.stream(), PREFIX, SPEC, null);

        assertTrue(index.complete("a.jpg"));
        assertFalse(index.complete("b.jpg"));
        assertFalse(index.complete("c.jpg"));
        assertFalse(index.complete("never-rendered.jpg"));
        assertEquals(3, index.folders());
        assertEquals(6, index.files());
    }

    @Test
    void aNewRenditionInTheSpecMakesEverySourceIncomplete() {
        RenditionSpec more = new RenditionSpec(
                1,
                Stream.concat(SPEC.renditions().stream(), Stream.of(Rendition.of("square", 500, 500, Fit.COVER)))
                        .toList(),
                null);
        assertFalse(RenditionIndex.build(all("a.jpg", NEW).stream(), PREFIX, more, null)
                .complete("a.jpg"));
    }

    @Test
    void nestedSourcesAndLongKeysAreTheirOwnFolders() {
        String parent = "a.jpg";
        String child = "a.jpg/thumb.jpg"; // an image whose key ends like a rendition of "a.jpg"
        String longKey = "deep/" + "x".repeat(1100) + ".jpg"; // folder shortened with a hash
        List<ObjectMeta> listing = new ArrayList<>(all(child, NEW));
        listing.addAll(all(longKey, NEW));
        listing.add(obj(OutputKeys.key(PREFIX, parent, "thumb.jpg"), NEW));
        RenditionIndex index = RenditionIndex.build(listing.stream(), PREFIX, SPEC, null);
        assertTrue(index.complete(child));
        assertFalse(index.complete(parent));
        assertTrue(index.complete(longKey));
        assertFalse(index.complete("deep/" + "x".repeat(1100) + "y.jpg"));
    }

    @Test
    void renditionsOlderThanStaleBeforeCountAsMissing() {
        List<ObjectMeta> listing = new ArrayList<>(all("a.jpg", NEW));
        listing.addAll(all("b.jpg", OLD));
        RenditionIndex index =
                RenditionIndex.build(listing.stream(), PREFIX, SPEC, Instant.parse("2025-06-01T00:00:00Z"));
        assertTrue(index.complete("a.jpg"));
        assertFalse(index.complete("b.jpg"));
    }

    @Test
    void keysOutsideTheFoldersAreIgnored() {
        RenditionIndex index = RenditionIndex.build(
                Stream.of(obj(PREFIX + "thumb.jpg", NEW), obj("elsewhere/x.jpg/thumb.jpg", NEW)), PREFIX, SPEC, null);
        assertEquals(0, index.folders());
    }

    @Test
    void memoryIsOneLongPerFolderAtMostTwoAndAHalfTimesOver() {
        int n = 200_000;
        RenditionIndex index = RenditionIndex.build(
                IntStream.range(0, n).boxed().flatMap(i -> all("img-" + i + ".jpg", NEW).stream()), PREFIX, SPEC, null);
        assertEquals(n, index.folders());
        assertTrue(index.capacity() <= 2.9 * n, "capacity " + index.capacity());
        assertTrue(IntStream.range(0, n).allMatch(i -> index.complete("img-" + i + ".jpg")));
        assertTrue(IntStream.range(n, 2 * n).noneMatch(i -> index.complete("img-" + i + ".jpg")));
    }

    @Test
    void specsBeyondTheCounterAreRefused() {
        RenditionSpec big = new RenditionSpec(
                1,
                IntStream.range(0, 256)
                        .mapToObj(i -> Rendition.of("r" + i, 10, null, Fit.INSIDE))
                        .toList(),
                null);
        assertThrows(UsageException.class, () -> RenditionIndex.build(Stream.of(), PREFIX, big, null));
    }
}
