package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Label and field selectors on lists. */
class SelectorTests {

    @E2eTest
    @DisplayName("[sig-api-machinery] Selectors should list only the objects matching equality- and set-based label selectors")
    void labelSelectors(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        configMaps.resource(cm("front-prod", Map.of("tier", "frontend", "env", "prod"))).create();
        configMaps.resource(cm("back-prod", Map.of("tier", "backend", "env", "prod"))).create();
        configMaps.resource(cm("front-dev", Map.of("tier", "frontend", "env", "dev"))).create();
        configMaps.resource(cm("unlabelled", Map.of())).create();

        assertThat(names(configMaps.withLabel("tier", "frontend").list().getItems()))
                .containsExactly("front-dev", "front-prod");
        assertThat(names(configMaps.withLabels(Map.of("tier", "frontend", "env", "prod")).list().getItems()))
                .containsExactly("front-prod");
        assertThat(names(configMaps.withLabelIn("env", "prod", "dev").list().getItems()))
                .containsExactly("back-prod", "front-dev", "front-prod");
        assertThat(names(configMaps.withLabelNotIn("tier", "frontend").withLabel("env").list().getItems()))
                .containsExactly("back-prod");
        assertThat(names(configMaps.withoutLabel("tier").list().getItems())).contains("unlabelled")
                .doesNotContain("front-prod", "back-prod", "front-dev");
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Selectors should list pods by the field selectors metadata.name, status.phase and spec.nodeName")
    void fieldSelectors(E2eContext e2e) {
        var pods = e2e.client().pods().inNamespace(e2e.namespace());
        pods.resource(Workloads.pausePod("alpha", Map.of("app", "fields"))).create();
        pods.resource(Workloads.pausePod("beta", Map.of("app", "fields"))).create();
        Pod alpha = e2e.waits().podRunning("alpha");
        e2e.waits().podRunning("beta");

        assertThat(names(pods.withField("metadata.name", "alpha").list().getItems())).containsExactly("alpha");
        assertThat(names(pods.withField("status.phase", "Running").list().getItems())).containsExactly("alpha", "beta");
        assertThat(names(pods.withField("status.phase", "Pending").list().getItems())).isEmpty();
        assertThat(names(pods.withField("spec.nodeName", alpha.getSpec().getNodeName()).list().getItems()))
                .contains("alpha");
        assertThat(names(pods.withoutField("metadata.name", "alpha").list().getItems())).containsExactly("beta");
    }

    private static ConfigMap cm(String name, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .addToData("name", name).build();
    }

    static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).sorted().toList();
    }
}
