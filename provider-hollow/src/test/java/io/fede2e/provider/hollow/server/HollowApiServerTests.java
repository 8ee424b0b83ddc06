package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HollowApiServerTests {

    private HollowApiServer server;

    @BeforeEach
    void start() {
        server = HollowApiServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void storesAndReadsBackObjects() {
        var client = server.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build()).create();
        client.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .endMetadata().addToData("k", "v").build()).create();

        assertThat(client.configMaps().inNamespace("a").withName("c").get().getData()).containsEntry("k", "v");
    }
}
