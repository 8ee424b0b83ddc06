package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTests {

    @TempDir
    Path cwd;

    @Nested
    class ListTests {
        @Test
        void listsWhatTheSelectionRunsWithoutACluster() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "list-tests", "--suite-package",
                    "io.fede2e.fixtures.runner.basic", "--label-filter", "Conformance", "--skip", "Serial");
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out().lines()).containsExactly("[sig-fixture] Basic should pass [Conformance]",
                    "[sig-fixture] Basic should pass slowly [Conformance] [Slow]");
        }

        @Test
        void badTagExpressionIsAUsageError() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "list-tests", "--suite-package",
                    "io.fede2e.fixtures.runner.basic", "--label-filter", "Conformance & (");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--label-filter 'Conformance & ('");
        }

        @Test
        void unknownModeIsAUsageError() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "list-tests", "--mode", "everything");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--mode 'everything' is unknown");
        }

        @Test
        void conformanceYamlComesFromTheBuiltInSuitesAnnotations() throws IOException {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "list-tests", "--mode", "conformance", "--output",
                    "yaml", "--out", "conformance.yaml");
            assertThat(o.exitCode()).as(o.err()).isZero();
            String yaml = Files.readString(cwd.resolve("conformance.yaml"));
            assertThat(yaml).startsWith("- testname: ").contains("  codename: '[sig-", "  release: 'v1.",
                    "  file: 'e2e-suite/src/main/java/io/fede2e/e2e/tests/").doesNotContain("release: ''");
        }
    }

    @Test
    void providersListsOptionsSecretsAndCapabilities() {
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "providers");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("fake: A fake cluster", "capabilities: dns", "api-key (secret)", "hollow (default)",
                "kubemark: Hollow nodes on a cluster you already have");
    }

    @Test
    void noCommandIsAUsageError() {
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("missing command", "run, up, test, dump-logs, down, providers, list-tests, upload, "
                + "dashboard");
    }

    /** Only the command asked for is built (start-up time); help and mistakes still see all of them. */
    @Nested
    class CommandLineBuilding {
        @Test
        void helpListsEveryCommand() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "--help");
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("run", "up", "test", "dump-logs", "down", "providers", "list-tests", "upload",
                    "dashboard");
        }

        @Test
        void aMistypedCommandIsAUsageErrorNamingIt() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "tset");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("Unmatched argument", "'tset'", "See 'fede2e --help'");
        }

        @Test
        void aCommandAfterAGlobalOptionRuns() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "--stacktrace", "providers");
            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out()).contains("hollow (default)");
        }

        @Test
        void aCommandsHelpNamesItsOptions() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "test", "--help");
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("Usage: fede2e test", "--state", "--artifacts");
        }
    }

    @Test
    void dashboardNeedsASource() {
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "dashboard");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--source ROOT");
    }

    @Test
    void everyStateCommandReadsTheStateFileItIsGiven() {
        for (String command : new String[] {"test", "dump-logs", "down"}) {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), command, "--state", "elsewhere/state.json");
            assertThat(o.exitCode()).as(command).isEqualTo(2);
            assertThat(o.err()).as(command).contains("no cluster state file", "elsewhere/state.json");
        }
    }

    @Test
    void stateCommandsWithoutAStateFileSayToRunUp() {
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "down");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("no cluster state file", "fede2e up");
    }
}
