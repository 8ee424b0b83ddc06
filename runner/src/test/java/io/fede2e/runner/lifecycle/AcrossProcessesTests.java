package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code fede2e up} serving the hollow cluster in one process; {@code test} and {@code down} from another. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "down stops the serving process with SIGTERM")
class AcrossProcessesTests {

    @TempDir
    Path cwd;

    @Test
    void upServesInTheForegroundAndTestAndDownWorkFromElsewhere() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process up = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.fede2e.runner.Main", "up", "--nodes", "1").directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve("up.txt").toFile()).start();
        Path state = cwd.resolve("_output/cluster-state.json");
        try {
            await("up writes its state and says it serves").atMost(Duration.ofSeconds(90))
                    .until(() -> !up.isAlive() || Files.exists(state) && log().contains("press Ctrl-C"));
            assertThat(state).as(log()).exists();
            assertThat(log()).contains("kubeconfig: ", "press Ctrl-C");
            assertThat(up.isAlive()).as("serves in the foreground: " + log()).isTrue();
            String kubeconfig = ClusterState.read(state).kubeconfig();
            assertThat(Path.of(kubeconfig)).exists();

            CliHarness.Outcome test = CliHarness.run(cwd, Map.of(), "test", "--builtin-suite=false",
                    "--suite-package", "io.fede2e.fixtures.runner.basic", "--focus", "should pass \\[Conformance\\]$");
            assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
            assertThat(cwd.resolve("_output/artifacts/junit_01.xml")).exists();

            CliHarness.Outcome down = CliHarness.run(cwd, Map.of(), "down");
            assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as(log()).isTrue();
            assertThat(state).doesNotExist();
        } finally {
            up.destroyForcibly();
        }
    }

    private String log() throws IOException {
        Path f = cwd.resolve("up.txt");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
