package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.renditions.worker.FakeCloud;
import dev.renditions.worker.FakeEngine;
import dev.renditions.worker.WorkerRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link WorkerCli#forArgs} builds only the named command, and nothing a user sees changes. */
class CommandSelectionTest {
    private static WorkerRuntime runtime() {
        return new WorkerRuntime(
                Map.of(),
                Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC),
                new FakeEngine(),
                new FakeCloud());
    }

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        for (String name : WorkerCli.COMMANDS) {
            WorkerCli cli = WorkerCli.forArgs(
                    runtime(),
                    new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()),
                    name,
                    "--help");
            assertEquals(Set.of(name), cli.commandLine().getSubcommands().keySet());
        }
    }

    @Test
    void anythingElseBuildsEveryCommand() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"rendr", "--all"})) {
            WorkerCli cli = WorkerCli.forArgs(
                    runtime(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
            assertEquals(
                    List.copyOf(WorkerCli.COMMANDS),
                    List.copyOf(cli.commandLine().getSubcommands().keySet()));
        }
    }

    static Stream<Arguments> commandLines() {
        return Stream.of(
                Arguments.of((Object) new String[] {"render", "--help"}),
                Arguments.of((Object) new String[] {"probe", "--help"}),
                Arguments.of((Object) new String[] {"backfill", "--help"}),
                Arguments.of((Object) new String[] {"render", "--source"}),
                Arguments.of((Object) new String[] {"render", "--bogus"}),
                Arguments.of((Object) new String[] {"probe"}),
                Arguments.of((Object) new String[] {"backfill", "--dry-run"}),
                Arguments.of((Object) new String[] {"render", "--version"}));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void sameOutputAndExitCodeAsTheWholeCommandLine(String[] args) {
        StringWriter out1 = new StringWriter();
        StringWriter err1 = new StringWriter();
        int whole = WorkerCli.create(runtime(), new PrintWriter(out1, true), new PrintWriter(err1, true))
                .execute(args);
        StringWriter out2 = new StringWriter();
        StringWriter err2 = new StringWriter();
        int one = WorkerCli.forArgs(runtime(), new PrintWriter(out2, true), new PrintWriter(err2, true), args)
                .execute(args);
        assertEquals(whole, one);
        assertEquals(out1.toString(), out2.toString());
        assertEquals(err1.toString(), err2.toString());
    }
}
