package dev.renditions.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LogTest {
    @Test
    void aNameWithALineBreakStaysOnOneLine() {
        StringWriter out = new StringWriter();
        Log log = new Log(new PrintWriter(out), false);
        log.info("wrote thumb to s3://out/renditions/a\nerror: forged\r\u0000.jpg/thumb.jpg");
        log.debug("not shown without --verbose");
        assertEquals(
                "wrote thumb to s3://out/renditions/a\\u000aerror: forged\\u000d\\u0000.jpg/thumb.jpg"
                        + System.lineSeparator(),
                out.toString());
    }

    @Test
    void tabsAreEscapedUnicodeIsNot() {
        StringWriter out = new StringWriter();
        new Log(new PrintWriter(out), true).debug("spec 0123 (bundled): tabs\tare controls too, ünïcödé is not");
        assertEquals(
                "spec 0123 (bundled): tabs\\u0009are controls too, ünïcödé is not" + System.lineSeparator(),
                out.toString());
    }
}
