package io.fede2e.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.DashboardResult;
import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.uploader.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharded pipeline's commands for real: one hollow cluster served by {@code fede2e up}, three
 * {@code fede2e test --shard k/3} processes against it at once, each shard's upload, DumpLogs and
 * Down, and the final phase; the result must be ONE build in the file:// bucket, and on the dashboard.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "down stops the serving process with SIGTERM")
class ShardedFlowTests {

    private static final int SHARDS = 3;
    private static final String JOB = "e2e-hollow-sharded";
    private static final String FOCUS = "^\\[sig-api-machinery\\]";

    @TempDir
    Path cwd;

    private ProcessBuilder fede2e(String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.fede2e.runner.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(cwd.resolve(name + ".log").toFile());
        pb.environment().put("JOB_NAME", JOB);
        pb.environment().put("BUILD_NUMBER", "1");
        pb.environment().remove("JENKINS_GCS_LOGS_PATH");
        return pb;
    }

    /** Runs a step to its end and returns its exit code. */
    private int step(String name, String... args) throws Exception {
        Process p = fede2e(name, args).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not end in 10 minutes: " + log(name));
        }
        return p.exitValue();
    }

    private String log(String name) throws IOException {
        Path f = cwd.resolve(name + ".log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Test
    void threeShardProcessesMakeOneBuildInTheBucketAndOnTheDashboard() throws Exception {
        Process up = fede2e("up", "up", "--nodes", "1").start();
        Path state = cwd.resolve("_output/cluster-state.json");
        try {
            await("fede2e up writes the state file").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(state) || !up.isAlive());
            assertThat(state).as(log("up")).exists();
            assertThat(step("started", "upload", "--phase", "started", "--from", "_output/build", "--to",
                    "file://./bucket")).as(log("started")).isZero();

            // The three agents, at once.
            List<Process> shards = new ArrayList<>();
            for (int k = 1; k <= SHARDS; k++) {
                shards.add(fede2e("test-" + k, "test", "--state", "_output/cluster-state.json", "--shard",
                        k + "/" + SHARDS, "--focus", FOCUS, "--artifacts", "shard-" + k + "/artifacts").start());
            }
            for (int k = 1; k <= SHARDS; k++) {
                assertThat(shards.get(k - 1).waitFor(10, TimeUnit.MINUTES)).isTrue();
                assertThat(shards.get(k - 1).exitValue()).as(log("test-" + k)).isZero();
                assertThat(step("shard-" + k, "upload", "--phase", "shard", "--shard", k + "/" + SHARDS, "--from",
                        "shard-" + k, "--to", "file://./bucket")).as(log("shard-" + k)).isZero();
            }
        } finally {
            int dump = step("dump-logs", "dump-logs", "--out", "_output/final/artifacts/cluster");
            int down = step("down", "down");
            assertThat(up.waitFor(2, TimeUnit.MINUTES)).as(log("up")).isTrue();
            up.destroyForcibly();
            assertThat(down).as(log("down")).isZero();
            assertThat(step("finished", "upload", "--phase", "finished", "--shards", Integer.toString(SHARDS),
                    "--from", "_output/final", "--to", "file://./bucket", "--step", "Up=0", "--step", "DumpLogs=" + dump,
                    "--step", "Down=" + down)).as(log("finished")).isZero();
        }

        try (ObjectStore bucket = ObjectStore.open(cwd.resolve("bucket").toUri().toString())) {
            String build = "logs/" + JOB + "/1/";
            assertThat(bucket.list("logs/" + JOB + "/", "/").prefixes()).containsExactly(build);
            Set<String> names = new HashSet<>();
            int total = 0;
            for (int k = 1; k <= SHARDS; k++) {
                List<TestCase> cases = junit(bucket, build + "artifacts/junit_0" + k + ".xml").testCases();
                total += cases.size();
                cases.forEach(c -> names.add(c.name()));
                assertThat(cases).as("shard " + k).noneMatch(c -> c.status().isFailure());
            }
            assertThat(names).as("every test ran in exactly one shard").hasSize(total);
            assertThat(total).isGreaterThanOrEqualTo(10);
            assertThat(names).allMatch(n -> n.startsWith("[sig-api-machinery]"));
            assertThat(junit(bucket, build + "artifacts/junit_runner.xml").testCases())
                    .extracting(TestCase::name, TestCase::status).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("Up", TestStatus.PASSED),
                            org.assertj.core.groups.Tuple.tuple("Test shard 1/3", TestStatus.PASSED),
                            org.assertj.core.groups.Tuple.tuple("Test shard 2/3", TestStatus.PASSED),
                            org.assertj.core.groups.Tuple.tuple("Test shard 3/3", TestStatus.PASSED),
                            org.assertj.core.groups.Tuple.tuple("DumpLogs", TestStatus.PASSED),
                            org.assertj.core.groups.Tuple.tuple("Down", TestStatus.PASSED));
            Finished finished = Finished.parse(bucket.read(build + "finished.json"));
            assertThat(finished.result()).isEqualTo(Result.SUCCESS);
            assertThat(finished.metadata().get("shards")).hasToString("3");
            assertThat(new String(bucket.read("logs/" + JOB + "/latest-build.txt"), StandardCharsets.UTF_8).trim())
                    .isEqualTo("1");
            assertThat(bucket.list(build + "artifacts/cluster/", "").objects()).as("the cluster dump").isNotEmpty();

            DashboardResult site = Dashboard.generate(DashboardConfig.ofRoots(List.of(bucket.root())),
                    cwd.resolve("site"), Clock.systemUTC(), null);
            assertThat(site.jobs()).isEqualTo(1);
            assertThat(site.tests()).isEqualTo(total);
            assertThat(site.brokenBuilds()).isZero();
            assertThat(Files.readString(site.index())).contains(JOB);
        }
    }

    private static JUnitReport junit(ObjectStore bucket, String name) {
        return JUnitReader.create().read(new ByteArrayInputStream(bucket.read(name)), name);
    }
}
