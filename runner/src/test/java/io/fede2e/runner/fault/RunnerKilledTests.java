package io.fede2e.runner.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fede2e.runner.fakes.CliHarness;
import io.fede2e.runner.fakes.FakeProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection (issue 14): {@code fede2e run} killed with SIGKILL (no shutdown hook runs, as
 * when Jenkins escalates an abort) while the tests run and while Down runs; then the
 * {@code fede2e down --state} the run printed after Up removes the cluster, and nothing is left.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGKILL is a POSIX signal")
class RunnerKilledTests {

    @TempDir
    Path cwd;

    @ParameterizedTest(name = "killed during {0}")
    @ValueSource(strings = {"Test", "Down"})
    void downWithTheStateThatUpRecordedLeavesNothing(String phase) throws Exception {
        Path markers = Files.createDirectories(cwd.resolve("markers"));
        Process run = start(markers, phase);
        try {
            Path barrier = phase.equals("Test") ? markers.resolve("slow-started") : markers.resolve("calls.txt");
            await(phase + " is running").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !run.isAlive() || Files.exists(barrier)
                            && (phase.equals("Test") || Files.readString(barrier).contains("down-started")));
            assertThat(run.isAlive()).as(console()).isTrue();
            run.destroyForcibly(); // SIGKILL
            run.waitFor();
        } finally {
            run.destroyForcibly();
        }
        assertThat(markers.resolve(FakeProviderFactory.ALIVE)).as("the killed run left its cluster").exists();
        Path state = cwd.resolve("_output/runs/killed/1.cluster-state.json");
        assertThat(console()).contains("tear the cluster down with: fede2e down --state " + state);

        CliHarness.Outcome down = CliHarness.run(cwd, Map.of(), "down", "--state", state.toString());

        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        assertThat(markers.resolve(FakeProviderFactory.ALIVE)).as("nothing is left").doesNotExist();
        assertThat(Files.readAllLines(markers.resolve("calls.txt"))).endsWith("reattach", "down");
    }

    private Process start(Path markers, String phase) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.fede2e.runner.Main", "run", "--provider", "fake", "--provider-opt", "marker-dir=" + markers,
                "--builtin-suite=false", "--test-param", "fixture.dir=" + markers, "--job", "killed", "--build", "1"));
        if (phase.equals("Test")) {
            cmd.addAll(List.of("--suite-package", "io.fede2e.fixtures.runner.slow"));
        } else {
            cmd.addAll(List.of("--suite-package", "io.fede2e.fixtures.runner.basic", "--focus",
                    "should pass \\[Conformance\\]$", "--provider-opt", "down-sleep=60s"));
        }
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("console.txt").toFile()).start();
    }

    private String console() throws IOException {
        Path f = cwd.resolve("console.txt");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
