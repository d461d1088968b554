package dev.renditions.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.worker.CliHarness;
import dev.renditions.worker.CliHarness.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "render", "probe"})
    void helpListsExitCodesAndEnvironment(String command) {
        Result r = command.isEmpty() ? new CliHarness().run("--help") : new CliHarness().run(command, "--help");
        assertEquals(0, r.exitCode(), r::toString);
        String help = r.out();
        assertTrue(help.contains("Exit codes:"), help);
        for (String code : new String[] {"  0 ", "  1 ", "  2 ", "  3 "}) {
            assertTrue(help.contains(code), () -> "exit code" + code + "missing from\n" + help);
        }
        assertTrue(help.contains("AWS_BATCH_JOB_ARRAY_INDEX"), help);
        assertTrue(help.contains("AWS_BATCH_JOB_ID"), help);
        assertTrue(help.contains("EVENT_BUS_NAME") && help.contains("INPUT_PREFIX"), help);
        assertTrue(help.contains("AWS_ENDPOINT_URL"), help);
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionNamesTheProjectVersion(String flag) {
        Result r = new CliHarness().run(flag);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().matches("(?s)renditions-worker \\d+\\.\\d+\\.\\d+.*"), r.out());
    }
}
