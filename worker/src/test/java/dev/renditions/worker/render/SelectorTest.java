package dev.renditions.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.spec.Fit;
import dev.renditions.core.spec.Limits;
import dev.renditions.core.spec.Rendition;
import dev.renditions.core.spec.RenditionSpec;
import dev.renditions.core.spec.SpecParser;
import dev.renditions.worker.WorkerEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private final RenditionSpec spec = SpecParser.defaultSpec();

    private static List<String> names(List<Rendition> rs) {
        return rs.stream().map(Rendition::name).toList();
    }

    @Test
    void byNameByIndexAndAll() {
        assertEquals(List.of("web"), names(new Selector.ByName("web").select(spec, WorkerEnv.NONE)));
        assertEquals(List.of("large"), names(new Selector.ByIndex(2).select(spec, WorkerEnv.NONE)));
        assertEquals(List.of("thumb", "web", "large"), names(new Selector.All().select(spec, WorkerEnv.NONE)));
    }

    @Test
    void noFlagTakesTheArrayIndex() {
        WorkerEnv env = new WorkerEnv("job:1", "1", "1");
        assertEquals(List.of("web"), names(new Selector.FromEnvironment().select(spec, env)));
    }

    @Test
    void anExplicitFlagWinsOverTheArrayIndex() {
        WorkerEnv env = new WorkerEnv("job:1", "1", "1");
        assertEquals(List.of("thumb"), names(new Selector.ByIndex(0).select(spec, env)));
    }

    @Test
    void noFlagAndNoIndexTakesTheOnlyRendition() {
        RenditionSpec one = new RenditionSpec(1, List.of(Rendition.of("only", 100, null, Fit.INSIDE)), Limits.DEFAULT);
        assertEquals(List.of("only"), names(new Selector.FromEnvironment().select(one, WorkerEnv.NONE)));
    }

    @Test
    void noFlagAndNoIndexWithSeveralRenditionsListsTheChoices() {
        UsageException e =
                assertThrows(UsageException.class, () -> new Selector.FromEnvironment().select(spec, WorkerEnv.NONE));
        String m = e.getMessage();
        assertTrue(m.contains("0 thumb, 1 web, 2 large"), m);
        assertTrue(m.contains("--rendition NAME") && m.contains("--index N") && m.contains("--all"), m);
        assertTrue(m.contains("AWS_BATCH_JOB_ARRAY_INDEX"), m);
    }

    @Test
    void indexesOutsideTheSpecAreUsageErrors() {
        UsageException tooBig =
                assertThrows(UsageException.class, () -> new Selector.ByIndex(3).select(spec, WorkerEnv.NONE));
        assertTrue(tooBig.getMessage().contains("--index 3 is outside the spec"), tooBig.getMessage());
        assertTrue(tooBig.getMessage().contains("0 to 2"), tooBig.getMessage());
        assertThrows(UsageException.class, () -> new Selector.ByIndex(-1).select(spec, WorkerEnv.NONE));
        UsageException fromEnv = assertThrows(UsageException.class, () -> new Selector.FromEnvironment()
                .select(spec, new WorkerEnv("job:5", "5", "1")));
        assertTrue(fromEnv.getMessage().contains("AWS_BATCH_JOB_ARRAY_INDEX=5"), fromEnv.getMessage());
    }

    @Test
    void anUnknownNameListsTheNames() {
        UsageException e =
                assertThrows(UsageException.class, () -> new Selector.ByName("huge").select(spec, WorkerEnv.NONE));
        assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("thumb, web, large"), e.getMessage());
    }
}
