package io.fede2e.e2e.tests.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Nodes;
import io.fede2e.e2e.Serial;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;

/** DaemonSets: one pod on every node that fits. */
class DaemonSetTests {

    @E2eTest
    @Conformance(release = "v1.10", description = "Create a DaemonSet without node selector. It MUST run exactly one"
            + " Ready pod on every Ready node whose taints it tolerates, and its pods MUST go when it is deleted.")
    @Serial
    @DisplayName("[sig-apps] Daemon set [Serial] should run and stop simple daemon [Conformance]")
    void onEveryNode(E2eContext e2e) {
        Map<String, String> labels = Map.of("daemonset-name", "daemon-set");
        List<String> nodes = e2e.nodes().forDaemonSets().stream().map(n -> n.getMetadata().getName()).sorted().toList();
        assertThat(nodes).as("nodes a DaemonSet runs on").isNotEmpty();
        var sets = e2e.client().apps().daemonSets().inNamespace(e2e.namespace());
        sets.resource(daemonSet("daemon-set", labels, Map.of())).create();

        List<Pod> pods = e2e.waits().runningPods(labels, nodes.size(), Waits.POD_START);

        assertThat(pods.stream().map(p -> p.getSpec().getNodeName()).sorted().toList())
                .as("nodes of the daemon pods").isEqualTo(nodes);
        e2e.waits().until("DaemonSet daemon-set status does not count " + nodes.size() + " ready pods", Waits.CONVERGE,
                () -> sets.withName("daemon-set").get(),
                ds -> ds.getStatus() != null && Integer.valueOf(nodes.size()).equals(ds.getStatus().getNumberReady())
                        && Integer.valueOf(nodes.size()).equals(ds.getStatus().getDesiredNumberScheduled()),
                ds -> ds.getStatus() == null ? "no status" : "desired " + ds.getStatus().getDesiredNumberScheduled()
                        + ", ready " + ds.getStatus().getNumberReady());

        sets.withName("daemon-set").delete();
        e2e.waits().until("daemon pods still present after the DaemonSet was deleted", Waits.CONVERGE,
                () -> e2e.client().pods().inNamespace(e2e.namespace()).withLabels(labels).list().getItems(),
                List::isEmpty, p -> p.size() + " pods");
    }

    @E2eTest
    @Serial
    @DisplayName("[sig-apps] Daemon set should run daemon pods only on the nodes its nodeSelector matches [Serial]")
    void onlyOnSelectedNodes(E2eContext e2e) {
        Map<String, String> labels = Map.of("daemonset-name", "selective");
        Node target = e2e.nodes().anySchedulable();
        String key = "fede2e.io/e2e-daemon-" + e2e.namespace();
        String nodeName = target.getMetadata().getName();
        try (Nodes.Change ignored = e2e.nodes().label(nodeName, key, "true")) {
            e2e.client().apps().daemonSets().inNamespace(e2e.namespace())
                    .resource(daemonSet("selective", labels, Map.of(key, "true"))).create();

            List<Pod> pods = e2e.waits().runningPods(labels, 1, Waits.POD_START);

            assertThat(pods.get(0).getSpec().getNodeName()).isEqualTo(nodeName);
            Map<String, Long> perNode = e2e.client().pods().inNamespace(e2e.namespace()).withLabels(labels).list()
                    .getItems().stream().collect(Collectors.groupingBy(p -> String.valueOf(p.getSpec().getNodeName()),
                            TreeMap::new, Collectors.counting()));
            assertThat(perNode).containsOnlyKeys(nodeName);
        }
    }

    private static DaemonSet daemonSet(String name, Map<String, String> labels, Map<String, String> nodeSelector) {
        var template = Workloads.pauseTemplate(labels);
        template.getSpec().setNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector);
        return new DaemonSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNewSelector().withMatchLabels(labels).endSelector().withTemplate(template).endSpec().build();
    }
}
