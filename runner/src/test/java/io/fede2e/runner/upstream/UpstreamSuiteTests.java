package io.fede2e.runner.upstream;

import static io.fede2e.ginkgo.fakes.MixedSpecs.DISRUPTIVE;
import static io.fede2e.ginkgo.fakes.MixedSpecs.DOUBLE_SPACE;
import static io.fede2e.ginkgo.fakes.MixedSpecs.FAILS;
import static io.fede2e.ginkgo.fakes.MixedSpecs.PATCH;
import static io.fede2e.ginkgo.fakes.MixedSpecs.PATCH_LONGER;
import static io.fede2e.ginkgo.fakes.MixedSpecs.QUOTED;
import static io.fede2e.ginkgo.fakes.MixedSpecs.SKIPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.ginkgo.fakes.FakeE2eBinary;
import io.fede2e.ginkgo.fakes.MixedSpecs;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.runner.fakes.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --suite upstream|all --e2e-binary}: upstream specs through the runner, against fake e2e binaries. */
class UpstreamSuiteTests {

    @TempDir
    Path cwd;

    FakeE2eBinary fake(String scenario) {
        return FakeE2eBinary.create(cwd.resolve("bin"), scenario, 1);
    }

    CliHarness.Outcome cli(String... args) {
        return CliHarness.run(cwd, Map.of(), args);
    }

    static List<String> lines(String out) {
        return out.lines().toList();
    }

    Map<String, TestCase> junit(Path artifacts) {
        return JUnitReader.create().read(artifacts.resolve("junit_01.xml")).testCases().stream()
                .collect(Collectors.toMap(TestCase::name, Function.identity(), (a, b) -> b));
    }

    @Nested
    class ListTests {

        @Test
        void listsTheUpstreamSpecsByTheirExactNames() {
            FakeE2eBinary bin = fake("mixed");

            CliHarness.Outcome o = cli("list-tests", "--suite", "upstream", "--e2e-binary", bin.path().toString());

            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(lines(o.out())).containsExactlyInAnyOrderElementsOf(MixedSpecs.ALL);
        }

        @Test
        void selectsWithModeFocusSkipLabelFilterAndShardAsForTheBuiltinSuite() {
            String bin = fake("mixed").path().toString();

            assertThat(lines(cli("list-tests", "--suite", "upstream", "--e2e-binary", bin, "--mode", "conformance").out()))
                    .containsExactlyInAnyOrder(PATCH, PATCH_LONGER, QUOTED, DISRUPTIVE);
            assertThat(lines(cli("list-tests", "--suite", "upstream", "--e2e-binary", bin, "--mode", "non-disruptive")
                    .out())).containsExactlyInAnyOrder(PATCH, PATCH_LONGER, QUOTED);
            assertThat(lines(cli("list-tests", "--suite", "upstream", "--e2e-binary", bin, "--focus", "sig-node",
                    "--skip", "fail").out())).containsExactly(SKIPS);
            assertThat(lines(cli("list-tests", "--suite", "upstream", "--e2e-binary", bin, "--label-filter",
                    "sig-api-machinery & !Serial").out())).containsExactly(PATCH, PATCH_LONGER);
            List<String> first = lines(cli("list-tests", "--suite", "upstream", "--e2e-binary", bin, "--shard", "1/2")
                    .out());
            List<String> second = lines(cli("list-tests", "--suite", "upstream", "--e2e-binary", bin, "--shard", "2/2")
                    .out());
            assertThat(first).doesNotContainAnyElementsOf(second);
            assertThat(first.size() + second.size()).isEqualTo(9);
        }

        @Test
        void suiteUpstreamWithoutABinaryIsAUsageError() {
            CliHarness.Outcome o = cli("list-tests", "--suite", "upstream");

            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err().strip()).isEqualTo("fede2e: error: --suite upstream needs --e2e-binary PATH: e2e.test from the "
                    + "kubernetes-test tarball of your cluster's release (see runner/README.md)");
        }

        @Test
        void anUnknownSuiteIsAUsageError() {
            CliHarness.Outcome o = cli("list-tests", "--suite", "ginkgo");

            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err()).contains("--suite 'ginkgo' is unknown; use builtin, upstream or all");
        }

        @Test
        void aBinaryThatIsNotGinkgoIsOneLineAndExitTwo() throws Exception {
            Path script = cwd.resolve("not-e2e.sh");
            Files.writeString(script, FakeE2eBinary.resource("ginkgo/not-ginkgo/e2e.test"));
            script.toFile().setExecutable(true);

            CliHarness.Outcome o = cli("list-tests", "--suite", "upstream", "--e2e-binary", "not-e2e.sh");

            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err().strip()).isEqualTo("fede2e: error: --e2e-binary " + script + " is not a Ginkgo e2e binary (no "
                    + "github.com/onsi/ginkgo inside); expected e2e.test from the kubernetes-test tarball");
        }
    }

    @Nested
    class Test_ {

        @Test
        void runsTheSpecsAndWritesTheirUpstreamNamesIntoJunit01() {
            FakeE2eBinary bin = fake("mixed");
            Path artifacts = cwd.resolve("artifacts");

            CliHarness.Outcome o = cli("test", "--kubeconfig", "kubeconfig", "--suite", "upstream", "--e2e-binary",
                    bin.path().toString(), "--artifacts", "artifacts", "--parallel", "2");

            assertThat(o.exitCode()).as(o.err()).isEqualTo(1);
            Map<String, TestCase> cases = junit(artifacts);
            assertThat(cases.keySet()).containsExactlyInAnyOrderElementsOf(MixedSpecs.ALL);
            assertThat(cases.get(FAILS).status()).isEqualTo(TestStatus.FAILED);
            assertThat(cases.get(FAILS).message()).startsWith("Dec  7 12:23:50.402: expected 1 pods, got 0");
            assertThat(cases.get(SKIPS).status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(cases.get(DOUBLE_SPACE).status()).isEqualTo(TestStatus.PASSED);
            assertThat(cases.get(PATCH).systemOut()).contains("STEP: running " + PATCH)
                    .doesNotContain("s3cr3t-token-value");
            assertThat(o.out()).contains("[PASS] " + QUOTED, "[FAIL] " + FAILS, "  FAILED " + FAILS);
            assertThat(artifacts.resolve("upstream/batch-01/e2e.log")).exists();
            assertThat(bin.runs()).hasSize(3).allSatisfy(r -> assertThat(r).contains("--kubeconfig=" + cwd.resolve(
                    "kubeconfig"), "--provider=local"));
        }

        @Test
        void retriesAFailedSpecInANewProcessAndReportsItFlaky() {
            FakeE2eBinary bin = fake("flaky");
            Path artifacts = cwd.resolve("artifacts");

            CliHarness.Outcome o = cli("test", "--kubeconfig", "kubeconfig", "--suite", "upstream", "--e2e-binary",
                    bin.path().toString(), "--artifacts", "artifacts", "--flake-attempts", "2");

            assertThat(o.exitCode()).as(o.err()).isZero();
            assertThat(o.out()).contains("1 flaky", "FLAKY [sig-apps] Job should flake once");
            assertThat(bin.runs()).hasSize(2);
            assertThat(bin.runs().get(1)).contains("Job should flake once").doesNotContain("should pass");
            List<TestCase> all = JUnitReader.create().read(artifacts.resolve("junit_01.xml")).testCases();
            assertThat(all).filteredOn(c -> c.name().equals("[sig-apps] Job should flake once"))
                    .extracting(TestCase::status).containsExactly(TestStatus.FAILED, TestStatus.PASSED);
        }

        @Test
        void suiteAllRunsTheJavaSuitesAndTheUpstreamSpecsInOneJunit() {
            FakeE2eBinary bin = fake("flaky");

            CliHarness.Outcome o = cli("test", "--kubeconfig", "kubeconfig", "--suite", "all", "--e2e-binary",
                    bin.path().toString(), "--suite-package", "io.fede2e.fixtures.runner.plain", "--artifacts",
                    "artifacts", "--focus", "pass|plain|Plain");

            Map<String, TestCase> cases = junit(cwd.resolve("artifacts"));
            assertThat(cases).containsKey("[sig-apps] Job should pass");
            assertThat(cases.keySet()).anyMatch(n -> !n.startsWith("[sig-apps]"));
            assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        }

        @Test
        void aBinaryThatCrashesFailsTheRunWithTheSpecsNotReachedReported() {
            FakeE2eBinary bin = fake("crash");

            CliHarness.Outcome o = cli("test", "--kubeconfig", "kubeconfig", "--suite", "upstream", "--e2e-binary",
                    bin.path().toString(), "--artifacts", "artifacts");

            assertThat(o.exitCode()).isEqualTo(1);
            Map<String, TestCase> cases = junit(cwd.resolve("artifacts"));
            assertThat(cases.get("[sig-api-machinery] Watchers should crash the binary").message())
                    .contains("exited with code 2 while this spec ran", "panic: runtime error");
            assertThat(cases.get("[sig-api-machinery] Watchers should never be reached").message())
                    .startsWith("not run: e2e.test (batch 1) exited with code 2 before reaching this spec");
            assertThat(cases.get("[sig-api-machinery] Watchers should observe a first [Conformance]").status())
                    .isEqualTo(TestStatus.PASSED);
        }
    }
}
