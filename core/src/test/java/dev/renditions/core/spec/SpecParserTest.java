package dev.renditions.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {
    @Test
    void defaultSpecIsThumbWebLargeInArrayIndexOrder() {
        RenditionSpec spec = SpecParser.defaultSpec();
        assertEquals(List.of("thumb", "web", "large"), spec.names());
        Rendition thumb = spec.renditions().get(0);
        assertEquals(320, thumb.width());
        assertEquals(320, thumb.height());
        assertEquals(Fit.COVER, thumb.fit());
        assertEquals(OutputFormat.JPEG, thumb.format());
        assertEquals(80, thumb.quality());
        assertTrue(thumb.progressive());
        assertEquals(Fit.INSIDE, spec.renditions().get(1).fit());
        assertEquals(85, spec.renditions().get(1).quality());
        assertEquals(2560, spec.renditions().get(2).width());
        assertEquals(88, spec.renditions().get(2).quality());
        assertEquals(100_000_000L, spec.limits().maxPixels());
        assertEquals(104_857_600L, spec.limits().maxBytes());
    }

    @Test
    void hashIgnoresFormattingKeyOrderAndSpelledOutDefaults() {
        String a = "{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":100}]}";
        String b = "{ \"renditions\": [ {\"width\": 100, \"name\": \"t\", \"fit\": \"inside\", \"format\": \"jpeg\","
                + " \"quality\": 85, \"progressive\": true, \"enlarge\": false, \"background\": \"#FFFFFF\"} ],"
                + " \"version\": 1 }";
        assertEquals(SpecParser.parse(a).hash(), SpecParser.parse(b).hash());
        assertEquals(16, SpecParser.parse(a).hash().length());
    }

    @Test
    void hashChangesWithAnyRenditionField() {
        String base = SpecParser.parse("{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":100}]}")
                .hash();
        assertNotEquals(
                base,
                SpecParser.parse("{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":101}]}")
                        .hash());
        assertNotEquals(
                base,
                SpecParser.parse("{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":100,\"quality\":84}]}")
                        .hash());
    }

    @Test
    void renditionHashDoesNotChangeWhenAnotherRenditionIsAdded() {
        RenditionSpec one = SpecParser.parse("{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":100}]}");
        RenditionSpec two = SpecParser.parse(
                "{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":100},{\"name\":\"u\",\"width\":50}]}");
        assertNotEquals(one.hash(), two.hash());
        assertEquals(
                RenditionSpec.renditionHash(one.renditions().get(0)),
                RenditionSpec.renditionHash(two.renditions().get(0)));
    }

    @org.junit.jupiter.api.Test
    void jsonErrorsSayWhereWithoutJacksonsSourceNote() {
        SpecException e =
                assertThrows(SpecException.class, () -> SpecParser.parse("{\"version\":1,\n\"renditions\":["));
        assertTrue(e.getMessage().contains("not valid JSON: "), e.getMessage());
        assertTrue(!e.getMessage().contains("Source:") && !e.getMessage().contains("REDACTED"), e.getMessage());
        assertTrue(
                e.getMessage().contains("(start marker at line: 2, column: 14) at line 2, column 15"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void jacksonsSizeLimitsAreSpecErrorsWithoutItsSettingNames() {
        String deep = "[".repeat(1001) + "]".repeat(1001);
        String spec = "{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1}],\"limits\":{\"x\":" + deep + "}}";
        SpecException nested = assertThrows(SpecException.class, () -> SpecParser.parse(spec));
        assertTrue(nested.getMessage().startsWith("invalid rendition spec: not valid JSON: "), nested.getMessage());
        assertTrue(
                nested.getMessage().contains("nesting depth (1001) exceeds the maximum allowed (1000)"),
                nested.getMessage());
        assertTrue(!nested.getMessage().contains("StreamReadConstraints"), nested.getMessage());
        assertEquals(ExitCodes.USAGE, nested.toUsage().exitCode());

        String digits = "9".repeat(2000);
        SpecException number = assertThrows(
                SpecException.class,
                () -> SpecParser.parse(
                        "{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"quality\":" + digits + "}]}"));
        assertTrue(number.getMessage().contains("not valid JSON: "), number.getMessage());
        assertTrue(number.getMessage().length() < 500, number.getMessage());
    }

    @org.junit.jupiter.api.Test
    void atMostAThousandRenditions() {
        StringBuilder json = new StringBuilder("{\"version\":1,\"renditions\":[");
        for (int i = 0; i <= RenditionSpec.MAX_RENDITIONS; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"r").append(i).append("\",\"width\":10}");
        }
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(json + "]}"));
        assertTrue(e.getMessage().endsWith("renditions: expected at most 1000 entries, found 1001"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void foundValuesAreShortAndOnOneLine() {
        String longFit = "x".repeat(500_000);
        SpecException fit = assertThrows(
                SpecException.class,
                () -> SpecParser.parse(
                        "{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"fit\":\"" + longFit + "\"}]}"));
        assertTrue(
                fit.getMessage().endsWith("found '" + "x".repeat(40) + "... (500000 characters)'"), fit.getMessage());

        SpecException name = assertThrows(
                SpecException.class,
                () -> SpecParser.parse("{\"version\":1,\"renditions\":[{\"name\":\"a\\u0000\\n\",\"width\":1}]}"));
        assertTrue(name.getMessage().endsWith("found 'a\\u0000\\u000a'"), name.getMessage());

        SpecException field = assertThrows(
                SpecException.class,
                () -> SpecParser.parse("{\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1}],\""
                        + "k".repeat(1000) + "\":1}"));
        assertTrue(field.getMessage().length() < 300, field.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown top field | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1}],\"extra\":1}"
                        + " | extra: expected one of the known fields",
                "unknown rendition field | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"crop\":1}]}"
                        + " | renditions[0].crop: expected one of the known fields",
                "duplicate names | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1},"
                        + "{\"name\":\"t\",\"width\":2}]} | expected unique names, found 't' twice",
                "quality out of range | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"quality\":0}]}"
                        + " | renditions[0] (t).quality: expected a whole number from 1 to 100, found 0",
                "no size | {\"version\":1,\"renditions\":[{\"name\":\"t\"}]}"
                        + " | expected at least one of width and height, found neither",
                "bad fit | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"fit\":\"crop\"}]}"
                        + " | expected one of inside, cover, contain, fill, found 'crop'",
                "bad format | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"format\":\"gif\"}]}"
                        + " | expected one of jpeg, png, found 'gif'",
                "bad name | {\"version\":1,\"renditions\":[{\"name\":\"Thumb\",\"width\":1}]}"
                        + " | expected 1 to 32 of [a-z0-9-], found 'Thumb'",
                "bad background | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"background\":\"red\"}]}"
                        + " | expected a colour as #rrggbb, found 'red'",
                "cover needs both sides | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"fit\":\"cover\"}]}"
                        + " | expected inside when only one of width and height is set",
                "wrong version | {\"version\":2,\"renditions\":[{\"name\":\"t\",\"width\":1}]} | version: expected 1,"
                        + " found 2",
                "empty list | {\"version\":1,\"renditions\":[]} | renditions: expected a non-empty list",
                "string width | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":\"100\"}]}"
                        + " | width: expected a whole number from 1 to 16384, found '100'",
                "bad limit | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1}],\"limits\":{\"maxPixels\":0}}"
                        + " | limits.maxPixels: expected a whole number >= 1, found 0",
                "not json | {version: | not valid JSON",
                "field given twice | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1,\"width\":640}]}"
                        + " | not valid JSON: Duplicate field 'width'",
                "list given twice | {\"version\":1,\"renditions\":[{\"name\":\"a\",\"width\":1}],"
                        + "\"renditions\":[{\"name\":\"b\",\"width\":2}]} | Duplicate field 'renditions'",
                "text after the document | {\"version\":1,\"renditions\":[{\"name\":\"t\",\"width\":1}]} trailing"
                        + " | not valid JSON",
            })
    void invalidSpecsNameTheFieldAndTheAllowedValues(String what, String json, String message) {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(json));
        assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
        assertEquals(ExitCodes.USAGE, e.toUsage().exitCode());
    }
}
