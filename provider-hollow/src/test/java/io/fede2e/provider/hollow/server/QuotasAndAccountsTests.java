package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuotasAndAccountsTests extends LiveApiServer {

    private ResourceQuota quota(Map<String, String> hard, String... scopes) {
        ResourceQuotaBuilder b = new ResourceQuotaBuilder().withNewMetadata().withName("q").endMetadata().withNewSpec()
                .withScopes(scopes).endSpec();
        hard.forEach((k, v) -> b.editSpec().addToHard(k, new Quantity(v)).endSpec());
        return client.resourceQuotas().inNamespace(ns).resource(b.build()).create();
    }

    private Map<String, Quantity> used() {
        ResourceQuota q = client.resourceQuotas().inNamespace(ns).withName("q").get();
        return q.getStatus() == null ? Map.of() : q.getStatus().getUsed();
    }

    private Pod pod(String name, String cpu) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("nginx").endContainer().endSpec();
        if (cpu != null) {
            b.editSpec().editFirstContainer().withNewResources().addToRequests("cpu", new Quantity(cpu))
                    .addToLimits("cpu", new Quantity(cpu)).endResources().endContainer().endSpec();
        }
        return client.pods().inNamespace(ns).resource(b.build()).create();
    }

    @Nested
    class ResourceQuotas {

        @Test
        void statusIsThereInTheWriteThatCreatesTheQuota() {
            quota(Map.of("configmaps", "2", "resourcequotas", "1", "secrets", "5"));

            // the namespace already holds the default account's token Secret and the quota itself
            assertThat(used()).containsEntry("configmaps", new Quantity("0")).containsEntry("resourcequotas", new Quantity("1"))
                    .containsEntry("secrets", new Quantity("1"));
            assertThat(client.resourceQuotas().inNamespace(ns).withName("q").get().getStatus().getHard())
                    .containsEntry("configmaps", new Quantity("2"));
        }

        @Test
        void refusesTheCreationThatWouldExceedTheQuotaAndCountsDeletions() {
            quota(Map.of("configmaps", "1"));
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("a")
                    .endMetadata().build()).create();
            assertThat(used()).containsEntry("configmaps", new Quantity("1"));

            assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("b").endMetadata().build()).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("configmaps \"b\" is forbidden: exceeded quota: q, requested: configmaps=1, "
                            + "used: configmaps=1, limited: configmaps=1");

            client.configMaps().inNamespace(ns).withName("a").delete();
            assertThat(used()).containsEntry("configmaps", new Quantity("0"));
        }

        @Test
        void podsMustStateAConstrainedResourceAndAreSummed() {
            quota(Map.of("pods", "3", "requests.cpu", "1"));

            assertThatThrownBy(() -> pod("bare", null))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("failed quota: q: must specify requests.cpu");
            pod("a", "300m");
            pod("b", "500m");
            assertThat(used()).containsEntry("pods", new Quantity("2")).containsEntry("requests.cpu", new Quantity("800m"));
            assertThatThrownBy(() -> pod("c", "300m")).hasMessageContaining("exceeded quota: q, requested: requests.cpu=300m");
        }

        @Test
        void scopedQuotaCountsOnlyThePodsItSelects() {
            quota(Map.of("pods", "5"), "BestEffort");
            pod("best-effort", null);
            pod("burstable", "100m");

            assertThat(used()).containsEntry("pods", new Quantity("1"));
        }

        @Test
        void aPodCannotChangeTheResourcesAQuotaCounted() {
            Pod created = pod("fixed", "100m");
            created.getSpec().getContainers().get(0).getResources().getRequests().put("cpu", new Quantity("200m"));

            assertThatThrownBy(() -> client.pods().inNamespace(ns).resource(created).update())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                    .hasMessageContaining("pod updates may not change fields other than");
        }

        @Test
        void quantitiesParseAndPrintAsKubernetesDoes() {
            assertThat(Quotas.parse("252Mi")).isEqualByComparingTo(BigDecimal.valueOf(252L << 20));
            assertThat(Quotas.parse("500m")).isEqualByComparingTo("0.5");
            assertThat(Quotas.parse("1e3")).isEqualByComparingTo("1000");
            assertThat(Quotas.format(new BigDecimal("0.8"))).isEqualTo("800m");
            assertThat(Quotas.format(new BigDecimal("2.000"))).isEqualTo("2");
            assertThatThrownBy(() -> Quotas.parse("lots")).hasMessageContaining("quantity 'lots' is not");
        }
    }

    @Nested
    class ServiceAccountsAndSecrets {

        @Test
        void defaultAccountHasItsTokenSecretAsSoonAsTheNamespaceExists() {
            ServiceAccount sa = client.serviceAccounts().inNamespace(ns).withName("default").get();

            assertThat(sa.getSecrets()).hasSize(1);
            Secret token = client.secrets().inNamespace(ns).withName(sa.getSecrets().get(0).getName()).get();
            assertThat(token.getType()).isEqualTo("kubernetes.io/service-account-token");
            assertThat(token.getMetadata().getAnnotations()).containsEntry("kubernetes.io/service-account.name", "default")
                    .containsEntry("kubernetes.io/service-account.uid", sa.getMetadata().getUid());
            assertThat(token.getData()).containsKeys("token", "namespace");
        }

        @Test
        void secretWithAnEmptyKeyIsInvalid() {
            assertThatThrownBy(() -> client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
                    .withName("empty-key").endMetadata().addToData("", "dmFsdWU=").build()).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
                    .hasMessageContaining("a valid config key must consist of alphanumeric characters");
        }
    }
}
