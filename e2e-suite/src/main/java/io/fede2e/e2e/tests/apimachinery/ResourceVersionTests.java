package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import org.junit.jupiter.api.DisplayName;

/** Optimistic concurrency: resourceVersion guards every write. */
class ResourceVersionTests {

    @E2eTest
    @DisplayName("[sig-api-machinery] ResourceVersion should reject an update carrying a stale resourceVersion with 409 Conflict")
    void staleUpdateConflicts(E2eContext e2e) {
        Resource<ConfigMap> cm = e2e.client().configMaps().inNamespace(e2e.namespace()).withName("guarded");
        ConfigMap created = e2e.client().configMaps().inNamespace(e2e.namespace()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("guarded").endMetadata().addToData("value", "1").build()).create();
        ConfigMap stale = new ConfigMapBuilder(created).build();

        ConfigMap fresh = new ConfigMapBuilder(created).addToData("value", "2").build();
        e2e.client().configMaps().inNamespace(e2e.namespace()).resource(fresh).update();
        stale.getData().put("value", "3");

        assertThatThrownBy(() -> e2e.client().configMaps().inNamespace(e2e.namespace()).resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).as("HTTP status of a stale update").isEqualTo(409));
        assertThat(cm.get().getData()).containsEntry("value", "2");
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] ResourceVersion should change on every write and stay the same on reads")
    void changesOnWrites(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        String v1 = configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("versioned").endMetadata()
                .addToData("value", "1").build()).create().getMetadata().getResourceVersion();
        assertThat(configMaps.withName("versioned").get().getMetadata().getResourceVersion()).isEqualTo(v1);

        String v2 = configMaps.withName("versioned").edit(cm -> new ConfigMapBuilder(cm).addToData("value", "2").build())
                .getMetadata().getResourceVersion();

        assertThat(v2).as("resourceVersion after an update").isNotBlank().isNotEqualTo(v1);
        assertThat(configMaps.withName("versioned").get().getMetadata().getResourceVersion()).isEqualTo(v2);
    }
}
