package dev.renditions.worker.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.RenditionDetail;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdoutEventPublisherTest {
    private static EventEnvelope<RenditionDetail> event(String name) {
        RenditionDetail d = new RenditionDetail(
                RenditionDetail.Source.local("file:///in/" + name),
                null,
                new RenditionDetail.Spec("0123456789abcdef", null),
                null,
                1L,
                null,
                null,
                null);
        return EventEnvelope.of("test", "Rendition Completed", Instant.parse("2026-01-01T00:00:00.900Z"), d);
    }

    @Test
    void writesOneJsonLinePerEventWithoutNulls() {
        StringWriter sw = new StringWriter();
        new StdoutEventPublisher(new PrintWriter(sw)).publish(List.of(event("a.jpg"), event("b.jpg")));
        String[] lines = sw.toString().split("\n", -1);
        assertEquals(3, lines.length, sw.toString());
        assertEquals("", lines[2]);
        assertEquals(true, lines[0].startsWith("{\"version\":\"0\",\"id\":\""), lines[0]);
        assertEquals(true, lines[0].contains("\"time\":\"2026-01-01T00:00:00Z\""), lines[0]);
        assertEquals(false, lines[0].contains("null"), lines[0]);
        assertEquals(false, lines[0].contains("\"account\""), lines[0]);
    }

    @Test
    void aBrokenStreamIsAnUndeliveredEvent() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        StdoutEventPublisher p = new StdoutEventPublisher(new PrintWriter(broken));
        TransientException e = assertThrows(TransientException.class, () -> p.publish(List.of(event("a.jpg"))));
        assertEquals(TransientException.EVENT_NOT_DELIVERED, e.code());
    }
}
