package io.fede2e.runner.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.Started;
import io.fede2e.uploader.ObjectInfo;
import io.fede2e.uploader.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection (issue 14): {@code fede2e upload} is killed with SIGKILL at a random point of
 * its run, then run again as a Jenkins retry would (phase finished when started.json is there,
 * else all). Every build must end complete (every local file, byte for byte, and finished.json),
 * with no object missing or extra, and latest-build.txt must never move backwards, not even right
 * after a kill. Verify runs {@value #DEFAULT_TRIALS} kill points; the {@code fault} profile runs 50
 * ({@code ./mvnw -B -pl runner -am verify -Pfault}).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGKILL is a POSIX signal")
class UploadKilledTests {

    static final int DEFAULT_TRIALS = 3;
    private static final String JOB = "fault-upload";

    @TempDir
    Path tmp;

    @Test
    void everyBuildEndsCompleteAfterAKillAndARerunAndLatestBuildNeverMovesBack() throws Exception {
        int trials = Integer.getInteger("fede2e.fault.trials", DEFAULT_TRIALS);
        Random random = new Random(Long.getLong("fede2e.fault.seed", 14L));
        String root = tmp.resolve("bucket").toUri().toString();
        // One whole upload sets the range the kill points are drawn from: from started.json (the JVM
        // start before it is not worth killing) to the end.
        long fullMillis = calibrate(root);
        long previousLatest = 0;
        int killedMidway = 0;
        int endedBeforeTheKill = 0;
        StringBuilder report = new StringBuilder();
        try (ObjectStore store = ObjectStore.open(root)) {
            for (int build = 1; build <= trials; build++) {
                Path run = runDir(tmp.resolve("runs/" + build), build);
                long killAfter = random.nextLong(fullMillis);
                Process upload = upload(run, build, "all");
                BuildPaths paths = new BuildPaths(io.fede2e.layout.JobName.of(JOB), new io.fede2e.layout.BuildId(build));
                await("build " + build + " starts").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                        .until(() -> !upload.isAlive() || store.stat(paths.started()).isPresent());
                if (upload.waitFor(killAfter, TimeUnit.MILLISECONDS)) {
                    endedBeforeTheKill++;
                } else {
                    upload.destroyForcibly(); // SIGKILL
                    upload.waitFor();
                    killedMidway++;
                }
                long afterKill = latest(store);
                assertThat(afterKill).as("latest-build.txt right after the kill of build %d", build)
                        .isGreaterThanOrEqualTo(previousLatest).isLessThanOrEqualTo(build);

                String phase = store.stat(paths.started()).isPresent() ? "finished" : "all";
                Process rerun = upload(run, build, phase);
                assertThat(rerun.waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(rerun.exitValue()).as(output(build)).isZero();

                assertComplete(store, run, build);
                assertThat(latest(store)).isEqualTo(build);
                previousLatest = build;
                report.append(String.format("build %d: killed %d ms after started.json (%s), rerun phase %s%n",
                        build, killAfter, afterKill < build ? "before latest-build.txt moved" : "after it moved",
                        phase));
            }
        }
        String summary = String.format("upload SIGKILL trials: %d (kill points 0..%d ms after started.json, the"
                + " length of one upload from there %d ms); killed"
                + " mid-upload %d, ended before the kill %d; every build complete after a rerun, none lost,"
                + " latest-build.txt never moved back%n", trials, fullMillis, fullMillis, killedMidway,
                endedBeforeTheKill);
        Path out = Path.of("target", "fault");
        Files.createDirectories(out);
        Files.writeString(out.resolve("upload-killed.txt"), summary + report);
        System.out.print(summary + report);
        assertThat(killedMidway).as("some kills must land inside an upload: " + summary).isPositive();
    }

    private long calibrate(String root) throws Exception {
        Path run = runDir(tmp.resolve("runs/calibration"), 1);
        Path started = tmp.resolve("bucket/logs/calibration/1/started.json");
        Process p = new ProcessBuilder(command(run, "calibration", 1, "all", root)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("calibration.txt").toFile()).start();
        await("the calibration upload starts").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> !p.isAlive() || Files.exists(started));
        long t0 = System.nanoTime();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("calibration.txt"))).isZero();
        return Math.max(50, (System.nanoTime() - t0) / 1_000_000);
    }

    private Process upload(Path run, int build, String phase) throws IOException {
        String root = tmp.resolve("bucket").toUri().toString();
        return new ProcessBuilder(command(run, JOB, build, phase, root)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("upload-" + build + ".txt").toFile()))
                .start();
    }

    private static List<String> command(Path run, String job, int build, String phase, String root) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-cp", System.getProperty("java.class.path"), "io.fede2e.runner.Main",
                "upload", "--from", run.toString(), "--to", root, "--job", job, "--build", Integer.toString(build),
                "--phase", phase);
    }

    private String output(int build) throws IOException {
        Path f = tmp.resolve("upload-" + build + ".txt");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** A run directory of 200 artifacts, small and large, text and binary, as a nightly build has. */
    private static Path runDir(Path dir, int build) throws IOException {
        Files.createDirectories(dir.resolve("artifacts/nodes"));
        Files.write(dir.resolve(BuildPaths.STARTED), Started.of(1_765_000_000L + build, Map.of("provider", "fake"))
                .toJson());
        Files.writeString(dir.resolve(BuildPaths.BUILD_LOG), ("build " + build + " log line\n").repeat(20_000));
        Random content = new Random(build);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[i % 10 == 0 ? 256 * 1024 : 2048];
            content.nextBytes(bytes);
            String name = i % 2 == 0 ? "artifacts/nodes/node-" + i + ".log" : "artifacts/metrics-" + i + ".bin";
            if (name.endsWith(".log")) {
                bytes = ("node " + i + " of build " + build + "\n").repeat(bytes.length / 24)
                        .getBytes(StandardCharsets.UTF_8);
            }
            Files.write(dir.resolve(name), bytes);
        }
        Files.writeString(dir.resolve("artifacts/junit_01.xml"), "<testsuite name=\"e2e\" tests=\"1\"><testcase"
                + " name=\"t" + build + "\"/></testsuite>\n");
        Files.write(dir.resolve(BuildPaths.FINISHED), Finished.of(1_765_000_100L + build, Result.SUCCESS,
                Map.of("provider", "fake")).toJson());
        return dir;
    }

    /** Every local file is an object with its bytes, and the build holds nothing else. */
    private static void assertComplete(ObjectStore store, Path run, int build) throws IOException {
        String prefix = "logs/" + JOB + "/" + build + "/";
        Map<String, byte[]> expected = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                expected.put(prefix + run.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        List<String> stored = store.list(prefix, "").objects().stream().map(ObjectInfo::name).toList();
        assertThat(stored).as("objects of build %d", build).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertThat(store.read(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static long latest(ObjectStore store) {
        String name = "logs/" + JOB + "/latest-build.txt";
        if (store.stat(name).isEmpty()) {
            return 0;
        }
        return Long.parseLong(new String(store.read(name), StandardCharsets.UTF_8).strip());
    }
}
