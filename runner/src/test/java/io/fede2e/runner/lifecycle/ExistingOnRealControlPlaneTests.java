package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fede2e.layout.junit.JUnitReader;
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
 * {@code fede2e run --provider existing} against a real Kubernetes v1.20 control plane (issue 13): the
 * probes find RBAC (the RBAC tests, which need it, run), the API-level tests pass, and Down removes the
 * run's namespaces and nothing else.
 */
class ExistingOnRealControlPlaneTests {

    /** Tests that need no pod to run: the control plane alone decides them. */
    private static final String API_LEVEL = "ConfigMap|Secrets|Watchers|ResourceVersion|Validation|generateName"
            + "|\\[sig-auth\\]";

    @TempDir
    Path cwd;

    @Test
    void probesFindRbacTheApiLevelTestsPassAndDownRemovesOnlyTheRunsNamespaces() throws IOException {
        RealControlPlane plane = RealControlPlane.shared();
        String runId = "existing-run-" + ProcessHandle.current().pid();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, plane.kubeconfig().toFile())).build()) {
            String bystander = "bystander-" + ProcessHandle.current().pid();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(bystander).endMetadata()
                    .build()).create();
            try {
                CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--provider", "existing",
                        "--kubeconfig", plane.kubeconfig().toString(), "--focus", API_LEVEL, "--parallel", "4",
                        "--provider-opt", "run-id=" + runId, "--provider-opt", "probe-timeout=20s");

                Path run = cwd.resolve("_output/runs/local-existing/1");
                List<TestCase> cases = JUnitReader.create().read(run.resolve("artifacts/junit_01.xml")).testCases();
                String failures = cases.stream().filter(c -> c.status().isFailure())
                        .map(c -> c.name() + ": " + c.message()).collect(Collectors.joining("\n"));
                assertThat(failures).as("API-level tests that failed on a real control plane").isEmpty();
                assertThat(cases).filteredOn(c -> c.status() == TestStatus.PASSED).extracting(TestCase::name)
                        .as("the RBAC tests ran: they need capability rbac, so the probe found it")
                        .anyMatch(n -> n.startsWith("[sig-auth]"))
                        .hasSizeGreaterThanOrEqualTo(8);
                assertThat(o.exitCode()).as(o.out() + o.err()).isZero();

                assertThat(client.namespaces().withLabel("fede2e.io/run-id", runId).list().getItems())
                        .as("Down removed the run's namespaces").isEmpty();
                assertThat(client.namespaces().withName(bystander).get()).as("and nothing else").isNotNull();
                assertThat(client.namespaces().withName("default").get()).isNotNull();
            } finally {
                client.namespaces().withName(bystander).delete();
            }
        }
    }
}
