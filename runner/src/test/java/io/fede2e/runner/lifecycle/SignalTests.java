package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A Jenkins abort, for real: the CLI in a child process gets SIGTERM while a test runs. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGTERM is a POSIX signal")
class SignalTests {

    @TempDir
    Path cwd;

    @Test
    void sigtermWhileTestsRunStillRunsDumpLogsAndDownAndUploadsAborted() throws Exception {
        Path markers = Files.createDirectories(cwd.resolve("markers"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.fede2e.runner.Main", "run", "--provider", "fake", "--provider-opt", "marker-dir=" + markers,
                "--builtin-suite=false", "--suite-package", "io.fede2e.fixtures.runner.slow",
                "--test-param", "fixture.dir=" + markers, "--job", "abort-me", "--build", "5")
                .directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(cwd.resolve("console.txt").toFile());
        Process p = pb.start();
        try {
            awaitLine(p, markers.resolve("slow-started"), null);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(console()).isTrue();
            assertThat(p.exitValue()).as(console()).isEqualTo(130);
        } finally {
            p.destroyForcibly();
        }
        List<String> calls = Files.readAllLines(markers.resolve("calls.txt"));
        assertThat(calls).endsWith("dumpLogs", "down");
        Path b = cwd.resolve("_output/bucket/logs/abort-me/5");
        assertThat(new String(Files.readAllBytes(b.resolve("finished.json")), StandardCharsets.UTF_8)).contains("ABORTED");
        assertThat(console()).contains("received SIGTERM");
    }

    @Test
    void aSecondSigtermDuringDownSaysDownIsInProgressAndDoesNotSkipIt() throws Exception {
        Path markers = Files.createDirectories(cwd.resolve("markers"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.fede2e.runner.Main", "run", "--provider", "fake", "--provider-opt", "marker-dir=" + markers,
                "--provider-opt", "down-sleep=3s",
                "--builtin-suite=false", "--suite-package", "io.fede2e.fixtures.runner.slow",
                "--test-param", "fixture.dir=" + markers, "--job", "abort-twice", "--build", "6")
                .directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(cwd.resolve("console.txt").toFile());
        Process p = pb.start();
        try {
            awaitLine(p, markers.resolve("slow-started"), null);
            p.destroy(); // the first SIGTERM: stop the tests, then DumpLogs and Down
            awaitLine(p, markers.resolve("calls.txt"), "down-started");
            p.destroy(); // the second SIGTERM, while Down sleeps
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(console()).isTrue();
            assertThat(p.exitValue()).as(console()).isEqualTo(130);
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readAllLines(markers.resolve("calls.txt"))).as(console())
                .endsWith("dumpLogs", "down-started", "down");
        assertThat(console()).contains("Down is in progress");
        Path b = cwd.resolve("_output/bucket/logs/abort-twice/6");
        assertThat(new String(Files.readAllBytes(b.resolve("finished.json")), StandardCharsets.UTF_8)).contains("ABORTED");
    }

    /** Waits, bounded, until {@code file} exists (and holds {@code line}, when given), or the process ends. */
    private void awaitLine(Process p, Path file, String line) throws Exception {
        await("the child writes " + file).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> !p.isAlive() || holds(file, line));
        assertThat(holds(file, line))
                .as("waiting for " + file + (line == null ? "" : " to hold " + line) + "\n" + console()).isTrue();
    }

    private static boolean holds(Path file, String line) throws IOException {
        return Files.exists(file) && (line == null || Files.readAllLines(file).contains(line));
    }

    private String console() throws IOException {
        Path f = cwd.resolve("console.txt");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
