package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Serial;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Namespace lifecycle: contents go with the namespace, and nothing is created in a missing one. */
class NamespaceTests {

    @E2eTest
    @Conformance(release = "v1.11", description = "Create a namespace with a running pod, then delete the namespace."
            + " The namespace MUST go away and MUST take the pod with it.")
    @Serial
    @DisplayName("[sig-api-machinery] Namespaces [Serial] should ensure that all pods are removed when a namespace is deleted [Conformance]")
    void podsGoWithTheirNamespace(E2eContext e2e) {
        KubernetesClient client = e2e.client();
        String ns = e2e.createNamespace("nsdeletetest");
        client.pods().inNamespace(ns).resource(Workloads.pausePod("test-pod", Map.of("app", "nsdelete"))).create();
        e2e.waits(ns).podRunning("test-pod");

        client.namespaces().withName(ns).delete();

        e2e.waits(ns).gone("namespace " + ns, Waits.CONVERGE, () -> client.namespaces().withName(ns).get());
        assertThat(client.pods().inNamespace(ns).list().getItems()).as("pods of deleted namespace %s", ns).isEmpty();
    }

    @E2eTest
    @Conformance(release = "v1.11", description = "Create a namespace with a Service, then delete the namespace."
            + " The namespace MUST go away and MUST take the Service with it.")
    @Serial
    @DisplayName("[sig-api-machinery] Namespaces [Serial] should ensure that all services are removed when a namespace is deleted [Conformance]")
    void servicesGoWithTheirNamespace(E2eContext e2e) {
        KubernetesClient client = e2e.client();
        String ns = e2e.createNamespace("nsdeletetest");
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("test-service")
                .endMetadata().withNewSpec().withSelector(Map.of("app", "nsdelete")).addNewPort().withPort(80)
                .withNewTargetPort(8080).endPort().endSpec().build()).create();
        assertThat(client.services().inNamespace(ns).withName("test-service").get()).isNotNull();

        client.namespaces().withName(ns).delete();

        e2e.waits(ns).gone("namespace " + ns, Waits.CONVERGE, () -> client.namespaces().withName(ns).get());
        assertThat(client.services().inNamespace(ns).list().getItems()).as("services of deleted namespace %s", ns).isEmpty();
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Namespaces should refuse to create an object in a namespace that does not exist")
    void noObjectsInMissingNamespace(E2eContext e2e) {
        String missing = e2e.namespace() + "-missing";

        assertThatThrownBy(() -> e2e.client().configMaps().inNamespace(missing).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("orphan").endMetadata().addToData("k", "v").build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).as("HTTP status of a create in missing namespace %s", missing)
                                .isEqualTo(404));
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Namespaces should stay Terminating until the finalizers of their contents are removed")
    void terminatingUntilContentsAreFinalized(E2eContext e2e) {
        KubernetesClient client = e2e.client();
        String ns = e2e.createNamespace("nsfinalize");
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers(GarbageCollectorTests.HOLD).endMetadata().addToData("k", "v").build()).create();

        try {
            client.namespaces().withName(ns).delete();

            e2e.waits(ns).until("configmap held not being deleted", Waits.CONVERGE,
                    () -> client.configMaps().inNamespace(ns).withName("held").get(),
                    cm -> cm != null && cm.getMetadata().getDeletionTimestamp() != null,
                    cm -> cm == null ? "not found" : "no deletionTimestamp");
            assertThat(client.namespaces().withName(ns).get().getStatus().getPhase())
                    .as("phase of namespace %s while its contents hold a finalizer", ns).isEqualTo("Terminating");
        } finally {
            GarbageCollectorTests.release(client.configMaps().inNamespace(ns).withName("held"));
        }

        e2e.waits(ns).gone("namespace " + ns, Waits.CONVERGE, () -> client.namespaces().withName(ns).get());
    }
}
