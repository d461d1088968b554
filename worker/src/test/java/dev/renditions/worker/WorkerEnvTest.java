package dev.renditions.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.ExitCodes;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.RenditionDetail;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WorkerEnvTest {
    @Test
    void outsideBatchThereIsNoJobAndNoIndex() {
        WorkerEnv env = WorkerEnv.from(Map.of("HOME", "/root"));
        assertFalse(env.inBatch());
        assertNull(env.job());
        assertEquals(OptionalInt.empty(), env.arrayIndex());
    }

    @Test
    void readsTheBatchVariables() {
        WorkerEnv env = WorkerEnv.from(
                Map.of("AWS_BATCH_JOB_ID", "0f1e:2", "AWS_BATCH_JOB_ARRAY_INDEX", "2", "AWS_BATCH_JOB_ATTEMPT", "3"));
        assertTrue(env.inBatch());
        assertEquals(OptionalInt.of(2), env.arrayIndex());
        assertEquals(new RenditionDetail.Job("0f1e:2", 2, 3), env.job());
    }

    @Test
    void aBadIndexIsAUsageErrorNamingTheVariable() {
        WorkerEnv env = WorkerEnv.from(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "-1"));
        UsageException e = assertThrows(UsageException.class, env::arrayIndex);
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("AWS_BATCH_JOB_ARRAY_INDEX"), e.getMessage());
        assertTrue(e.getMessage().contains("'-1'"), e.getMessage());
    }

    @Test
    void blankValuesCountAsUnset() {
        WorkerEnv env = WorkerEnv.from(Map.of("AWS_BATCH_JOB_ID", " ", "AWS_BATCH_JOB_ARRAY_INDEX", ""));
        assertFalse(env.inBatch());
        assertEquals(OptionalInt.empty(), env.arrayIndex());
    }
}
