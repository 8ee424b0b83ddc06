package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.runner.fakes.CliHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
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

    @Test
    void whatFede2eTestLeftIsRedactedBeforeTheUploadAndWhatCannotBeIsKeptBack() throws IOException {
        // fede2e test writes e2e.log of the upstream suite as it comes: nobody redacted it.
        Path run = runDir();
        Files.writeString(run.resolve("artifacts/e2e.log"), "I1207 kubectl --token s3cr3tT0kenValue get pods\n"
                + "I1207 Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345\n");
        byte[] gz = gzip("token: kubetokenAAAA1111bbbb2222\n".repeat(100));
        Files.write(run.resolve("artifacts/etcd.log.gz"), Arrays.copyOf(gz, gz.length / 2));

        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "upload", "--from", run.toString(), "--job", "j",
                "--build", "5", "--to", "file://./b");

        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        String uploaded = readObject(cwd.resolve("b/logs/j/5/artifacts/e2e.log"));
        assertThat(uploaded).contains("--token [REDACTED]").doesNotContain("s3cr3tT0kenValue")
                .doesNotContain("abcdefghijklmnopqrstuvwxyz012345");
        assertThat(cwd.resolve("b/logs/j/5/artifacts/etcd.log.gz")).doesNotExist();
        assertThat(cwd.resolve("run.not-uploaded/artifacts/etcd.log.gz")).exists();
        assertThat(o.err()).contains("1 file(s) could not be redacted").contains("artifacts/etcd.log.gz");
        assertThat(readObject(cwd.resolve("b/logs/j/5/finished.json"))).contains("upload-problems")
                .contains("artifacts/etcd.log.gz");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** An object of a file:// bucket, gunzipped when the upload stored it compressed. */
    private static String readObject(Path object) throws IOException {
        byte[] bytes = Files.readAllBytes(object);
        if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
