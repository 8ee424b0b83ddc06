package io.fede2e.e2e.tests.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RecordingWatcher;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** StatefulSets: ordinal pods, created in order, with stable names. */
class StatefulSetTests {

    @E2eTest
    @DisplayName("[sig-apps] StatefulSet should create pods in the order of their ordinals, each after the previous is Ready")
    void orderedCreation(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "ordered");
        createHeadlessService(e2e, "ordered", labels);
        RecordingWatcher<Pod> watcher = new RecordingWatcher<>();
        try (Watch ignored = e2e.client().pods().inNamespace(e2e.namespace()).withLabels(labels).watch(watcher)) {
            e2e.client().apps().statefulSets().inNamespace(e2e.namespace()).resource(statefulSet("ordered", 3, labels))
                    .create();

            List<Pod> pods = e2e.waits().runningPods(labels, 3, Waits.POD_START);

            assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("ordered-0", "ordered-1", "ordered-2");
            var events = watcher.events();
            for (int ordinal = 1; ordinal < 3; ordinal++) {
                String previous = "ordered-" + (ordinal - 1);
                String current = "ordered-" + ordinal;
                int added = indexOf(events, e -> e.action() == Action.ADDED && name(e).equals(current));
                int previousReady = indexOf(events, e -> name(e).equals(previous) && Waits.isRunningAndReady(e.object()));
                assertThat(added).as("watch position of %s ADDED", current).isNotNegative();
                assertThat(previousReady).as("watch position of %s Ready, before %s was created", previous, current)
                        .isNotNegative().isLessThan(added);
            }
        }
    }

    @E2eTest
    @DisplayName("[sig-apps] StatefulSet should recreate a deleted pod under the same name")
    void recreatesUnderSameName(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "stable");
        createHeadlessService(e2e, "stable", labels);
        e2e.client().apps().statefulSets().inNamespace(e2e.namespace()).resource(statefulSet("stable", 2, labels)).create();
        e2e.waits().runningPods(labels, 2, Waits.POD_START);
        String oldUid = e2e.client().pods().inNamespace(e2e.namespace()).withName("stable-1").get().getMetadata().getUid();

        e2e.client().pods().inNamespace(e2e.namespace()).withName("stable-1").delete();

        Pod recreated = e2e.waits().pod("stable-1", "not recreated and Running", Waits.POD_START,
                p -> !oldUid.equals(p.getMetadata().getUid()) && Waits.isRunningAndReady(p));
        assertThat(recreated.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "stable-1");
    }

    private static void createHeadlessService(E2eContext e2e, String name, Map<String, String> labels) {
        e2e.client().services().inNamespace(e2e.namespace()).resource(new ServiceBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withClusterIP("None").withSelector(labels).addNewPort()
                .withName("web").withPort(80).endPort().endSpec().build()).create();
    }

    private static StatefulSet statefulSet(String name, int replicas, Map<String, String> labels) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withServiceName(name).withReplicas(replicas).withPodManagementPolicy("OrderedReady")
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(Workloads.pauseTemplate(labels)).endSpec().build();
    }

    private static String name(RecordingWatcher.Received<Pod> e) {
        return e.object().getMetadata().getName();
    }

    private static int indexOf(List<RecordingWatcher.Received<Pod>> events,
            java.util.function.Predicate<RecordingWatcher.Received<Pod>> match) {
        for (int i = 0; i < events.size(); i++) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
