package io.fede2e.runner.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fede2e.runner.fakes.CliHarness;
import io.fede2e.runner.fakes.FakeProviderFactory;
import io.fede2e.runner.lifecycle.ClusterState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection (issue 14): {@code fede2e run} killed with SIGKILL (no shutdown hook runs, as
 * when Jenkins escalates an abort) while Up runs, while the tests run and while Down runs; then the
 * {@code fede2e down --state} the run printed removes the cluster, and nothing is left. The state is
 * recorded during Up, as soon as the provider has begun to create something.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGKILL is a POSIX signal")
class RunnerKilledTests {

    @TempDir
    Path cwd;

    @ParameterizedTest(name = "killed during {0}")
    @ValueSource(strings = {"Up", "Test", "Down"})
    void downWithTheStateThatUpRecordedLeavesNothing(String phase) throws Exception {
        Path markers = Files.createDirectories(cwd.resolve("markers"));
        Process run = start(markers, phase);
        Path barrier = phase.equals("Test") ? markers.resolve("slow-started") : markers.resolve("calls.txt");
        String marker = phase.equals("Up") ? "up fede2e-killed-1" : "down-started";
        killWhen(run, phase + " is running", () -> Files.exists(barrier)
                && (phase.equals("Test") || Files.readString(barrier).contains(marker))
                && (!phase.equals("Up") || Files.exists(markers.resolve(FakeProviderFactory.ALIVE))));
        if (phase.equals("Up")) {
            assertThat(console()).as("killed during Up").doesNotContain("Up: done");
        }
        assertThat(markers.resolve(FakeProviderFactory.ALIVE)).as("the killed run left its cluster").exists();
        Path state = cwd.resolve("_output/runs/killed/1.cluster-state.json");
        assertThat(console()).contains("tear the cluster down with: fede2e down --state " + state);

        CliHarness.Outcome down = CliHarness.run(cwd, Map.of(), "down", "--state", state.toString());

        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        assertThat(markers.resolve(FakeProviderFactory.ALIVE)).as("nothing is left").doesNotExist();
        assertThat(Files.readAllLines(markers.resolve("calls.txt"))).endsWith("reattach", "down");
    }

    /**
     * The embedded cluster dies with the killed process, but leaves its temporary directory (the
     * kubeconfig); Down from the recorded state removes it, and a state recorded during Up names it
     * before the API server starts.
     */
    @ParameterizedTest(name = "hollow killed during {0}")
    @ValueSource(strings = {"Up", "Test"})
    void aKilledHollowRunLeavesNothingAfterDown(String phase) throws Exception {
        Path markers = Files.createDirectories(cwd.resolve("markers"));
        Path state = cwd.resolve("_output/runs/killed/1.cluster-state.json");
        List<String> args = new ArrayList<>(List.of("run", "--provider", "hollow", "--builtin-suite=false",
                "--test-param", "fixture.dir=" + markers, "--job", "killed", "--build", "1"));
        if (phase.equals("Up")) {
            // Enough nodes that Up lasts seconds after it recorded its state.
            args.addAll(List.of("--nodes", "1000", "--suite-package", "io.fede2e.fixtures.runner.basic"));
        } else {
            args.addAll(List.of("--suite-package", "io.fede2e.fixtures.runner.slow"));
        }
        Process run = startMain(args);
        killWhen(run, phase + " is running", () -> Files.exists(state)
                && (phase.equals("Up") || Files.exists(markers.resolve("slow-started"))));
        if (phase.equals("Up")) {
            assertThat(console()).as("killed during Up").doesNotContain("Up: done");
        }
        Path dir = Path.of(ClusterState.read(state).state().get("dir"));
        assertThat(dir).as("the killed run left its directory").isDirectory();

        CliHarness.Outcome down = CliHarness.run(cwd, Map.of(), "down", "--state", state.toString());

        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        assertThat(dir).as("nothing is left").doesNotExist();
        assertThat(state).doesNotExist();
    }

    @Test
    void aFede2eUpKilledDuringUpLeavesAPartialStateThatDownUses() throws Exception {
        Path markers = Files.createDirectories(cwd.resolve("markers"));
        Path state = cwd.resolve("up-state.json");
        Path partial = ClusterState.partial(state);
        Process up = startMain(List.of("up", "--provider", "fake", "--provider-opt", "marker-dir=" + markers,
                "--provider-opt", "up-sleep=60s", "--state", state.toString()));
        killWhen(up, "Up is running",
                () -> Files.exists(partial) && Files.exists(markers.resolve(FakeProviderFactory.ALIVE)));
        assertThat(console()).doesNotContain("Cluster is up");
        // Scripts wait for the state file as the sign that the cluster is up: it must not be there yet.
        assertThat(state).doesNotExist();
        assertThat(CliHarness.run(cwd, Map.of(), "up", "--provider", "fake", "--provider-opt", "marker-dir=" + markers,
                "--state", state.toString()).err()).contains("was stopped during Up; run fede2e down --state " + state);

        CliHarness.Outcome down = CliHarness.run(cwd, Map.of(), "down", "--state", state.toString());

        assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
        assertThat(markers.resolve(FakeProviderFactory.ALIVE)).as("nothing is left").doesNotExist();
        assertThat(partial).doesNotExist();
    }

    /** SIGKILLs {@code process} (no shutdown hook runs) once {@code barrier} holds; it must still be running then. */
    private void killWhen(Process process, String what, Callable<Boolean> barrier) throws Exception {
        try {
            await(what).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || barrier.call());
            assertThat(process.isAlive()).as(console()).isTrue();
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        } finally {
            process.destroyForcibly();
        }
    }

    private Process start(Path markers, String phase) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("run", "--provider", "fake", "--provider-opt", "marker-dir=" + markers,
                "--builtin-suite=false", "--test-param", "fixture.dir=" + markers, "--job", "killed", "--build", "1"));
        if (phase.equals("Test")) {
            cmd.addAll(List.of("--suite-package", "io.fede2e.fixtures.runner.slow"));
        } else if (phase.equals("Up")) {
            cmd.addAll(List.of("--suite-package", "io.fede2e.fixtures.runner.basic", "--provider-opt", "up-sleep=60s"));
        } else {
            cmd.addAll(List.of("--suite-package", "io.fede2e.fixtures.runner.basic", "--focus",
                    "should pass \\[Conformance\\]$", "--provider-opt", "down-sleep=60s"));
        }
        return startMain(cmd);
    }

    private Process startMain(List<String> args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.fede2e.runner.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("console.txt").toFile()).start();
    }

    private String console() throws IOException {
        Path f = cwd.resolve("console.txt");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
