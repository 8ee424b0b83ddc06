package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One build made by N shards: started once, each shard's junit_0K.xml, finished.json last with the combined verdict. */
class ShardedBuildTests {

    private static final String PASSED = "<testsuite name=\"e2e\" tests=\"2\"><testcase name=\"[sig-a] passes %d\"/>"
            + "<testcase name=\"[sig-a] passes too %d\"/></testsuite>\n";
    private static final String FAILED = "<testsuite name=\"e2e\" tests=\"2\"><testcase name=\"[sig-a] passes %d\"/>"
            + "<testcase name=\"[sig-a] fails %d\"><failure message=\"boom token=sekretTOKEN12345\">at x</failure>"
            + "</testcase></testsuite>\n";

    @TempDir
    Path cwd;

    private final Map<String, String> jenkins = Map.of("JOB_NAME", "e2e-hollow-sharded", "BUILD_NUMBER", "7",
            "NODE_NAME", "agent-0");

    private CliHarness.Outcome fede2e(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--to", "file://./bucket"));
        return CliHarness.run(cwd, jenkins, all.toArray(String[]::new));
    }

    private Path build() {
        return cwd.resolve("bucket/logs/e2e-hollow-sharded/7");
    }

    private void start() {
        CliHarness.Outcome o = fede2e("upload", "--phase", "started", "--from", "_output/build");
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
    }

    private CliHarness.Outcome shard(int k, int n, String junit) throws IOException {
        Path dir = cwd.resolve("shard-" + k);
        Files.createDirectories(dir.resolve("artifacts"));
        Files.writeString(dir.resolve("artifacts/junit_0" + k + ".xml"), String.format(junit, k, k));
        Files.writeString(dir.resolve("artifacts/progress_0" + k + ".json"), "{}\n");
        return fede2e("upload", "--phase", "shard", "--shard", k + "/" + n, "--from", dir.toString());
    }

    private CliHarness.Outcome finish(int n, String... steps) {
        List<String> args = new ArrayList<>(List.of("upload", "--phase", "finished", "--shards", Integer.toString(n),
                "--from", "_output/final"));
        for (String s : steps) {
            args.add("--step");
            args.add(s);
        }
        return fede2e(args.toArray(String[]::new));
    }

    private List<TestCase> steps() {
        JUnitReport r = JUnitReader.create().read(build().resolve("artifacts/junit_runner.xml"));
        return r.testCases();
    }

    private Finished finished() throws IOException {
        return Finished.parse(Files.readAllBytes(build().resolve("finished.json")));
    }

    @Nested
    class Started {

        @Test
        void writesStartedJsonOnceWhenTheDirectoryHasNone() throws IOException {
            start();
            assertThat(cwd.resolve("_output/build/started.json")).exists();
            assertThat(Files.readString(build().resolve("started.json"))).contains("agent-0");
            assertThat(build().resolve("finished.json")).doesNotExist();

            CliHarness.Outcome again = fede2e("upload", "--phase", "started", "--from", "_output/build");
            assertThat(again.exitCode()).isNotZero();
            assertThat(again.err()).contains("already exists");
        }
    }

    @Nested
    class Shards {

        @Test
        void eachShardAddsItsFilesAndNoFinishedJson() throws IOException {
            start();
            for (int k = 1; k <= 3; k++) {
                CliHarness.Outcome o = shard(k, 3, PASSED);
                assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            }
            assertThat(build().resolve("artifacts")).isDirectoryContaining("glob:**/junit_01.xml")
                    .isDirectoryContaining("glob:**/junit_02.xml").isDirectoryContaining("glob:**/junit_03.xml")
                    .isDirectoryContaining("glob:**/progress_03.json");
            assertThat(build().resolve("finished.json")).doesNotExist();
            assertThat(cwd.resolve("bucket/logs/e2e-hollow-sharded/latest-build.txt")).doesNotExist();
        }

        @Test
        void aShardOfABuildNeverStartedIsRefused() throws IOException {
            CliHarness.Outcome o = shard(1, 2, PASSED);
            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.err()).contains("was never started", "--phase started first");
            assertThat(build().resolve("artifacts/junit_01.xml")).doesNotExist();
        }

        @Test
        void aShardOfAFinishedBuildIsRefused() throws IOException {
            start();
            assertThat(shard(1, 1, PASSED).exitCode()).isZero();
            assertThat(finish(1, "Up=0", "Down=0").exitCode()).isZero();
            CliHarness.Outcome late = shard(1, 1, FAILED);
            assertThat(late.exitCode()).isEqualTo(1);
            assertThat(late.err()).contains("is finished already");
            assertThat(Files.readString(build().resolve("artifacts/junit_01.xml"))).doesNotContain("fails");
        }

        @Test
        void aShardWithoutItsJunitFileIsAUsageError() throws IOException {
            start();
            Files.createDirectories(cwd.resolve("empty/artifacts"));
            CliHarness.Outcome o = fede2e("upload", "--phase", "shard", "--shard", "2/3", "--from", "empty");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("junit_02.xml", "fede2e test --shard 2/3");
        }

        @Test
        void aShardDirectoryHoldingTheBuildsOwnFilesIsRefused() throws IOException {
            start();
            Files.createDirectories(cwd.resolve("shard-1"));
            Files.writeString(cwd.resolve("shard-1/build-log.txt"), "shard log\n");
            CliHarness.Outcome o = shard(1, 2, PASSED);
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("build-log.txt", "only its artifacts/");
            assertThat(build().resolve("artifacts")).doesNotExist();
        }

        @Test
        void shardWithoutShardOptionAndBadShardsAreUsageErrors() {
            assertThat(fede2e("upload", "--phase", "shard", "--from", ".").err()).contains("needs --shard K/N");
            assertThat(fede2e("upload", "--phase", "shard", "--shard", "4/3", "--from", ".").err())
                    .contains("--shard: shard 4/3 is invalid");
            assertThat(fede2e("upload", "--phase", "shard", "--shard", "1/3", "--from", ".").exitCode()).isEqualTo(2);
        }
    }

    @Nested
    class Finish {

        @Test
        void allShardsPassedMakeOneSuccessfulBuildWithTheSteps() throws IOException {
            start();
            for (int k = 1; k <= 3; k++) {
                assertThat(shard(k, 3, PASSED).exitCode()).isZero();
            }
            CliHarness.Outcome o = finish(3, "Up=0", "DumpLogs=0", "Down=0");
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(o.out()).contains("SUCCESS (3 shards)");
            assertThat(steps()).extracting(TestCase::name).containsExactly("Up", "Test shard 1/3", "Test shard 2/3",
                    "Test shard 3/3", "DumpLogs", "Down");
            assertThat(steps()).extracting(TestCase::status).containsOnly(TestStatus.PASSED);
            assertThat(finished().result()).isEqualTo(Result.SUCCESS);
            assertThat(finished().metadata().get("shards")).hasToString("3");
            assertThat(Files.readString(cwd.resolve("bucket/logs/e2e-hollow-sharded/latest-build.txt")).trim())
                    .isEqualTo("7");
        }

        @Test
        void aFailedShardFailsTheBuildAndNamesItsFirstFailure() throws IOException {
            start();
            assertThat(shard(1, 2, PASSED).exitCode()).isZero();
            assertThat(shard(2, 2, FAILED).exitCode()).isZero();
            assertThat(finish(2, "Up=0", "DumpLogs=0", "Down=0").exitCode()).isZero();
            assertThat(finished().result()).isEqualTo(Result.FAILURE);
            TestCase failed = steps().stream().filter(s -> s.name().equals("Test shard 2/2")).findFirst().orElseThrow();
            assertThat(failed.status()).isEqualTo(TestStatus.FAILED);
            assertThat(failed.message()).isEqualTo("1 of 2 tests failed, first: [sig-a] fails 2");
        }

        @Test
        void aShardThatUploadedNothingFailsTheBuild() throws IOException {
            start();
            assertThat(shard(1, 3, PASSED).exitCode()).isZero();
            assertThat(shard(3, 3, PASSED).exitCode()).isZero();
            CliHarness.Outcome o = finish(3, "Up=0", "DumpLogs=0", "Down=0");
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("FAILURE (3 shards, no results from [2])");
            assertThat(finished().result()).isEqualTo(Result.FAILURE);
            assertThat(steps()).filteredOn(s -> s.name().equals("Test shard 2/3")).singleElement()
                    .satisfies(s -> assertThat(s.message()).contains("uploaded no junit_02.xml"));
        }

        @Test
        void anAbortedStepMakesAnAbortedBuildAndDownStillCounts() throws IOException {
            start();
            assertThat(shard(1, 1, PASSED).exitCode()).isZero();
            assertThat(finish(1, "Up=0", "DumpLogs=0", "Down=130").exitCode()).isZero();
            assertThat(finished().result()).isEqualTo(Result.ABORTED);
            assertThat(steps()).filteredOn(s -> s.name().equals("Down")).singleElement()
                    .satisfies(s -> assertThat(s.message()).isEqualTo("aborted"));
        }

        @Test
        void aFailedDumpLogsAloneKeepsTheBuildGreenButAFailedDownFailsIt() throws IOException {
            start();
            assertThat(shard(1, 1, PASSED).exitCode()).isZero();
            assertThat(finish(1, "Up=0", "DumpLogs=3", "Down=3").exitCode()).isZero();
            assertThat(finished().result()).isEqualTo(Result.FAILURE);
            assertThat(steps()).filteredOn(s -> s.name().equals("DumpLogs")).singleElement()
                    .satisfies(s -> assertThat(s.message()).isEqualTo("exited with code 3"));
        }

        @Test
        void theFinalPhaseOfABuildNeverStartedFailsAndWritesNothing() {
            CliHarness.Outcome o = finish(2, "Up=0");
            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.err()).contains("was never started");
            assertThat(build()).doesNotExist();
        }

        @Test
        void badStepsAreUsageErrorsBeforeAnythingIsWritten() {
            CliHarness.Outcome bad = finish(2, "Up");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("--step: step 'Up' is invalid: use NAME=EXIT_CODE");
            CliHarness.Outcome noShards = fede2e("upload", "--phase", "finished", "--from", ".", "--step", "Up=0");
            assertThat(noShards.exitCode()).isEqualTo(2);
            assertThat(noShards.err()).contains("--step needs --shards N");
            assertThat(cwd.resolve("bucket")).doesNotExist();
        }
    }

    @Nested
    class TestCommandShards {

        @Test
        void aShardWritesJunitAndProgressOfItsOwn() throws IOException {
            Path kubeconfig = Files.writeString(cwd.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "test", "--kubeconfig", kubeconfig.toString(),
                    "--builtin-suite=false", "--suite-package", "io.fede2e.fixtures.runner.basic",
                    "--focus", "should pass", "--shard", "2/3", "--artifacts", "shard-2/artifacts");
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(cwd.resolve("shard-2/artifacts/junit_02.xml")).exists();
            assertThat(cwd.resolve("shard-2/artifacts/progress_02.json")).exists();
            assertThat(cwd.resolve("shard-2/artifacts/junit_01.xml")).doesNotExist();
        }
    }
}
