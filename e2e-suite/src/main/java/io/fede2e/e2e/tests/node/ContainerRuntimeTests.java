package io.fede2e.e2e.tests.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RequiresCapability;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** What only a real container runtime gives: logs, exec, exit codes, restarts. */
@RequiresCapability("container-runtime")
class ContainerRuntimeTests {

    @E2eTest
    @Conformance(release = "v1.9", description = "Run a container that prints a line. Its log MUST contain the line.")
    @Tag("NodeConformance")
    @DisplayName("[k8s.io] Kubelet when scheduling a busybox command in a pod should print the output to logs [NodeConformance] [Conformance]")
    void logs(E2eContext e2e) {
        e2e.client().pods().inNamespace(e2e.namespace())
                .resource(Workloads.shellPod("logger", Map.of("app", "logs"), "echo 'Hello from the e2e suite'; sleep 3600"))
                .create();
        e2e.waits().podRunning("logger");

        String log = e2e.waits().until("log of pod logger lacks the greeting", Waits.CONVERGE,
                () -> e2e.client().pods().inNamespace(e2e.namespace()).withName("logger").getLog(),
                l -> l != null && l.contains("Hello from the e2e suite"), l -> "log '" + l + "'");

        assertThat(log).contains("Hello from the e2e suite");
    }

    @E2eTest
    @Conformance(release = "v1.13", description = "Exec a command in a running container. Its standard output MUST"
            + " come back to the caller, and its exit code MUST be 0.")
    @Tag("NodeConformance")
    @DisplayName("[k8s.io] Pods should support remote command execution over websockets [NodeConformance] [Conformance]")
    void exec(E2eContext e2e) throws Exception {
        e2e.client().pods().inNamespace(e2e.namespace())
                .resource(Workloads.shellPod("exec-target", Map.of("app", "exec"), "sleep 3600")).create();
        e2e.waits().podRunning("exec-target");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch watch = e2e.client().pods().inNamespace(e2e.namespace()).withName("exec-target")
                .writingOutput(out).exec("sh", "-c", "echo remote execution test $((40 + 2))")) {
            Integer code = watch.exitCode().get(2, TimeUnit.MINUTES);
            assertThat(code).isZero();
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("remote execution test 42");
    }

    @E2eTest
    @DisplayName("[sig-node] Container Runtime should report the exit code of a terminated container")
    void exitCode(E2eContext e2e) {
        e2e.client().pods().inNamespace(e2e.namespace())
                .resource(Workloads.shellPod("exits-three", Map.of("app", "exit"), "exit 3")).create();

        Pod pod = e2e.waits().podPhase("exits-three", "Failed", Waits.POD_START);

        assertThat(pod.getStatus().getContainerStatuses()).singleElement()
                .satisfies(c -> assertThat(c.getState().getTerminated().getExitCode()).isEqualTo(3));
    }

    @E2eTest
    @DisplayName("[sig-node] Container Runtime should restart a failing container when restartPolicy is Always")
    void restarts(E2eContext e2e) {
        Pod crashing = new PodBuilder(Workloads.shellPod("crasher", Map.of("app", "restart"), "sleep 1; exit 1"))
                .editSpec().withRestartPolicy("Always").endSpec().build();
        e2e.client().pods().inNamespace(e2e.namespace()).resource(crashing).create();

        Pod pod = e2e.waits().pod("crasher", "not restarted", Waits.POD_START,
                p -> p.getStatus().getContainerStatuses() != null && p.getStatus().getContainerStatuses().stream()
                        .anyMatch(c -> c.getRestartCount() != null && c.getRestartCount() >= 1));

        assertThat(pod.getStatus().getPhase()).isIn("Running", "Pending");
    }
}
