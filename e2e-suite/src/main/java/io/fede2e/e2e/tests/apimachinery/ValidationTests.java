package io.fede2e.e2e.tests.apimachinery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** Server-side validation: invalid objects are refused with 422 and the offending field. */
class ValidationTests {

    @E2eTest
    @DisplayName("[sig-api-machinery] Validation should reject an object whose name is not a DNS subdomain with 422 Invalid")
    void invalidName(E2eContext e2e) {
        assertThatThrownBy(() -> e2e.client().configMaps().inNamespace(e2e.namespace()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("Not_A_Valid_Name").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(fields(e)).contains("metadata.name");
                });
        assertThat(e2e.client().configMaps().inNamespace(e2e.namespace()).list().getItems())
                .noneMatch(cm -> cm.getMetadata().getName().equals("Not_A_Valid_Name"));
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Validation should reject a pod without containers with 422 Invalid naming spec.containers")
    void podWithoutContainers(E2eContext e2e) {
        assertThatThrownBy(() -> e2e.client().pods().inNamespace(e2e.namespace()).resource(new PodBuilder()
                .withNewMetadata().withName("empty").endMetadata().withNewSpec().endSpec().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(fields(e)).contains("spec.containers");
                });
        assertThat(e2e.client().pods().inNamespace(e2e.namespace()).withName("empty").get()).isNull();
    }

    @E2eTest
    @DisplayName("[sig-api-machinery] Validation should reject a Deployment whose selector does not match its template labels")
    void selectorMismatch(E2eContext e2e) {
        var deployment = new DeploymentBuilder().withNewMetadata().withName("mismatch").endMetadata().withNewSpec()
                .withReplicas(1).withNewSelector().withMatchLabels(Map.of("app", "one")).endSelector()
                .withTemplate(Workloads.pauseTemplate(Map.of("app", "other"))).endSpec().build();

        assertThatThrownBy(() -> e2e.client().apps().deployments().inNamespace(e2e.namespace()).resource(deployment)
                .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(fields(e)).contains("spec.template.metadata.labels");
                });
    }

    private static List<String> fields(KubernetesClientException e) {
        if (e.getStatus() == null || e.getStatus().getDetails() == null || e.getStatus().getDetails().getCauses() == null) {
            return List.of();
        }
        return e.getStatus().getDetails().getCauses().stream().map(StatusCause::getField).toList();
    }
}
