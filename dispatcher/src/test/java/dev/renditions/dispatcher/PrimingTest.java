package dev.renditions.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.UsageException;
import dev.renditions.dispatcher.fakes.FakeObjectStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimingTest {
    @Test
    void runsTheLocalPathsCleanlyAndReadsOneMarkerThatDoesNotExist() {
        FakeObjectStore store = new FakeObjectStore();
        List<String> logs = new ArrayList<>();
        Priming.run(DispatcherConfig.fromEnv(Fixtures.env()), store, (l, m, f) -> logs.add(l + " " + m));
        assertEquals(List.of(), logs, "nothing failed");
        assertEquals(List.of("READ_HEAD s3://out-bucket/.dispatch/priming-never-written"), store.calls());
        assertEquals(List.of(), store.keys("out-bucket", ""), "nothing written");
    }

    @Test
    void aFailingRequestIsLoggedNotThrown() {
        FakeObjectStore store = new FakeObjectStore();
        store.failNext(
                FakeObjectStore.Op.READ_HEAD,
                l -> true,
                new UsageException(UsageException.ACCESS_DENIED, "s3:GetObject denied"));
        List<String> logs = new ArrayList<>();
        Priming.run(DispatcherConfig.fromEnv(Fixtures.env()), store, (l, m, f) -> logs.add(l + " " + m + f));
        assertEquals(1, logs.size(), logs.toString());
        assertTrue(logs.get(0).startsWith("WARN priming GET of a marker failed"), logs.get(0));
        assertTrue(logs.get(0).contains("s3:GetObject denied"), logs.get(0));
    }
}
