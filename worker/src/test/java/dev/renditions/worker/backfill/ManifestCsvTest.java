package dev.renditions.worker.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestCsvTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "uploads/cat.jpg",
                "uploads/holiday photos/cat 1.jpg",
                "a+b.jpg",
                "100% real.png",
                "comma,separated.jpg",
                "quote\"d.jpg",
                "über/日本語/emoji-😀.jpg",
                "tab\there.jpg",
                "line\nbreak.jpg",
                "~tilde*star(paren)!.jpg",
                "/leading//double-slash/.jpg"
            })
    void keysRoundTripAndStayOnOneLineWithoutCommas(String key) {
        String line = ManifestCsv.line("bucket-1", key, null);
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\""), line);
        assertEquals(1, line.chars().filter(c -> c == ',').count(), line);
        assertEquals(new ManifestCsv.Entry("bucket-1", key, null), ManifestCsv.parse(line));
    }

    @Test
    void encodingIsTheInventoryForm() {
        assertEquals("b,holiday+photos/cat+1.jpg", ManifestCsv.line("b", "holiday photos/cat 1.jpg", null));
        assertEquals("b,a%2Bb.jpg", ManifestCsv.line("b", "a+b.jpg", null));
        assertEquals(
                "b,%C3%BC.jpg,3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                ManifestCsv.line("b", "ü.jpg", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"));
    }

    @Test
    void readsBatchOperationsAndInventoryLines() {
        assertEquals(new ManifestCsv.Entry("b", "photos/a b.jpg", null), ManifestCsv.parse("b,photos%2Fa+b.jpg"));
        assertEquals(new ManifestCsv.Entry("b", "k.jpg", "v1"), ManifestCsv.parse("\"b\",\"k.jpg\",\"v1\""));
        assertNull(ManifestCsv.parse("b,k.jpg,").versionId());
    }

    @Test
    void malformedLinesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ManifestCsv.parse("just-a-bucket"));
        assertThrows(IllegalArgumentException.class, () -> ManifestCsv.parse("b,k,v,extra"));
        assertThrows(IllegalArgumentException.class, () -> ManifestCsv.parse("b,%zz"));
        assertThrows(IllegalArgumentException.class, () -> ManifestCsv.parse(",k.jpg"));
        assertThrows(IllegalArgumentException.class, () -> ManifestCsv.parse("\"b,k.jpg"));
    }

    @Test
    void csvSplitsQuotedFields() {
        assertEquals(List.of("a", "b,c", "d\"e", ""), Csv.split("a,\"b,c\",\"d\"\"e\","));
        assertEquals(List.of(""), Csv.split(""));
        assertThrows(IllegalArgumentException.class, () -> Csv.split("\"a\"b,c"));
    }
}
