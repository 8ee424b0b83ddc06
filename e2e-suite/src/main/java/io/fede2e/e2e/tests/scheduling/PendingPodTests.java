package io.fede2e.e2e.tests.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Nodes;
import io.fede2e.e2e.Serial;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/**
 * A pending pod is retried: when a node that fits appears, the scheduler places it. A node "appears"
 * by taking a label or losing a taint, which is safe on any cluster and undone afterwards.
 */
class PendingPodTests {

    @E2eTest
    @Serial
    @DisplayName("[sig-scheduling] SchedulerPredicates [Serial] a pod stays Pending while no node fits, and is scheduled when one appears")
    void scheduledWhenNodeAppears(E2eContext e2e) {
        String key = "fede2e.io/e2e-appears-" + e2e.namespace();
        Pod pod = new PodBuilder(Workloads.pausePod("waiting", Map.of("app", "waiting"))).editSpec()
                .withNodeSelector(Map.of(key, "yes")).endSpec().build();
        e2e.client().pods().inNamespace(e2e.namespace()).resource(pod).create();
        e2e.waits().podUnschedulable("waiting", Waits.CONVERGE);

        String node = e2e.nodes().anySchedulable().getMetadata().getName();
        try (Nodes.Change ignored = e2e.nodes().label(node, key, "yes")) {
            Pod running = e2e.waits().podRunning("waiting");

            assertThat(running.getSpec().getNodeName()).isEqualTo(node);
            assertThat(Waits.hasCondition(running, "PodScheduled", "True", null)).isTrue();
        }
    }

    @E2eTest
    @Serial
    @DisplayName("[sig-scheduling] SchedulerPredicates [Serial] a pod repelled by a taint is scheduled once the taint is removed")
    void scheduledWhenTaintRemoved(E2eContext e2e) {
        String node = e2e.nodes().anySchedulable().getMetadata().getName();
        String key = "fede2e.io/e2e-untaint-" + e2e.namespace();
        // Taint before labelling: a scheduler that sees the label has seen the taint too.
        Nodes.Change taint = e2e.nodes().taint(node, key, "blocked", "NoSchedule");
        try (Nodes.Change label = e2e.nodes().label(node, key, "target")) {
            Pod pod = new PodBuilder(Workloads.pausePod("repelled", Map.of("app", "repelled"))).editSpec()
                    .withNodeSelector(Map.of(key, "target")).endSpec().build();
            e2e.client().pods().inNamespace(e2e.namespace()).resource(pod).create();
            e2e.waits().podUnschedulable("repelled", Waits.CONVERGE);

            taint.close();

            assertThat(e2e.waits().podRunning("repelled").getSpec().getNodeName()).isEqualTo(node);
        }
    }
}
