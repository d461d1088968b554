package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.core.errors.UsageException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefParametersTest {
    @Test
    void substitutedArgumentsPass() {
        assertEquals(
                Optional.empty(),
                RefParameters.find(List.of("render", "--source", "cat.jpg", "--output", "out", "--spec", "default")));
    }

    @Test
    void findsASeparateValueAndNamesTheParameterAndOption() {
        UsageException e = RefParameters.find(List.of("render", "--source", "a.jpg", "--output", "Ref::output"))
                .orElseThrow();
        assertEquals(UsageException.MISSING_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("parameter 'output'"), e.getMessage());
        assertTrue(e.getMessage().contains("--output received the literal 'Ref::output'"), e.getMessage());
    }

    @Test
    void findsAnAttachedValue() {
        UsageException e =
                RefParameters.find(List.of("render", "--spec=Ref::spec")).orElseThrow();
        assertTrue(e.getMessage().contains("parameter 'spec'"), e.getMessage());
        assertTrue(e.getMessage().contains("--spec received"), e.getMessage());
    }

    @Test
    void findsAPositionalValue() {
        UsageException e = RefParameters.find(List.of("probe", "Ref::source")).orElseThrow();
        assertTrue(e.getMessage().contains("parameter 'source'"), e.getMessage());
    }

    @Test
    void onlyAPrefixCounts() {
        assertEquals(Optional.empty(), RefParameters.find(List.of("render", "--source", "photos/Ref::x.jpg")));
    }
}
