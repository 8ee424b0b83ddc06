package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import org.junit.jupiter.api.DisplayName;

/** generateName: the server picks a unique name. */
class GenerateNameTests {

    @E2eTest
    @DisplayName("[sig-api-machinery] generateName should give each object a unique name of the prefix and a 5-character suffix")
    void uniqueSuffix(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        var generated = new ConfigMapBuilder().withNewMetadata().withGenerateName("generated-").endMetadata()
                .addToData("k", "v").build();

        String first = configMaps.resource(generated).create().getMetadata().getName();
        String second = configMaps.resource(generated).create().getMetadata().getName();

        assertThat(first).matches("generated-[a-z0-9]{5}");
        assertThat(second).matches("generated-[a-z0-9]{5}").isNotEqualTo(first);
        assertThat(configMaps.withName(first).get()).isNotNull();
        assertThat(configMaps.withName(second).get().getMetadata().getGenerateName()).isEqualTo("generated-");
    }
}
