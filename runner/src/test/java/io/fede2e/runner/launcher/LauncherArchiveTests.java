package io.fede2e.runner.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./fede2e} launcher's class data sharing archive, driven against a fake JDK whose
 * {@code java} records each call and behaves as told: the archive only ever speeds a command up,
 * it never changes a command's exit code and never runs a command twice.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherArchiveTests {

    /**
     * A stand-in for {@code java}: the recording run writes the launcher's marker as Main does,
     * then behaves as {@code FAKE_MODE} says; a {@code -version} check of an archive passes when
     * the archive is not empty.
     */
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            archive="" marker="" shared="" check=""
            for a in "$@"; do
              case "$a" in
                -XX:ArchiveClassesAtExit=*) archive="${a#*=}" ;;
                -Dfede2e.launcherMarker=*) marker="${a#*=}" ;;
                -XX:SharedArchiveFile=*) shared="${a#*=}" ;;
                -version) check=yes ;;
              esac
            done
            if [[ -n "$check" ]]; then [[ -s "$shared" ]]; exit $?; fi
            if [[ -n "$archive" ]]; then
              echo "record $*" >> "$FAKE_LOG"
              case "$FAKE_MODE" in
                no-init) echo "Error occurred during initialization of VM" >&2; exit 1 ;;
              esac
              echo started > "$marker"
              case "$FAKE_MODE" in
                ok) echo "exit 0" > "$marker"; echo archive > "$archive"; exit 0 ;;
                dump-fails) echo "exit 0" > "$marker"; echo "Unable to create shared archive file" >&2; exit 1 ;;
                tests-fail) echo "exit 1" > "$marker"; echo archive > "$archive"; exit 1 ;;
                crash) echo archive > "$archive"; exit 134 ;;
              esac
            fi
            if [[ -n "$shared" ]]; then echo "shared $*" >> "$FAKE_LOG"; else echo "plain $*" >> "$FAKE_LOG"; fi
            exit "${FAKE_PLAIN_RC:-0}"
            """;

    @TempDir
    Path dir;

    private Path root;
    private Path jdk;
    private Path log;
    private Path cds;

    @BeforeEach
    void layOut() throws IOException {
        root = dir.resolve("repo");
        Path lib = Files.createDirectories(root.resolve("runner/target/fede2e-dist/lib"));
        Files.writeString(lib.resolve("runner-0.1.0-SNAPSHOT.jar"), "jar");
        Files.writeString(root.resolve("runner/target/fede2e-dist/.built"), "");
        Path launcher = root.resolve("fede2e");
        Files.copy(Path.of("..", "fede2e"), launcher);
        launcher.toFile().setExecutable(true);

        jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("lib/server"));
        Files.writeString(jdk.resolve("lib/server/classes.jsa"), "base archive");
        Files.writeString(jdk.resolve("lib/server/libjvm.so"), "jvm");
        Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The JDK predates the archives, as after an install.
        jdk.resolve("lib/server/libjvm.so").toFile().setLastModified(System.currentTimeMillis() - 60_000);
        lib.resolve("runner-0.1.0-SNAPSHOT.jar").toFile().setLastModified(System.currentTimeMillis() - 60_000);
        log = dir.resolve("calls.log");
        cds = root.resolve("runner/target/fede2e-dist/cds");
    }

    private record Outcome(int exitCode, List<String> calls, String err) {
        long count(String kind) {
            return calls.stream().filter(c -> c.startsWith(kind + " ")).count();
        }
    }

    private Outcome launch(String mode, String... args) throws IOException, InterruptedException {
        return launch(Map.of(), mode, args);
    }

    private Outcome launch(Map<String, String> env, String mode, String... args)
            throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of(root.resolve("fede2e").toString()), Stream.of(args)).toList();
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("FAKE_MODE", mode);
        pb.environment().put("FAKE_LOG", log.toString());
        pb.environment().remove("FEDE2E_CDS");
        pb.environment().remove("FEDE2E_JAVA_OPTS");
        pb.environment().putAll(env);
        Files.deleteIfExists(log);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Outcome(p.exitValue(), calls, err);
    }

    private List<String> cdsFiles() throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFirstSuccessfulRunRecordsTheArchiveThatLaterRunsMap() throws Exception {
        Outcome first = launch("ok", "list-tests");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.count("record")).isEqualTo(1);
        assertThat(cdsFiles()).singleElement().asString().startsWith("list-tests-").endsWith(".jsa");

        Outcome second = launch("ok", "list-tests");
        assertThat(second.exitCode()).isZero();
        assertThat(second.calls()).singleElement().asString().startsWith("shared ");
    }

    @Test
    void aFullDiskKeepsTheCommandsExitCodeAndDoesNotRunItTwice() throws Exception {
        Outcome o = launch("dump-fails", "test");

        assertThat(o.exitCode()).as("the command passed; only the archive failed").isZero();
        assertThat(o.calls()).as("the command ran once").hasSize(1);
        assertThat(cdsFiles()).as("no archive, and none tried again").singleElement().asString().endsWith(".jsa.off");

        Outcome next = launch("dump-fails", "test");
        assertThat(next.calls()).singleElement().asString().startsWith("plain ");
    }

    @Test
    void aFailedCommandKeepsItsExitCodeAndLeavesNoArchive() throws Exception {
        Outcome o = launch("tests-fail", "test");

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.calls()).hasSize(1);
        assertThat(cdsFiles()).as("a failed run may not load what a real one does: no archive, try again next time")
                .isEmpty();
    }

    @Test
    void aJvmThatCannotRecordRunsTheCommandWithoutAnArchiveOnce() throws Exception {
        Outcome o = launch("no-init", "dashboard", "--help-not-given");

        assertThat(o.exitCode()).isZero();
        assertThat(o.count("record")).isEqualTo(1);
        assertThat(o.count("plain")).as("the command itself ran once, without the archive").isEqualTo(1);
        assertThat(cdsFiles()).singleElement().asString().endsWith(".jsa.off");
    }

    @Test
    void aCrashedRunIsNotRunAgainAndLeavesNoArchive() throws Exception {
        Outcome o = launch("crash", "test");

        assertThat(o.exitCode()).isEqualTo(134);
        assertThat(o.calls()).hasSize(1);
        assertThat(cdsFiles()).isEmpty();
    }

    @Nested
    class WithoutAnArchive {

        @Test
        void commandsOtherThanTestListTestsAndDashboardRunPlain() throws Exception {
            Outcome o = launch("ok", "run");
            assertThat(o.calls()).singleElement().asString().startsWith("plain ");
            assertThat(cdsFiles()).isEmpty();
        }

        @Test
        void helpRunsPlain() throws Exception {
            Outcome o = launch("ok", "test", "--help");
            assertThat(o.calls()).singleElement().asString().startsWith("plain ");
        }

        @Test
        void fede2eCdsFalseTurnsItOff() throws Exception {
            Outcome o = launch(Map.of("FEDE2E_CDS", "false"), "ok", "test");
            assertThat(o.calls()).singleElement().asString().startsWith("plain ");
            assertThat(cdsFiles()).isEmpty();
        }
    }
}
