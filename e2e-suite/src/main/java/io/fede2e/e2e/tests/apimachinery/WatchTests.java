package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RecordingWatcher;
import io.fede2e.e2e.Waits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Watches: notifications in order, and resuming from a resourceVersion. */
class WatchTests {

    private static final Map<String, String> LABEL = Map.of("watch-this-configmap", "yes");

    @E2eTest
    @Conformance(release = "v1.11", description = "Watch ConfigMaps by label, then create, modify and delete one."
            + " The watch MUST deliver ADDED, MODIFIED and DELETED notifications, in that order.")
    @DisplayName("[sig-api-machinery] Watchers should observe add, update, and delete watch notifications on configmaps [Conformance]")
    void addUpdateDelete(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch ignored = configMaps.withLabels(LABEL).watch(watcher)) {
            configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("e2e-watch-test").withLabels(LABEL)
                    .endMetadata().addToData("mutation", "0").build()).create();
            configMaps.withName("e2e-watch-test").edit(cm -> new ConfigMapBuilder(cm).addToData("mutation", "1").build());
            configMaps.withName("e2e-watch-test").delete();

            watcher.await("DELETED configmap e2e-watch-test", Waits.CONVERGE, e -> e.action() == Action.DELETED);
            List<Action> actions = watcher.events().stream()
                    .filter(e -> e.object().getMetadata().getName().equals("e2e-watch-test"))
                    .map(RecordingWatcher.Received::action).toList();
            assertThat(actions).containsExactly(Action.ADDED, Action.MODIFIED, Action.DELETED);
        }
    }

    @E2eTest
    @Conformance(release = "v1.11", description = "Create a ConfigMap, modify it three times and delete it, then watch"
            + " from the resourceVersion of the first modification. The watch MUST deliver exactly the later changes:"
            + " the second and third modifications and the deletion.")
    @DisplayName("[sig-api-machinery] Watchers should be able to start watching from a specific resource version [Conformance]")
    void resumeFromResourceVersion(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        var cm = configMaps.withName("e2e-watch-test-resource-version");
        configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("e2e-watch-test-resource-version")
                .withLabels(LABEL).endMetadata().build()).create();
        String afterFirst = cm.edit(c -> new ConfigMapBuilder(c).addToData("mutation", "1").build())
                .getMetadata().getResourceVersion();
        cm.edit(c -> new ConfigMapBuilder(c).addToData("mutation", "2").build());
        cm.edit(c -> new ConfigMapBuilder(c).addToData("mutation", "3").build());
        cm.delete();

        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch ignored = configMaps.withLabels(LABEL)
                .watch(new ListOptionsBuilder().withResourceVersion(afterFirst).build(), watcher)) {
            watcher.await("DELETED after resuming from " + afterFirst, Waits.CONVERGE, e -> e.action() == Action.DELETED);
            var events = watcher.events();
            assertThat(events).extracting(RecordingWatcher.Received::action)
                    .containsExactly(Action.MODIFIED, Action.MODIFIED, Action.DELETED);
            assertThat(events.get(0).object().getData()).containsEntry("mutation", "2");
            assertThat(events.get(1).object().getData()).containsEntry("mutation", "3");
        }
    }
}
