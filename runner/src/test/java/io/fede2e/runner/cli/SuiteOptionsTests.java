package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.runner.Env;
import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SuiteOptionsTests {

    @TempDir
    Path cwd;

    private Duration testTimeout(String... args) {
        SuiteOptions options = new SuiteOptions();
        new CommandLine(options).parseArgs(args);
        Env env = new Env(Map.of(), cwd, Clock.systemUTC(), false);
        return options.config(new JenkinsEnv(env), env).testTimeout();
    }

    @Nested
    class TestTimeout {
        @Test
        void defaultsToFifteenMinutesSoAHungTestCannotHoldTheRun() {
            assertThat(testTimeout()).isEqualTo(Duration.ofMinutes(15));
        }

        @Test
        void theFlagOverridesTheDefault() {
            assertThat(testTimeout("--test-timeout", "2h")).isEqualTo(Duration.ofHours(2));
        }

        @Test
        void helpShowsTheDefault() {
            for (String command : new String[] {"run", "test"}) {
                CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), command, "--help");
                assertThat(o.exitCode()).as(o.err()).isZero();
                // Help wraps at 80 columns: compare with the line breaks folded.
                String help = o.out().replaceAll("\\s+", " ");
                assertThat(help).as(command).contains("--test-timeout=DURATION Longest a single test may run")
                        .contains("(default: 15m, Kubernetes e2e's longest typical wait)");
            }
        }

        @Test
        void theDefaultReachesJupiterInARun() throws IOException {
            Path m = Files.createDirectories(cwd.resolve("markers"));
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "fake", "--provider-opt",
                    "marker-dir=" + m, "--builtin-suite=false", "--suite-package", "io.fede2e.fixtures.runner.runid",
                    "--test-param", "fixture.dir=" + m);
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(m.resolve("test-timeout.txt")).hasContent("900000 ms");
        }

        @Test
        void aZeroTimeoutIsRejectedNamingTheFlag() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "test", "--test-timeout", "0s");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--test-timeout", "'0s' must be a positive duration");
        }
    }
}
