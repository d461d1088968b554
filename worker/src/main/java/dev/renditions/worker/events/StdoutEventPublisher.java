package dev.renditions.worker.events;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.events.EventEnvelope;
import dev.renditions.core.events.Json;
import dev.renditions.core.ports.EventPublisher;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/** Writes each event as one line of JSON ({@code \n}-terminated) and flushes; a broken stream is a delivery failure. */
public final class StdoutEventPublisher implements EventPublisher {
    private final PrintWriter out;

    public StdoutEventPublisher(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void publish(List<? extends EventEnvelope<?>> events) {
        StringBuilder lines = new StringBuilder();
        for (EventEnvelope<?> e : events) {
            lines.append(Json.write(e)).append('\n');
        }
        out.print(lines);
        out.flush();
        if (out.checkError()) {
            throw new TransientException(
                    TransientException.EVENT_NOT_DELIVERED,
                    "could not write " + events.size() + " event(s) to stdout (closed or broken pipe)",
                    null);
        }
    }
}
