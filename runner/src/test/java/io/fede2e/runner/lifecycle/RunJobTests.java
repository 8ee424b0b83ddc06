package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.runner.fakes.CliHarness;
import io.fede2e.runner.fakes.FakeProviderFactory;
import io.fede2e.runner.fakes.OutputTree;
import io.fede2e.uploader.Uploader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJobTests {

    @TempDir
    Path cwd;

    private CliHarness.Outcome run(Map<String, String> env, String... extra) throws IOException {
        Path markers = Files.createDirectories(cwd.resolve("markers"));
        List<String> args = new ArrayList<>(List.of("run", "--provider", "fake", "--provider-opt",
                "marker-dir=" + markers, "--provider-opt", "api-key=apiKeyVerySecret42", "--builtin-suite=false",
                "--test-param", "fixture.dir=" + markers));
        args.addAll(List.of(extra));
        return CliHarness.run(cwd, env, args.toArray(String[]::new));
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(cwd.resolve("markers/calls.txt"));
    }

    private Path build(String job, int n) {
        return cwd.resolve("_output/bucket/logs/" + job + "/" + n);
    }

    @Test
    void aPassingRunUploadsTheWholeLayoutAndExitsZero() throws IOException {
        CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.basic",
                "--focus", "should pass \\[Conformance\\]$");
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(calls()).containsExactly("up fede2e-local-fake-" + calls().get(0).substring(
                "up fede2e-local-fake-".length()), "dumpLogs", "down");
        Path b = build("local-fake", 1);
        assertThat(b.resolve("started.json")).exists();
        assertThat(b.resolve("finished.json")).exists();
        assertThat(b.resolve("build-log.txt")).exists();
        assertThat(b.resolve("artifacts/junit_01.xml")).exists();
        assertThat(b.resolve("artifacts/junit_runner.xml")).exists();
        assertThat(cwd.resolve("_output/bucket/logs/local-fake/latest-build.txt")).exists();
        String all = OutputTree.readAll(b);
        assertThat(all).contains("SUCCESS");
        assertThat(o.out()).contains("1 tests: 1 passed, 0 failed", "Results: ");
    }

    @Test
    void dashboardFlagBuildsTheHistorySiteOfTheRoot() throws IOException {
        CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.basic",
                "--focus", "should pass \\[Conformance\\]$", "--dashboard", "site");
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(cwd.resolve("site/index.html")).exists();
        assertThat(o.out()).contains("dashboard: open ");
    }

    @Test
    void failingTestsExitOneAndMarkTheBuildFailed() throws IOException {
        CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.basic");
        assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(OutputTree.readAll(build("local-fake", 1).resolve("finished.json"))).contains("FAILURE");
        assertThat(o.out()).contains("Failed:", "[sig-fixture] Basic should fail");
        assertThat(calls()).endsWith("dumpLogs", "down");
    }

    @Nested
    class DownAlwaysRuns {
        @Test
        void afterAFailingUpWithDumpLogsFirstAndExitThree() throws IOException {
            CliHarness.Outcome o = run(Map.of(), "--provider-opt", "fail-up=true",
                    "--suite-package", "io.fede2e.fixtures.runner.basic");
            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(3);
            assertThat(calls().subList(1, 3)).containsExactly("dumpLogs", "down");
            String runner = OutputTree.readAll(build("local-fake", 1).resolve("artifacts"));
            assertThat(runner).contains("quota exceeded", "gcloud said").doesNotContain(FakeProviderFactory.PASSWORD);
            assertThat(OutputTree.readAll(build("local-fake", 1).resolve("finished.json"))).contains("FAILURE");
        }

        @Test
        void afterATestTimeout() throws IOException {
            CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.slow",
                    "--test-timeout", "300ms");
            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(1);
            assertThat(calls()).endsWith("dumpLogs", "down");
            assertThat(OutputTree.readAll(build("local-fake", 1).resolve("artifacts/junit_01.xml"))).contains("timed out");
        }

        @Test
        void afterTheGlobalTimeoutWhichKeepsAReserve() throws IOException {
            long t0 = System.nanoTime();
            CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.slow",
                    "--timeout", "3s", "--timeout-reserve", "1s");
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(1);
            assertThat(o.err()).contains("global timeout of 3s reached");
            assertThat(calls()).endsWith("dumpLogs", "down");
        }

        /** Issue 14: DumpLogs ran without limit after the global timeout, and Jenkins' SIGKILL then left the cluster. */
        @Test
        void afterTheGlobalTimeoutAHangingDumpLogsIsCutOffAndDownKeepsItsTime() throws IOException {
            long t0 = System.nanoTime();
            CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.slow",
                    "--timeout", "6s", "--timeout-reserve", "4s", "--provider-opt", "dump-hang=60s");

            assertThat((System.nanoTime() - t0) / 1e9).as("the run ends long before the dump would").isLessThan(40);
            assertThat(calls()).as(o.err()).endsWith("dumpLogs", "dumpLogs-hangs", "down");
            assertThat(o.err()).contains("DumpLogs timed out after");
            Path b = build("local-fake", 1);
            assertThat(OutputTree.readAll(b.resolve("artifacts/junit_runner.xml"))).contains("DumpLogs timed out after");
            assertThat(b.resolve("artifacts/node.log")).as("what the dump wrote before it hung is kept").exists();
            assertThat(b.resolve("finished.json")).exists();
        }

        @Test
        void exceptWithDownFalseWhichKeepsTheClusterAndSaysHowToRemoveIt() throws IOException {
            CliHarness.Outcome o = run(Map.of("E2E_DOWN", "false"), "--suite-package",
                    "io.fede2e.fixtures.runner.basic", "--focus", "should pass \\[Conformance\\]$");
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(calls()).doesNotContain("down");
            assertThat(o.out()).contains("fede2e down --state");
            assertThat(cwd.resolve("_output/cluster-state.json")).exists();
            CliHarness.Outcome d = CliHarness.run(cwd, Map.of(), "down");
            assertThat(d.exitCode()).as(d.out() + d.err()).isZero();
            assertThat(calls()).endsWith("reattach", "down");
        }
    }

    @Test
    void secretsReachNeitherTheRunDirectoryNorTheBucket() throws IOException {
        CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.basic",
                "--provider-opt", "fail-up=false");
        assertThat(o.exitCode()).isEqualTo(1);
        String bucket = OutputTree.readAll(cwd.resolve("_output/bucket"));
        String local = OutputTree.readAll(cwd.resolve("_output/runs"));
        for (String secret : List.of(FakeProviderFactory.KUBE_TOKEN, FakeProviderFactory.CLIENT_KEY,
                FakeProviderFactory.EXEC_ENV, FakeProviderFactory.PEM_BODY, FakeProviderFactory.SAS_SIG,
                FakeProviderFactory.PASSWORD, "apiKeyVerySecret42", "sekretTOKEN12345", "pw12345678")) {
            assertThat(bucket).as("bucket").doesNotContain(secret);
            assertThat(local).as("run directory").doesNotContain(secret);
            assertThat(o.out() + o.err()).as("console").doesNotContain(secret);
        }
        assertThat(bucket).contains("kubelet started", "[REDACTED]");
    }

    /** Issue 14: one file that cannot be scrubbed or uploaded must not cost the verdict. */
    @Nested
    class TheVerdictIsNeverLost {
        @Test
        void filesThatCannotBeScrubbedOrUploadedAreListedAndFinishedJsonIsWritten() throws IOException {
            CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.basic",
                    "--focus", "should pass \\[Conformance\\]$", "--provider-opt", "dump-hostile=true");

            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(3);
            Path b = build("local-fake", 1);
            Finished finished = Finished.parse(Files.readAllBytes(b.resolve("finished.json")));
            assertThat(finished.result()).isEqualTo(Result.SUCCESS);
            assertThat(finished.metadata().get(Uploader.UPLOAD_PROBLEMS)).asList().hasSize(2)
                    .anySatisfy(p -> assertThat(p).asString().startsWith("artifacts/etcd.log.gz: not a readable gzip"))
                    .anySatisfy(p -> assertThat(p).asString().startsWith("artifacts/outside.txt: symlink pointing"));
            assertThat(b.resolve("artifacts/etcd.log.gz")).doesNotExist();
            assertThat(b.resolve("artifacts/outside.txt")).doesNotExist();
            assertThat(cwd.resolve("_output/runs/local-fake/1.not-uploaded/artifacts/etcd.log.gz")).exists();
            assertThat(OutputTree.readAll(b)).contains("apiserver up").doesNotContain(FakeProviderFactory.KUBE_TOKEN);
            assertThat(cwd.resolve("_output/bucket/logs/local-fake/latest-build.txt")).hasContent("1");
            assertThat(o.err()).contains("could not be redacted and are not uploaded", "etcd.log.gz",
                    "outside.txt: symlink pointing outside");
        }

        @Test
        void aGivenBuildWhoseLocalDirectoryExistsIsRefusedBeforeAnyWrite() throws IOException {
            Files.createDirectories(cwd.resolve("_output/runs/local-fake/7"));

            CliHarness.Outcome o = run(Map.of("BUILD_NUMBER", "7"), "--suite-package", "io.fede2e.fixtures.runner.basic");

            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(2);
            assertThat(o.err()).contains("_output/runs/local-fake/7 already exists", "nothing was written");
            assertThat(cwd.resolve("_output/bucket")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(),
                    p -> assertThat(OutputTree.readAll(p)).doesNotContain("started"));
        }

        @Test
        void anAllocatedBuildMeetingAStaleLocalDirectoryStillFinishes() throws IOException {
            Files.createDirectories(cwd.resolve("_output/runs/local-fake/1"));

            CliHarness.Outcome o = run(Map.of(), "--suite-package", "io.fede2e.fixtures.runner.basic",
                    "--focus", "should pass \\[Conformance\\]$");

            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(build("local-fake", 1).resolve("finished.json")).exists();
            assertThat(cwd.resolve("_output/runs/local-fake/1-2/finished.json")).exists();
            assertThat(o.err()).contains("this run's local copy is");
        }
    }

    @Test
    void jenkinsVariablesFillJobBuildAndRootAndFlagsWin() throws IOException {
        Map<String, String> env = Map.of("JOB_NAME", "ci-nightly", "BUILD_NUMBER", "41", "NODE_NAME", "agent-7",
                "BUILD_URL", "https://jenkins.example/job/ci-nightly/41/",
                "JENKINS_GCS_LOGS_PATH", cwd.resolve("jbucket").toUri() + "/logs",
                "GINKGO_TEST_ARGS", "--ginkgo.focus=should\\spass\\s\\[Conformance --ginkgo.skip=Slow");
        CliHarness.Outcome o = run(env, "--suite-package", "io.fede2e.fixtures.runner.basic");
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        Path b = cwd.resolve("jbucket/logs/ci-nightly/41");
        assertThat(OutputTree.readAll(b.resolve("started.json"))).contains("agent-7", "https://jenkins.example/job/ci-nightly/41/");
        assertThat(OutputTree.readAll(b.resolve("artifacts/junit_01.xml"))).contains("should pass").doesNotContain("should fail");
        CliHarness.Outcome flagged = run(env, "--suite-package", "io.fede2e.fixtures.runner.basic", "--build", "42",
                "--job", "other", "--focus", "should pass \\[Conformance\\]$");
        assertThat(flagged.exitCode()).as(flagged.out() + flagged.err()).isZero();
        assertThat(cwd.resolve("jbucket/logs/other/42/finished.json")).exists();
    }

    @Nested
    class UsageErrors {
        @Test
        void unknownProviderExitsTwoNamingTheInstalledOnes() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "nope");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("provider 'nope' is not installed", "fake").doesNotContain("at io.");
        }

        @Test
        void badFlagsExitTwoWithPicocliMessage() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--parallel", "many");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--parallel", "fede2e run --help");
        }

        @Test
        void invalidJobNameFromJenkinsIsNamed() {
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of("JOB_NAME", "bad job"), "run", "--provider", "fake");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("JOB_NAME", "bad job");
        }
    }
}
