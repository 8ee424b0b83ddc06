package io.fede2e.provider.hollow.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NodeFitTests {

    private static final Taint GPU = new TaintBuilder().withKey("gpu").withValue("a100").withEffect("NoSchedule").build();

    private static Toleration tol(String key, String op, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(op).withValue(value).withEffect(effect).build();
    }

    @Nested
    class Tolerations {
        @Test
        void equalNeedsKeyAndValue() {
            assertThat(NodeFit.tolerates(List.of(tol("gpu", "Equal", "a100", "NoSchedule")), GPU)).isTrue();
            assertThat(NodeFit.tolerates(List.of(tol("gpu", "Equal", "t4", "NoSchedule")), GPU)).isFalse();
            assertThat(NodeFit.tolerates(List.of(tol("gpu", null, "a100", null)), GPU)).isTrue();
        }

        @Test
        void existsWithoutKeyToleratesEverything() {
            assertThat(NodeFit.tolerates(List.of(tol(null, "Exists", null, null)), GPU)).isTrue();
            assertThat(NodeFit.tolerates(List.of(tol("gpu", "Exists", null, "NoExecute")), GPU)).isFalse();
            assertThat(NodeFit.tolerates(null, GPU)).isFalse();
        }

        @Test
        void preferNoScheduleTaintsDoNotRepel() {
            Node node = node(Map.of(), new TaintBuilder().withKey("soft").withEffect("PreferNoSchedule").build());
            assertThat(NodeFit.untoleratedTaint(pod(), node)).isNull();
        }

        @Test
        void cordonedNodesRepelLikeATaint() {
            Node node = new NodeBuilder(node(Map.of())).editSpec().withUnschedulable(true).endSpec().build();
            assertThat(NodeFit.describe(NodeFit.untoleratedTaint(pod(), node)))
                    .isEqualTo("node(s) had untolerated taint {node.kubernetes.io/unschedulable: }");
        }
    }

    @Nested
    class Affinity {
        @Test
        void operators() {
            Node node = node(Map.of("zone", "a", "cores", "8"));
            assertThat(NodeFit.matchesAffinity(affinityPod("zone", "In", "a", "b"), node)).isTrue();
            assertThat(NodeFit.matchesAffinity(affinityPod("zone", "NotIn", "a"), node)).isFalse();
            assertThat(NodeFit.matchesAffinity(affinityPod("zone", "Exists"), node)).isTrue();
            assertThat(NodeFit.matchesAffinity(affinityPod("disk", "DoesNotExist"), node)).isTrue();
            assertThat(NodeFit.matchesAffinity(affinityPod("cores", "Gt", "4"), node)).isTrue();
            assertThat(NodeFit.matchesAffinity(affinityPod("cores", "Lt", "4"), node)).isFalse();
            assertThat(NodeFit.matchesAffinity(affinityPod("cores", "Gt", "many"), node)).isFalse();
        }

        private Pod affinityPod(String key, String op, String... values) {
            return new PodBuilder(pod()).editSpec().withNewAffinity().withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
                    .withKey(key).withOperator(op).withValues(values).endMatchExpression().endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
        }
    }

    @Nested
    class Requests {
        @Test
        void sumContainersAndTakeTheLargestInitContainer() {
            Pod pod = new PodBuilder().withNewSpec()
                    .addNewContainer().withName("a").withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
                    .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endResources().endContainer()
                    .addNewContainer().withName("b").withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("0.5"))
                    .endResources().endContainer()
                    .addNewInitContainer().withName("init").withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                    .endResources().endInitContainer()
                    .endSpec().build();
            NodeFit.Request r = NodeFit.Request.of(pod);
            assertThat(r.milliCpu()).isEqualTo(2000);
            assertThat(r.memory()).isEqualTo(64L * 1024 * 1024);
        }
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("x").endContainer().endSpec().build();
    }

    private static Node node(Map<String, String> labels, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName("n").withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }
}
