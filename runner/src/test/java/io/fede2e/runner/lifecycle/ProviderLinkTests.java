package io.fede2e.runner.lifecycle;

import io.fede2e.redact.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.runner.fakes.CliHarness;
import io.fede2e.runner.fakes.LinkedProviderFactory;
import io.fede2e.runner.fakes.OutputTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run id and the credentials the runner and a provider share (the {@code linked} fake provider). */
class ProviderLinkTests {

    @TempDir
    Path cwd;

    private Path markers() throws IOException {
        return Files.createDirectories(cwd.resolve("markers"));
    }

    private CliHarness.Outcome run(Map<String, String> env, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--provider", "linked", "--provider-opt",
                "marker-dir=" + markers(), "--builtin-suite=false", "--suite-package", "io.fede2e.fixtures.runner.runid",
                "--test-param", "fixture.dir=" + markers()));
        args.addAll(List.of(extra));
        return CliHarness.run(cwd, env, args.toArray(String[]::new));
    }

    private String testsRunId() throws IOException {
        return Files.readString(cwd.resolve("markers/run-id.txt"));
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(cwd.resolve("markers/calls.txt"));
    }

    @Nested
    class RunId {
        @Test
        void theRunnersIdGoesToAProviderThatDeclaresTheOptionAndToTheTests() throws IOException {
            CliHarness.Outcome o = run(Map.of());
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(calls().get(0)).isEqualTo("up run-id=local-linked-1");
            assertThat(testsRunId()).isEqualTo("local-linked-1");
            assertThat(OutputTree.readAll(cwd.resolve("_output/bucket/logs/local-linked/1/finished.json")))
                    .contains("\"run-id\"", "local-linked-1");
        }

        @Test
        void theRunIdTheProviderReportsWinsSoThatItsDownFindsTheTestsNamespaces() throws IOException {
            CliHarness.Outcome o = run(Map.of(), "--provider-opt", "own-run-id=chosen-by-provider-7");
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(testsRunId()).isEqualTo("chosen-by-provider-7");
        }

        @Test
        void aRunIdTheUserGaveIsPassedOnUnchanged() throws IOException {
            CliHarness.Outcome o = run(Map.of(), "--provider-opt", "run-id=nightly-42");
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(calls().get(0)).isEqualTo("up run-id=nightly-42");
            assertThat(testsRunId()).isEqualTo("nightly-42");
        }

        @Test
        void aProviderWithoutTheOptionIsNotGivenIt() throws IOException {
            Path m = markers();
            CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "fake", "--provider-opt",
                    "marker-dir=" + m, "--builtin-suite=false", "--suite-package", "io.fede2e.fixtures.runner.runid",
                    "--test-param", "fixture.dir=" + m);
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(o.err()).doesNotContain("run-id");
            assertThat(testsRunId()).isEqualTo("local-fake-1");
        }

        @Test
        void aReusedClusterKeepsTheRunIdOfItsStateWhenTheProviderDoesNotReportOne() throws IOException {
            CliHarness.Outcome kept = run(Map.of("E2E_DOWN", "false"), "--provider-opt", "own-run-id=kept-run-5",
                    "--provider-opt", "silent=true");
            assertThat(kept.exitCode()).as(kept.out() + kept.err()).isZero();
            CliHarness.Outcome reused = run(Map.of("E2E_UP", "false"));
            assertThat(reused.exitCode()).as(reused.out() + reused.err()).isZero();
            assertThat(calls()).containsSubsequence("reattach", "down");
            assertThat(testsRunId()).isEqualTo("kept-run-5");
        }

        @Test
        void aReusedClusterKeepsTheRunIdItsProviderReports() throws IOException {
            CliHarness.Outcome kept = run(Map.of("E2E_DOWN", "false"));
            assertThat(kept.exitCode()).isZero();
            assertThat(kept.out()).as("both ways to tear the kept cluster down")
                    .contains("Tear it down later with: fede2e down --state ")
                    .contains("  or without fede2e: kubectl delete namespaces -l e2e.fede2e.io/run-id=local-linked-1");
            CliHarness.Outcome reused = run(Map.of("E2E_UP", "false"));
            assertThat(reused.exitCode()).as(reused.out() + reused.err()).isZero();
            assertThat(testsRunId()).as("build 2 reuses build 1's cluster and namespaces label")
                    .isEqualTo("local-linked-1");
        }

        @Test
        void testCommandUsesTheRunIdOfTheStateFile() throws IOException {
            CliHarness.Outcome up = CliHarness.run(cwd, Map.of(), "up", "--provider", "linked", "--provider-opt",
                    "marker-dir=" + markers());
            assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
            CliHarness.Outcome test = CliHarness.run(cwd, Map.of(), "test", "--builtin-suite=false", "--suite-package",
                    "io.fede2e.fixtures.runner.runid", "--test-param", "fixture.dir=" + markers());
            assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
            assertThat(testsRunId()).isEqualTo("provider-chosen");
            assertThat(CliHarness.run(cwd, Map.of(), "down").exitCode()).isZero();
        }

        @Test
        void theRunnersIdIsAValidLabelValueWhateverTheJob() {
            assertThat(ProviderLink.runId(new JobName("ci-kubernetes-e2e-gce"), new BuildId(1234)))
                    .isEqualTo("ci-kubernetes-e2e-gce-1234");
            String longJob = "pull-kubernetes-e2e-" + "x".repeat(80) + "_";
            String id = ProviderLink.runId(new JobName(longJob), new BuildId(99));
            assertThat(id).hasSizeLessThanOrEqualTo(63).endsWith("-99").matches("[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]");
            assertThat(ProviderLink.labelValue("__ a+b/c __")).isEqualTo("a-b-c");
            assertThat(ProviderLink.labelValue("___")).isEqualTo("fede2e");
        }
    }

    @Nested
    class ProviderSecrets {
        private static final String SECRET = LinkedProviderFactory.PROVIDER_SECRET;

        @Test
        void aSecretOnlyTheProviderKnowsReachesNeitherTheRunDirectoryNorTheBucket() throws IOException {
            CliHarness.Outcome o = run(Map.of());
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            String bucket = OutputTree.readAll(cwd.resolve("_output/bucket"));
            assertThat(bucket).contains("audit: request with [REDACTED]", "test saw credential [REDACTED]")
                    .doesNotContain(SECRET);
            assertThat(OutputTree.readAll(cwd.resolve("_output/runs"))).doesNotContain(SECRET);
            assertThat(o.out() + o.err()).doesNotContain(SECRET);
        }

        /** Issue 14: what Up printed before it returned reached the Jenkins console unmasked. */
        @Test
        void aSecretDeclaredDuringUpIsMaskedInWhatUpPrintsThen() throws IOException {
            CliHarness.Outcome o = run(Map.of());

            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
            assertThat(o.out()).contains("linked up: connected with credential [REDACTED]").doesNotContain(SECRET);
            assertThat(OutputTree.readAll(cwd.resolve("_output/runs"))).doesNotContain(SECRET);
        }

        @Test
        void aFailedUpStillTeachesTheRedactorWhatTheProviderRead() throws IOException {
            CliHarness.Outcome o = run(Map.of(), "--provider-opt", "fail-up=true");
            assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(3);
            assertThat(o.err()).contains("Up failed: cluster refused credential [REDACTED]").doesNotContain(SECRET);
            assertThat(OutputTree.readAll(cwd.resolve("_output/bucket"))).contains("server said: bad credential [REDACTED]")
                    .doesNotContain(SECRET);
            assertThat(OutputTree.readAll(cwd.resolve("_output/runs"))).doesNotContain(SECRET);
        }

        @Test
        void reattachingTeachesTheRedactorToo() throws IOException {
            assertThat(run(Map.of("E2E_DOWN", "false"), "--provider-opt", "fail-down=true").exitCode()).isZero();
            CliHarness.Outcome reused = run(Map.of("E2E_UP", "false"), "--build", "7");
            assertThat(reused.exitCode()).as(reused.out() + reused.err()).isEqualTo(3);
            assertThat(reused.err()).contains("Down failed: cannot delete the namespaces labelled local-linked-1 as "
                    + "[REDACTED]").doesNotContain(SECRET);
            assertThat(OutputTree.readAll(cwd.resolve("_output/bucket/logs/local-linked/7")))
                    .contains("test saw credential [REDACTED]").doesNotContain(SECRET);
        }

        @Test
        void downCommandMasksWhatItLearnsOnReattach() throws IOException {
            assertThat(run(Map.of("E2E_DOWN", "false"), "--provider-opt", "fail-down=true").exitCode()).isZero();
            CliHarness.Outcome down = CliHarness.run(cwd, Map.of(), "down");
            assertThat(down.exitCode()).as(down.out() + down.err()).isEqualTo(3);
            assertThat(down.err()).contains("as [REDACTED]").doesNotContain(SECRET);
        }
    }
}
