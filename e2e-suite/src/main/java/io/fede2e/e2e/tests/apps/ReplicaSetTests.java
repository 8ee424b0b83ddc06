package io.fede2e.e2e.tests.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** ReplicaSets keep the declared number of pods. */
class ReplicaSetTests {

    @E2eTest
    @DisplayName("[sig-apps] ReplicaSet should replace a pod that is deleted")
    void replacesDeletedPod(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "replace");
        e2e.client().apps().replicaSets().inNamespace(e2e.namespace()).resource(replicaSet("replacing", 2, labels)).create();
        List<Pod> before = e2e.waits().runningPods(labels, 2, Waits.POD_START);
        Pod victim = before.get(0);

        e2e.client().pods().inNamespace(e2e.namespace()).withName(victim.getMetadata().getName()).delete();

        List<Pod> after = e2e.waits().until("ReplicaSet replacing has not replaced pod " + victim.getMetadata().getName(),
                Waits.POD_START, () -> e2e.waits().livePods(labels),
                pods -> pods.size() == 2 && pods.stream().allMatch(Waits::isRunningAndReady)
                        && pods.stream().noneMatch(p -> p.getMetadata().getUid().equals(victim.getMetadata().getUid())),
                pods -> pods.stream().map(p -> p.getMetadata().getName() + " " + p.getStatus().getPhase()).toList()
                        .toString());
        assertThat(after).extracting(p -> p.getMetadata().getOwnerReferences().get(0).getName())
                .containsOnly("replacing");
    }

    @E2eTest
    @DisplayName("[sig-apps] ReplicaSet should delete surplus pods when scaled down")
    void scalesDown(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "surplus");
        var sets = e2e.client().apps().replicaSets().inNamespace(e2e.namespace());
        sets.resource(replicaSet("surplus", 3, labels)).create();
        e2e.waits().runningPods(labels, 3, Waits.POD_START);

        sets.withName("surplus").scale(1);

        assertThat(e2e.waits().runningPods(labels, 1, Waits.CONVERGE)).hasSize(1);
        e2e.waits().until("ReplicaSet surplus status not 1 replica", Waits.CONVERGE,
                () -> sets.withName("surplus").get(),
                rs -> rs.getStatus() != null && Integer.valueOf(1).equals(rs.getStatus().getReplicas()),
                rs -> "status.replicas " + (rs.getStatus() == null ? null : rs.getStatus().getReplicas()));
    }

    static ReplicaSet replicaSet(String name, int replicas, Map<String, String> labels) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(Workloads.pauseTemplate(labels)).endSpec().build();
    }
}
