package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.provider.api.realk8s.RealControlPlane;
import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole built-in suite through {@code fede2e run --provider kubemark} on a real Kubernetes v1.20
 * control plane (issue 13): its apiserver, scheduler and controllers, hollow nodes and kubelets from
 * the runner. Every test hollow's capabilities allow must pass; the others are skipped with the reason.
 */
class KubemarkRunTests {

    /** The suite's tests that need no container runtime, network or DNS, so must run and pass here. */
    private static final int AT_LEAST_PASSED = 40;

    @TempDir
    Path cwd;

    @Test
    void theWholeSuitePassesThroughKubemarkOnARealControlPlane() throws IOException {
        RealControlPlane plane = RealControlPlane.shared();
        String runId = "kubemark-run-" + ProcessHandle.current().pid();

        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "kubemark",
                "--kubeconfig", plane.kubeconfig().toString(), "--nodes", "3", "--parallel", "4",
                "--provider-opt", "run-id=" + runId, "--provider-opt", "pod-startup-delay=50ms");

        JUnitReport junit = JUnitReader.create().read(cwd.resolve("_output/runs/local-kubemark/1/artifacts/junit_01.xml"));
        List<TestCase> cases = junit.testCases();
        String failures = cases.stream().filter(c -> c.status().isFailure())
                .map(c -> c.name() + ": " + c.message()).collect(Collectors.joining("\n"));
        assertThat(failures).as("tests that failed through kubemark on a real control plane").isEmpty();
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(cases.stream().filter(c -> c.status() == TestStatus.PASSED).count())
                .as("tests that ran and passed").isGreaterThanOrEqualTo(AT_LEAST_PASSED);
        assertThat(cases.stream().filter(c -> c.status() == TestStatus.SKIPPED))
                .as("a test kubemark cannot run is skipped and says why")
                .allSatisfy(c -> assertThat(c.message()).isNotBlank());
        assertThat(o.out()).contains("==== fede2e summary: SUCCESS");
    }
}
