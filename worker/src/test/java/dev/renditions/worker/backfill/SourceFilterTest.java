package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.keys.S3Location;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceFilterTest {
    static final Instant T = Instant.parse("2025-06-01T00:00:00Z");
    static final SourceFilter DEFAULT = SourceFilter.images(1000);

    static Candidate listed(String key, long size) {
        return Candidate.listed("b", key, size, T);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a.jpg",
                "A.JPG",
                "dir/x.Jpeg",
                "x.png",
                "x.PNG",
                "x.gif",
                "x.webp",
                "x.TIFF",
                "x.tif",
                "x.bmp",
                "x.psd",
                "x.jpe",
                "sp ace/ü.jpg"
            })
    void imageSuffixesInAnyCase(String key) {
        assertEquals(Verdict.SELECTED, DEFAULT.test(listed(key, 10)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "a.jpg.txt", "jpg", "a.heic", "dir/", "a.jpg/", "ajpg"})
    void otherKeysAreNotImages(String key) {
        assertEquals(Verdict.NOT_IMAGE, DEFAULT.test(listed(key, 10)));
    }

    @Test
    void sizesAreBoundedAndUnknownSizesPass() {
        SourceFilter f = new SourceFilter(Set.of(".jpg"), 5, 100, null, null, List.of());
        assertEquals(Verdict.EMPTY, f.test(listed("a.jpg", 0)));
        assertEquals(Verdict.TOO_SMALL, f.test(listed("a.jpg", 4)));
        assertEquals(Verdict.SELECTED, f.test(listed("a.jpg", 5)));
        assertEquals(Verdict.SELECTED, f.test(listed("a.jpg", 100)));
        assertEquals(Verdict.TOO_LARGE, f.test(listed("a.jpg", 101)));
        assertEquals(Verdict.SELECTED, f.test(listed("a.jpg", -1)));
    }

    @Test
    void modifiedAfterIsInclusiveAndBeforeExclusive() {
        SourceFilter f = new SourceFilter(Set.of("jpg"), 1, 100, T, T.plusSeconds(60), List.of());
        assertEquals(Verdict.OUT_OF_DATE_RANGE, f.test(Candidate.listed("b", "a.jpg", 1, T.minusMillis(1))));
        assertEquals(Verdict.SELECTED, f.test(Candidate.listed("b", "a.jpg", 1, T)));
        assertEquals(Verdict.SELECTED, f.test(Candidate.listed("b", "a.jpg", 1, T.plusSeconds(59))));
        assertEquals(Verdict.OUT_OF_DATE_RANGE, f.test(Candidate.listed("b", "a.jpg", 1, T.plusSeconds(60))));
        assertEquals(Verdict.SELECTED, f.test(Candidate.listed("b", "a.jpg", 1, null)), "unknown date passes");
    }

    @Test
    void excludedPrefixesApplyInTheirBucketOnly() {
        SourceFilter f = DEFAULT.withExcluded(List.of(S3Location.parse("s3://b/renditions/")));
        assertEquals(Verdict.EXCLUDED_PREFIX, f.test(listed("renditions/a.jpg/thumb.jpg", 10)));
        assertEquals(Verdict.SELECTED, f.test(Candidate.listed("other", "renditions/a.jpg", 10, T)));
        assertEquals(Verdict.SELECTED, f.test(listed("renditions.jpg", 10)));
    }

    @Test
    void olderVersionsDeleteMarkersAndArchivedObjectsAreSkipped() {
        assertEquals(Verdict.NOT_CURRENT, DEFAULT.test(new Candidate("b", "a.jpg", "v1", 10, T, null, false, false)));
        assertEquals(Verdict.NOT_CURRENT, DEFAULT.test(new Candidate("b", "a.jpg", "v2", -1, T, null, true, true)));
        assertEquals(Verdict.ARCHIVED, DEFAULT.test(new Candidate("b", "a.jpg", null, 10, T, "GLACIER", true, false)));
        assertEquals(
                Verdict.ARCHIVED, DEFAULT.test(new Candidate("b", "a.jpg", null, 10, T, "DEEP_ARCHIVE", true, false)));
        assertEquals(
                Verdict.SELECTED, DEFAULT.test(new Candidate("b", "a.jpg", null, 10, T, "GLACIER_IR", true, false)));
    }

    @Test
    void suffixesAreNormalised() {
        SourceFilter f = new SourceFilter(Set.of("JPG", ".Png", " heic "), 1, 10, null, null, null);
        assertEquals(Set.of(".jpg", ".png", ".heic"), f.suffixes());
        assertEquals(Verdict.SELECTED, f.test(listed("x.HEIC", 1)));
    }

    @Test
    void badBoundsAreUsageErrors() {
        assertThrows(UsageException.class, () -> new SourceFilter(Set.of(), 1, 10, null, null, null));
        assertThrows(UsageException.class, () -> new SourceFilter(Set.of("."), 1, 10, null, null, null));
        assertThrows(UsageException.class, () -> new SourceFilter(Set.of("jpg"), 0, 10, null, null, null));
        assertThrows(UsageException.class, () -> new SourceFilter(Set.of("jpg"), 11, 10, null, null, null));
        assertThrows(UsageException.class, () -> new SourceFilter(Set.of("jpg"), 1, 10, T, T, null));
    }

    @Test
    void verdictNamesAreCamelCase() {
        assertEquals("upToDate", Verdict.UP_TO_DATE.jsonName());
        assertEquals("selected", Verdict.SELECTED.jsonName());
        assertEquals("excludedPrefix", Verdict.EXCLUDED_PREFIX.jsonName());
    }
}
