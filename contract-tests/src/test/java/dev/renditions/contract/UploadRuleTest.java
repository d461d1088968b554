package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.spec.Limits;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upload rule, compiled with event-ruler, against S3 "Object Created" events in AWS's documented shape.
 *
 * <p>EventBridge cannot require two conditions of one field (key prefix and key suffix): values in a field's list are
 * alternatives, and a {@code wildcard} per spelling ({@code uploads/*.jpg}, {@code uploads/*.JPG}, ...) exceeds
 * EventBridge's wildcard complexity limit. The rule therefore keeps what only it can enforce cheaply and safely (bucket,
 * key prefix, size) and leaves the file type to the dispatcher, which decides by content (magic bytes) in any case.
 */
class UploadRuleTest {
    static final Rules.Compiled RULE = Rules.compile("upload");
    static final long LIMIT = Long.parseLong(Templates.example().get("MAX_BYTES"));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "uploads/cat.jpg",
                "uploads/holiday photos/IMG 0001.JPG",
                "uploads/2026/03/Logo.Png",
                "uploads/scan.TIFF",
                "uploads/odd.jPg",
                "uploads/a+b%20c/ünïcödé 写真.jpeg",
                "uploads/x.webp",
                "uploads/no-extension",
                "uploads/notes.txt"
            })
    void everyUploadUnderTheInputPrefixReachesTheDispatcher(String key) {
        // images in any spelling; and non-images, which the dispatcher rejects by content with "Upload Rejected"
        assertTrue(RULE.matches(Events.created(key, 48_213)), key);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "other/cat.jpg",
                "cat.jpg",
                "Uploads/cat.jpg",
                "uploads",
                "renditions/uploads/cat.jpg/thumb.jpg",
                "renditions/uploads/holiday photos/IMG 0001.JPG/web.jpg",
                ".dispatch/uploads/cat.jpg"
            })
    void keysOutsideTheInputPrefixAreIgnored(String key) {
        assertFalse(RULE.matches(Events.created(key, 48_213)), key);
    }

    @Test
    void renditionsWrittenToTheInputBucketNeverTriggerTheRule() {
        // outputs in the input bucket under renditions/: <output prefix><source key>/<rendition>.<ext>
        String output = Templates.example().get("OUTPUT_PREFIX");
        for (String rendition : new String[] {"thumb.jpg", "web.jpg", "large.JPG", "thumb.png", "x.webp"}) {
            String key = output + "uploads/holiday photos/IMG 0001.JPG/" + rendition;
            assertFalse(RULE.matches(Events.created(key, 20_000)), key);
        }
    }

    @Test
    void sizeMustBePositiveAndAtMostTheLimit() {
        assertFalse(RULE.matches(Events.created("uploads/empty.jpg", 0)));
        assertFalse(RULE.matches(Events.created("uploads/folder/", 0)), "console 'folders' are empty objects");
        assertTrue(RULE.matches(Events.created("uploads/one.jpg", 1)));
        assertTrue(RULE.matches(Events.created("uploads/limit.jpg", LIMIT)));
        assertFalse(RULE.matches(Events.created("uploads/over.jpg", LIMIT + 1)));
        assertEquals(Limits.DEFAULT_MAX_BYTES, LIMIT, "example.env MAX_BYTES is the spec default");
    }

    @Test
    void aSmallerLimitIsHonoured() {
        Rules.Compiled small = Rules.compile("upload", Templates.example(Map.of("MAX_BYTES", "1000")));

        assertTrue(small.matches(Events.created("uploads/a.jpg", 1000)));
        assertFalse(small.matches(Events.created("uploads/a.jpg", 1001)));
    }

    @Test
    void anotherBucketIsIgnored() {
        assertFalse(RULE.matches(Events.created("someone-elses-bucket", "uploads/cat.jpg", 48_213)));
    }

    @Test
    void deletionsAreIgnored() {
        JsonNode deleted = Events.deleted("uploads/cat.jpg");

        assertFalse(RULE.matches(deleted));
        assertTrue(RULE.matches(Events.created("uploads/cat.jpg", 1)), "only the detail-type differs");
    }

    @Test
    void anEmptyInputPrefixWatchesTheWholeBucketAndWouldFeedOnSameBucketOutputs() {
        // Why deploy/template.yaml refuses an empty InputPrefix when renditions go to the input bucket.
        Rules.Compiled wholeBucket = Rules.compile("upload", Templates.example(Map.of("INPUT_PREFIX", "")));

        assertTrue(wholeBucket.matches(Events.created("cat.jpg", 10)));
        assertTrue(wholeBucket.matches(Events.created("renditions/cat.jpg/thumb.jpg", 10)));
    }

    @Test
    void patternStaysWithinEventBridgeLimits() {
        assertTrue(RULE.json().length() <= 4096, "PutRule EventPattern is at most 4096 characters");
        assertEquals(0, RULE.complexity(), "no wildcard, so no wildcard complexity to be rejected for");
    }
}
