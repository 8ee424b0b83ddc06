package io.fede2e.e2e.tests.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Pod lifecycle: Running and Ready, updates, graceful deletion. */
class PodTests {

    @E2eTest
    @Conformance(release = "v1.9", description = "Create a pod. It MUST be bound to a node, reach phase Running with"
            + " conditions PodScheduled, Initialized, ContainersReady and Ready all True, report a host IP and a pod"
            + " IP, and report its container running and ready.")
    @Tag("NodeConformance")
    @DisplayName("[k8s.io] Pods should get a host IP [NodeConformance] [Conformance]")
    void runningAndReady(E2eContext e2e) {
        e2e.client().pods().inNamespace(e2e.namespace()).resource(Workloads.pausePod("pod-ready", Map.of("app", "ready")))
                .create();

        Pod pod = e2e.waits().podRunning("pod-ready");

        assertThat(pod.getSpec().getNodeName()).isNotBlank();
        assertThat(pod.getStatus().getConditions()).filteredOn(c -> "True".equals(c.getStatus()))
                .extracting(PodCondition::getType)
                .contains("PodScheduled", "Initialized", "ContainersReady", "Ready");
        assertThat(pod.getStatus().getHostIP()).isNotBlank();
        assertThat(pod.getStatus().getPodIP()).isNotBlank();
        assertThat(pod.getStatus().getStartTime()).isNotBlank();
        assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("pause");
            assertThat(c.getReady()).isTrue();
            assertThat(c.getState().getRunning()).isNotNull();
        });
    }

    @E2eTest
    @Conformance(release = "v1.9", description = "Update the labels of a running pod. The update MUST be visible to"
            + " a following read and MUST leave the pod Running.")
    @Tag("NodeConformance")
    @DisplayName("[k8s.io] Pods should be updated [NodeConformance] [Conformance]")
    void updated(E2eContext e2e) {
        var pods = e2e.client().pods().inNamespace(e2e.namespace());
        pods.resource(Workloads.pausePod("pod-update", Map.of("time", "before"))).create();
        e2e.waits().podRunning("pod-update");

        pods.withName("pod-update").edit(p -> new PodBuilder(p).editMetadata().addToLabels("time", "after").endMetadata()
                .build());

        assertThat(pods.withLabel("time", "after").list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("pod-update");
        assertThat(Waits.isRunningAndReady(pods.withName("pod-update").get())).isTrue();
    }

    @E2eTest
    @Conformance(release = "v1.15", description = "Delete a running pod whose container ignores SIGTERM with a grace"
            + " period of 30 seconds. The pod MUST stay visible with a deletionTimestamp and"
            + " deletionGracePeriodSeconds 30 while the grace period runs, and MUST be gone after a forced delete.")
    @Tag("NodeConformance")
    @DisplayName("[k8s.io] Pods should be submitted and removed [NodeConformance] [Conformance]")
    void gracePeriod(E2eContext e2e) {
        var pods = e2e.client().pods().inNamespace(e2e.namespace());
        // sleep as PID 1 ignores SIGTERM, so a real kubelet waits out the grace period.
        Pod pod = new PodBuilder(Workloads.shellPod("pod-grace", Map.of("app", "grace"), "sleep 3600")).editSpec()
                .withRestartPolicy("Always").withTerminationGracePeriodSeconds(30L).endSpec().build();
        pods.resource(pod).create();
        e2e.waits().podRunning("pod-grace");

        pods.withName("pod-grace").withGracePeriod(30).delete();

        Pod deleting = pods.withName("pod-grace").get();
        assertThat(deleting).as("pod within its 30s grace period").isNotNull();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);

        pods.withName("pod-grace").withGracePeriod(0).delete();
        e2e.waits().gone("pod pod-grace", Waits.CONVERGE, () -> pods.withName("pod-grace").get());
    }

    @E2eTest
    @DisplayName("[sig-node] Pods should disappear by themselves once a short grace period has run out")
    void shortGracePeriodEnds(E2eContext e2e) {
        var pods = e2e.client().pods().inNamespace(e2e.namespace());
        Pod pod = new PodBuilder(Workloads.shellPod("pod-short-grace", Map.of("app", "grace"), "sleep 3600"))
                .editSpec().withRestartPolicy("Always").withTerminationGracePeriodSeconds(2L).endSpec().build();
        pods.resource(pod).create();
        e2e.waits().podRunning("pod-short-grace");

        pods.withName("pod-short-grace").delete();

        e2e.waits().gone("pod pod-short-grace (grace period 2s)", Duration.ofMinutes(2),
                () -> pods.withName("pod-short-grace").get());
    }
}
