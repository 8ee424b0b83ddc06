package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadCommandTests {

    @TempDir
    Path cwd;

    private Path runDir() throws IOException {
        Path dir = Files.createDirectories(cwd.resolve("run/artifacts"));
        Files.writeString(cwd.resolve("run/started.json"), "{\"timestamp\": 1700000000}\n");
        Files.writeString(cwd.resolve("run/build-log.txt"), "hello\n");
        Files.writeString(dir.resolve("junit_01.xml"), "<testsuites></testsuites>\n");
        Files.writeString(cwd.resolve("run/finished.json"), "{\"timestamp\": 1700000100, \"result\": \"SUCCESS\"}\n");
        return cwd.resolve("run");
    }

    @Test
    void uploadsWithJenkinsDefaults() throws IOException {
        Path run = runDir();
        Map<String, String> env = Map.of("JOB_NAME", "nightly", "BUILD_NUMBER", "12",
                "JENKINS_GCS_LOGS_PATH", cwd.resolve("bucket").toUri() + "/logs/");
        CliHarness.Outcome o = CliHarness.run(cwd, env, "upload", "--from", run.toString());
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(cwd.resolve("bucket/logs/nightly/12/started.json")).exists();
        assertThat(cwd.resolve("bucket/logs/nightly/12/finished.json")).exists();
        assertThat(cwd.resolve("bucket/logs/nightly/latest-build.txt")).exists();
    }

    @Test
    void flagsWinOverVariables() throws IOException {
        Path run = runDir();
        Map<String, String> env = Map.of("JOB_NAME", "nightly", "BUILD_NUMBER", "12");
        CliHarness.Outcome o = CliHarness.run(cwd, env, "upload", "--from", run.toString(), "--job", "manual",
                "--build", "3", "--to", "file://./b2", "--phase", "started");
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(cwd.resolve("b2/logs/manual/3/started.json")).exists();
        assertThat(cwd.resolve("b2/logs/manual/3/finished.json")).doesNotExist();
    }

    @Test
    void missingJobIsAUsageError() throws IOException {
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "upload", "--from", runDir().toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("pass --job JOB or set JOB_NAME");
    }

    @Test
    void invalidBuildNumberIsAUsageErrorNamingTheVariable() throws IOException {
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of("JOB_NAME", "j", "BUILD_NUMBER", "-4"), "upload",
                "--from", runDir().toString(), "--to", "file://./b");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("BUILD_NUMBER");
    }

    @Test
    void secondUploadOfTheSameBuildFails() throws IOException {
        Path run = runDir();
        assertThat(CliHarness.run(cwd, Map.of(), "upload", "--from", run.toString(), "--job", "j", "--build", "1",
                "--to", "file://./b").exitCode()).isZero();
        CliHarness.Outcome again = CliHarness.run(cwd, Map.of(), "upload", "--from", run.toString(), "--job", "j",
                "--build", "1", "--to", "file://./b", "--phase", "started");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).startsWith("fede2e: error:");
    }
}
