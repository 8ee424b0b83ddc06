package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Waits;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** ConfigMap and Secret CRUD through the API. */
class ConfigMapTests {

    @E2eTest
    @Conformance(release = "v1.19", description = "Create a ConfigMap, read it, patch it, list it by label and delete"
            + " it. Each operation MUST succeed and MUST be reflected by the next read.")
    @DisplayName("[sig-node] ConfigMap should run through a ConfigMap lifecycle [Conformance]")
    void configMapLifecycle(E2eContext e2e) {
        var configMaps = e2e.client().configMaps().inNamespace(e2e.namespace());
        configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("test-configmap")
                .withLabels(Map.of("test-configmap-static", "true")).endMetadata()
                .addToData("valueName", "value").build()).create();
        assertThat(configMaps.withName("test-configmap").get().getData()).containsEntry("valueName", "value");

        configMaps.withName("test-configmap").edit(cm -> new ConfigMapBuilder(cm)
                .editMetadata().addToLabels("test-configmap", "patched").endMetadata()
                .addToData("valueName", "value1").build());

        var listed = configMaps.withLabel("test-configmap", "patched").list().getItems();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).getData()).containsEntry("valueName", "value1");

        configMaps.withName("test-configmap").delete();
        e2e.waits().gone("configmap test-configmap", Waits.CONVERGE, () -> configMaps.withName("test-configmap").get());
        assertThat(configMaps.withLabel("test-configmap-static", "true").list().getItems()).isEmpty();
    }

    @E2eTest
    @Conformance(release = "v1.18", description = "Create a Secret, read it, update its data, list it by label and"
            + " delete it. The data MUST round-trip base64-encoded and each change MUST be visible to the next read.")
    @DisplayName("[sig-api-machinery] Secrets should patch a secret [Conformance]")
    void secretLifecycle(E2eContext e2e) {
        var secrets = e2e.client().secrets().inNamespace(e2e.namespace());
        secrets.resource(new SecretBuilder().withNewMetadata().withName("test-secret")
                .withLabels(Map.of("testsecret-constant", "true")).endMetadata()
                .addToData("key", b64("value")).build()).create();
        assertThat(decode(secrets.withName("test-secret").get().getData().get("key"))).isEqualTo("value");

        secrets.withName("test-secret").edit(s -> new SecretBuilder(s).addToData("key", b64("value2"))
                .addToData("other", b64("x")).build());

        var listed = secrets.withLabel("testsecret-constant", "true").list().getItems();
        assertThat(listed).hasSize(1);
        assertThat(decode(listed.get(0).getData().get("key"))).isEqualTo("value2");
        assertThat(decode(listed.get(0).getData().get("other"))).isEqualTo("x");

        secrets.withName("test-secret").delete();
        e2e.waits().gone("secret test-secret", Waits.CONVERGE, () -> secrets.withName("test-secret").get());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
