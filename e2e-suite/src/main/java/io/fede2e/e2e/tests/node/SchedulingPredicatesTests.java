package io.fede2e.e2e.tests.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Nodes;
import io.fede2e.e2e.Serial;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** What decides where a pod lands: requests, nodeSelector, taints and tolerations. */
class SchedulingPredicatesTests {

    @E2eTest
    @DisplayName("[sig-node] Scheduling should keep a pod Pending with PodScheduled=False while its requests exceed every node's allocatable")
    void requestsTooLarge(E2eContext e2e) {
        Pod pod = withCpuRequest(Workloads.pausePod("too-big", Map.of("app", "too-big")), new Quantity("100000"));
        e2e.client().pods().inNamespace(e2e.namespace()).resource(pod).create();

        Pod pending = e2e.waits().podUnschedulable("too-big", Waits.CONVERGE);

        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pending.getSpec().getNodeName()).isNull();
    }

    @E2eTest
    @Serial
    @Conformance(release = "v1.9", description = "Create pods whose CPU requests are large parts of a node's"
            + " allocatable, more than the cluster can hold. The pods that run MUST be placed so that no node's"
            + " requested CPU exceeds its allocatable, and the others MUST stay Pending as Unschedulable.")
    @DisplayName("[sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are allowed to run  [Conformance]")
    void requestsDecidePlacement(E2eContext e2e) {
        List<Node> nodes = e2e.nodes().schedulable();
        assertThat(nodes).isNotEmpty();
        BigDecimal largest = nodes.stream().map(n -> Quantity.getAmountInBytes(n.getStatus().getAllocatable().get("cpu")))
                .max(BigDecimal::compareTo).orElseThrow();
        // 40% of the largest node: at most two fit on any node, so three per node cannot all run.
        Quantity request = new Quantity(largest.multiply(BigDecimal.valueOf(400)).toBigInteger() + "m");
        int count = 3 * nodes.size();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "filler-" + i;
            names.add(name);
            e2e.client().pods().inNamespace(e2e.namespace())
                    .resource(withCpuRequest(Workloads.pausePod(name, Map.of("app", "filler")), request)).create();
        }

        List<Pod> settled = e2e.waits().until("filler pods not all Running or Unschedulable", Waits.POD_START,
                () -> e2e.client().pods().inNamespace(e2e.namespace()).withLabel("app", "filler").list().getItems(),
                pods -> pods.size() == count && pods.stream().allMatch(p -> Waits.isRunningAndReady(p)
                        || Waits.hasCondition(p, "PodScheduled", "False", "Unschedulable")),
                pods -> pods.stream().map(p -> p.getMetadata().getName() + " " + p.getStatus().getPhase()).toList()
                        .toString());

        assertThat(settled).filteredOn(p -> p.getSpec().getNodeName() == null).as("pods left Pending").isNotEmpty();
        assertThat(settled).filteredOn(p -> p.getSpec().getNodeName() != null).as("pods placed").isNotEmpty();
        Map<String, BigDecimal> requested = new HashMap<>();
        for (Pod p : e2e.client().pods().inAnyNamespace().list().getItems()) {
            String node = p.getSpec().getNodeName();
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (node == null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            requested.merge(node, cpuRequest(p), BigDecimal::add);
        }
        for (Node n : e2e.nodes().all()) {
            BigDecimal allocatable = Quantity.getAmountInBytes(n.getStatus().getAllocatable().get("cpu"));
            assertThat(requested.getOrDefault(n.getMetadata().getName(), BigDecimal.ZERO))
                    .as("CPU requested on node %s", n.getMetadata().getName()).isLessThanOrEqualTo(allocatable);
        }
    }

    @E2eTest
    @Serial
    @Conformance(release = "v1.9", description = "Label a node and create a pod whose nodeSelector asks for that label."
            + " The pod MUST be scheduled onto the labelled node.")
    @DisplayName("[sig-scheduling] SchedulerPredicates [Serial] validates that NodeSelector is respected if matching  [Conformance]")
    void nodeSelectorMatching(E2eContext e2e) {
        String node = e2e.nodes().anySchedulable().getMetadata().getName();
        String key = "fede2e.io/e2e-selector-" + e2e.namespace();
        try (Nodes.Change ignored = e2e.nodes().label(node, key, "42")) {
            Pod pod = new PodBuilder(Workloads.pausePod("with-labels", Map.of("app", "selector"))).editSpec()
                    .addToNodeSelector(Map.of(key, "42")).endSpec().build();
            e2e.client().pods().inNamespace(e2e.namespace()).resource(pod).create();

            assertThat(e2e.waits().podRunning("with-labels").getSpec().getNodeName()).isEqualTo(node);
        }
    }

    @E2eTest
    @Conformance(release = "v1.9", description = "Create a pod whose nodeSelector matches no node. The pod MUST stay"
            + " Pending, reported Unschedulable.")
    @Serial
    @DisplayName("[sig-scheduling] SchedulerPredicates [Serial] validates that NodeSelector is respected if not matching  [Conformance]")
    void nodeSelectorNotMatching(E2eContext e2e) {
        Pod pod = new PodBuilder(Workloads.pausePod("restricted-pod", Map.of("app", "nowhere"))).editSpec()
                .addToNodeSelector(Map.of("fede2e.io/e2e-nonexistent-" + e2e.namespace(), "nonempty")).endSpec().build();
        e2e.client().pods().inNamespace(e2e.namespace()).resource(pod).create();

        Pod pending = e2e.waits().podUnschedulable("restricted-pod", Waits.CONVERGE);

        assertThat(pending.getSpec().getNodeName()).isNull();
    }

    @E2eTest
    @Serial
    @DisplayName("[sig-node] Scheduling [Serial] validates that taints-tolerations is respected if matching and not matching")
    void taintsAndTolerations(E2eContext e2e) {
        String node = e2e.nodes().anySchedulable().getMetadata().getName();
        String key = "fede2e.io/e2e-taint-" + e2e.namespace();
        // Taint before labelling: a scheduler that sees the label has seen the taint too.
        try (Nodes.Change taint = e2e.nodes().taint(node, key, "testing", "NoSchedule");
                Nodes.Change label = e2e.nodes().label(node, key, "here")) {
            Pod intolerant = new PodBuilder(Workloads.pausePod("intolerant", Map.of("app", "taints"))).editSpec()
                    .addToNodeSelector(Map.of(key, "here")).endSpec().build();
            Pod tolerant = new PodBuilder(Workloads.pausePod("tolerant", Map.of("app", "taints"))).editSpec()
                    .addToNodeSelector(Map.of(key, "here"))
                    .withTolerations(new TolerationBuilder().withKey(key).withOperator("Equal").withValue("testing")
                            .withEffect("NoSchedule").build()).endSpec().build();
            e2e.client().pods().inNamespace(e2e.namespace()).resource(intolerant).create();
            e2e.client().pods().inNamespace(e2e.namespace()).resource(tolerant).create();

            assertThat(e2e.waits().podRunning("tolerant").getSpec().getNodeName()).isEqualTo(node);
            assertThat(e2e.waits().podUnschedulable("intolerant", Waits.CONVERGE).getSpec().getNodeName()).isNull();
        }
    }

    static Pod withCpuRequest(Pod pod, Quantity cpu) {
        return new PodBuilder(pod).editSpec().editFirstContainer().withNewResources().addToRequests("cpu", cpu)
                .endResources().endContainer().endSpec().build();
    }

    private static BigDecimal cpuRequest(Pod p) {
        BigDecimal sum = BigDecimal.ZERO;
        for (var c : p.getSpec().getContainers()) {
            if (c.getResources() != null && c.getResources().getRequests() != null
                    && c.getResources().getRequests().get("cpu") != null) {
                sum = sum.add(Quantity.getAmountInBytes(c.getResources().getRequests().get("cpu")));
            }
        }
        return sum;
    }
}
