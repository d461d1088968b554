package dev.renditions.worker.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.renditions.worker.WorkerEnv;
import org.junit.jupiter.api.Test;

class EventsModeTest {
    @Test
    void eventBridgeUnderBatchStdoutElsewhere() {
        assertEquals(EventsMode.STDOUT, EventsMode.defaultFor(WorkerEnv.NONE));
        assertEquals(EventsMode.EVENTBRIDGE, EventsMode.defaultFor(new WorkerEnv("job:1", "1", "1")));
        assertEquals(EventsMode.STDOUT, EventsMode.defaultFor(new WorkerEnv(" ", "1", null)), "blank is unset");
    }
}
