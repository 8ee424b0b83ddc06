package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the API server does on its own, through a real client: validation (422 with causes), Service
 * cluster IP allocation and garbage collection for every kind.
 */
class ApiServerRulesTests extends LiveApiServer {

    /** The 422 a call fails with. */
    private static KubernetesClientException invalid(ThrowingCallable call) {
        List<KubernetesClientException> caught = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(KubernetesClientException.class, caught::add);
        KubernetesClientException e = caught.get(0);
        assertThat(e.getCode()).as(e.getMessage()).isEqualTo(422);
        assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
        return e;
    }

    private static List<String> fields(KubernetesClientException e) {
        return e.getStatus().getDetails().getCauses().stream().map(StatusCause::getField).toList();
    }

    private static PodTemplateSpec template(Map<String, String> labels) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                .addNewContainer().withName("c").withImage("pause").endContainer().endSpec().build();
    }

    private static Deployment deployment(String name, Map<String, String> selector, Map<String, String> labels) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(0)
                .withNewSelector().withMatchLabels(selector).endSelector().withTemplate(template(labels)).endSpec()
                .build();
    }

    @Nested
    class Validation {

        @Test
        void aNameThatIsNoDnsSubdomainIsRefusedNamingMetadataName() {
            KubernetesClientException e = invalid(() -> client.configMaps().inNamespace(ns).resource(
                    new ConfigMapBuilder().withNewMetadata().withName("Not_A_Valid_Name").endMetadata().build()).create());

            assertThat(e.getStatus().getMessage()).startsWith("ConfigMap \"Not_A_Valid_Name\" is invalid: metadata.name:"
                    + " Invalid value: \"Not_A_Valid_Name\": a lowercase RFC 1123 subdomain");
            StatusCause cause = e.getStatus().getDetails().getCauses().get(0);
            assertThat(cause.getField()).isEqualTo("metadata.name");
            assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
            assertThat(e.getStatus().getDetails().getKind()).isEqualTo("configmaps");
            assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        }

        @Test
        void aDottedNameIsASubdomainButNoServiceName() {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("a.b-c")
                    .endMetadata().build()).create();

            KubernetesClientException e = invalid(() -> client.services().inNamespace(ns).resource(new ServiceBuilder()
                    .withNewMetadata().withName("a.b").endMetadata().withNewSpec().addNewPort().withPort(80).endPort()
                    .endSpec().build()).create());

            assertThat(fields(e)).containsExactly("metadata.name");
            assertThat(e.getStatus().getMessage()).contains("DNS-1035 label");
        }

        @Test
        void rbacNamesMayHoldColons() {
            client.rbac().clusterRoles().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder()
                    .withNewMetadata().withName("system:" + ns).endMetadata().build()).create();

            assertThat(client.rbac().clusterRoles().withName("system:" + ns).get()).isNotNull();
        }

        @Test
        void aPodWithoutContainersIsRefusedWithRequiredValue() {
            KubernetesClientException e = invalid(() -> client.pods().inNamespace(ns).resource(new PodBuilder()
                    .withNewMetadata().withName("empty").endMetadata().withNewSpec().endSpec().build()).create());

            StatusCause cause = e.getStatus().getDetails().getCauses().get(0);
            assertThat(cause.getField()).isEqualTo("spec.containers");
            assertThat(cause.getReason()).isEqualTo("FieldValueRequired");
            assertThat(client.pods().inNamespace(ns).withName("empty").get()).isNull();
        }

        @Test
        void everyErrorOfOneObjectIsACause() {
            KubernetesClientException e = invalid(() -> client.pods().inNamespace(ns).resource(new PodBuilder()
                    .withNewMetadata().withName("Bad").endMetadata().withNewSpec().endSpec().build()).create());

            assertThat(fields(e)).containsExactly("metadata.name", "spec.containers");
            assertThat(e.getStatus().getMessage()).contains("is invalid: [metadata.name: ");
        }

        @Test
        void aDeploymentWhoseSelectorMissesItsTemplateIsRefused() {
            KubernetesClientException e = invalid(() -> client.apps().deployments().inNamespace(ns)
                    .resource(deployment("mismatch", Map.of("app", "one"), Map.of("app", "other"))).create());

            assertThat(fields(e)).containsExactly("spec.template.metadata.labels");
            assertThat(e.getStatus().getMessage()).contains("`selector` does not match template `labels`");
            assertThat(client.apps().deployments().inNamespace(ns).withName("mismatch").get()).isNull();
        }

        @Test
        void matchExpressionsAreEvaluated() {
            Deployment excluded = new DeploymentBuilder(deployment("expr", Map.of(), Map.of("app", "x")))
                    .editSpec().editSelector().withMatchLabels(null).withMatchExpressions(
                            new LabelSelectorRequirementBuilder().withKey("app").withOperator("NotIn")
                                    .withValues("x").build()).endSelector().endSpec().build();

            invalid(() -> client.apps().deployments().inNamespace(ns).resource(excluded).create());

            Deployment included = new DeploymentBuilder(excluded).editSpec().editSelector().editMatchExpression(0)
                    .withOperator("In").endMatchExpression().endSelector().endSpec().build();
            assertThat(client.apps().deployments().inNamespace(ns).resource(included).create().getMetadata().getUid())
                    .isNotBlank();
        }

        @Test
        void anUpdateThatBreaksTheSelectorIsRefusedAndChangesNothing() {
            client.apps().deployments().inNamespace(ns).resource(deployment("d", Map.of("app", "d"), Map.of("app", "d")))
                    .create();

            KubernetesClientException e = invalid(() -> client.apps().deployments().inNamespace(ns).withName("d")
                    .edit(d -> new DeploymentBuilder(d).editSpec().withTemplate(template(Map.of("app", "e")))
                            .endSpec().build()));

            assertThat(fields(e)).containsExactly("spec.template.metadata.labels");
            assertThat(client.apps().deployments().inNamespace(ns).withName("d").get().getSpec().getTemplate()
                    .getMetadata().getLabels()).containsEntry("app", "d");
        }
    }

    @Nested
    class ClusterIps {

        private Service service(String name, String clusterIp) {
            return client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
                    .endMetadata().withNewSpec().withClusterIP(clusterIp).withSelector(Map.of("app", name))
                    .addNewPort().withPort(80).endPort().endSpec().build()).create();
        }

        @Test
        void eachServiceGetsItsOwnIpInTheCreateResponse() {
            Set<String> ips = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                Service s = service("s" + i, null);
                String ip = s.getSpec().getClusterIP();
                assertThat(ip).matches("10\\.(9[6-9]|10[0-9]|11[01])\\.[0-9]+\\.[0-9]+");
                assertThat(s.getSpec().getClusterIPs()).containsExactly(ip);
                assertThat(s.getSpec().getIpFamilies()).containsExactly("IPv4");
                ips.add(ip);
            }

            assertThat(ips).hasSize(5).doesNotContain("10.96.0.1");
            assertThat(client.services().inNamespace(ns).withName("s0").get().getSpec().getClusterIP())
                    .isIn(ips);
        }

        @Test
        void theKubernetesServiceHasTheFirstIp() {
            Service kubernetes = client.services().inNamespace("default").withName("kubernetes").get();

            assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
            assertThat(kubernetes.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(443);
        }

        @Test
        void aHeadlessServiceGetsNone() {
            Service s = service("headless", "None");

            assertThat(s.getSpec().getClusterIP()).isEqualTo("None");
            assertThat(s.getSpec().getClusterIPs()).containsExactly("None");
        }

        @Test
        void anExternalNameServiceGetsNoIp() {
            Service s = client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata()
                    .withName("ext").endMetadata().withNewSpec().withType("ExternalName")
                    .withExternalName("example.com").endSpec().build()).create();

            assertThat(s.getSpec().getClusterIP()).isNullOrEmpty();
        }

        @Test
        void aRequestedFreeIpIsHonouredAndThenTaken() {
            String ip = "10.100.7." + (SEQ.get() % 250 + 2);
            assertThat(service("wanted", ip).getSpec().getClusterIP()).isEqualTo(ip);

            KubernetesClientException e = invalid(() -> service("again", ip));

            assertThat(fields(e)).containsExactly("spec.clusterIPs");
            assertThat(e.getStatus().getMessage()).contains("provided IP is already allocated");
        }

        @Test
        void anIpOutsideTheRangeIsRefused() {
            KubernetesClientException e = invalid(() -> service("outside", "192.168.1.1"));

            assertThat(e.getStatus().getMessage()).contains("not in the valid range", "10.96.0.0/12");
        }

        @Test
        void aDeletedServiceFreesItsIp() {
            String ip = "10.101.3." + (SEQ.get() % 250 + 2);
            service("first", ip);
            client.services().inNamespace(ns).withName("first").delete();

            assertThat(service("second", ip).getSpec().getClusterIP()).isEqualTo(ip);
        }

        @Test
        void anUpdateKeepsTheIpAndMayNotChangeIt() {
            String ip = service("kept", null).getSpec().getClusterIP();

            Service replaced = client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata()
                    .withName("kept").endMetadata().withNewSpec().withSelector(Map.of("app", "other")).addNewPort()
                    .withPort(81).endPort().endSpec().build()).update();
            assertThat(replaced.getSpec().getClusterIP()).isEqualTo(ip);

            KubernetesClientException e = invalid(() -> client.services().inNamespace(ns).withName("kept")
                    .edit(s -> new ServiceBuilder(s).editSpec().withClusterIP("10.96.9.9").withClusterIPs("10.96.9.9")
                            .endSpec().build()));
            assertThat(e.getStatus().getMessage()).contains("may not change once set");
        }
    }

    @Nested
    class GarbageCollection {

        private ConfigMap owner(String name) {
            return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .endMetadata().build()).create();
        }

        private OwnerReference ref(String name, String uid, boolean block) {
            return new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName(name).withUid(uid)
                    .withBlockOwnerDeletion(block).build();
        }

        private ConfigMap dependent(String name, List<String> finalizers, OwnerReference... refs) {
            return client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withFinalizers(finalizers).withOwnerReferences(refs).endMetadata().build()).create();
        }

        private ConfigMap get(String name) {
            return client.configMaps().inNamespace(ns).withName(name).get();
        }

        private void awaitGone(String name) {
            await("configmap " + name + " is gone").atMost(WAIT).until(() -> get(name) == null);
        }

        /**
         * Waits until the collector has dealt with everything before now: it works in order, so once a
         * dependent made now is collected, earlier decisions are made.
         */
        private void awaitCollectorCaughtUp() {
            String marker = "marker-" + SEQ.incrementAndGet();
            dependent(marker, List.of(), ref("no-such-owner", "00000000-0000-0000-0000-" + marker.hashCode(), false));
            awaitGone(marker);
        }

        @Test
        void backgroundDeletesTheDependentAfterTheOwner() {
            ConfigMap owner = owner("owner");
            dependent("dependent", List.of(), ref("owner", owner.getMetadata().getUid(), false));

            client.configMaps().inNamespace(ns).withName("owner").delete();

            assertThat(get("owner")).isNull();
            awaitGone("dependent");
        }

        @Test
        void aDependentOfAnOwnerThatNeverExistedIsDeleted() {
            dependent("dangling", List.of(), ref("ghost", "6a1e4c8e-0000-4000-8000-000000000001", false));

            awaitGone("dangling");
        }

        @Test
        void aDependentWithAnotherLiveOwnerStays() {
            ConfigMap a = owner("a");
            ConfigMap b = owner("b");
            dependent("shared", List.of(), ref("a", a.getMetadata().getUid(), false),
                    ref("b", b.getMetadata().getUid(), false));

            client.configMaps().inNamespace(ns).withName("a").delete();
            awaitCollectorCaughtUp();

            assertThat(get("shared")).isNotNull();
            client.configMaps().inNamespace(ns).withName("b").delete();
            awaitGone("shared");
        }

        @Test
        void foregroundKeepsTheOwnerUntilBlockingDependentsAreGone() {
            ConfigMap owner = owner("owner");
            dependent("held", List.of("test/hold"), ref("owner", owner.getMetadata().getUid(), true));
            dependent("free", List.of(), ref("owner", owner.getMetadata().getUid(), false));

            client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND)
                    .delete();

            await("held is being deleted").atMost(WAIT).until(() -> get("held").getMetadata().getDeletionTimestamp()
                    != null);
            awaitGone("free");
            ConfigMap waiting = get("owner");
            assertThat(waiting).isNotNull();
            assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(waiting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");

            client.configMaps().inNamespace(ns).withName("held").edit(cm -> new ConfigMapBuilder(cm).editMetadata()
                    .withFinalizers(List.of()).endMetadata().build());

            awaitGone("owner");
            assertThat(get("held")).isNull();
        }

        @Test
        void foregroundWithoutDependentsDeletesTheOwnerSoon() {
            owner("alone");

            client.configMaps().inNamespace(ns).withName("alone").withPropagationPolicy(DeletionPropagation.FOREGROUND)
                    .delete();

            awaitGone("alone");
        }

        @Test
        void orphanPolicyLeavesTheDependentWithoutItsReference() {
            ConfigMap owner = owner("owner");
            dependent("orphan", List.of(), ref("owner", owner.getMetadata().getUid(), true));

            client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN)
                    .delete();
            awaitGone("owner");
            awaitCollectorCaughtUp();

            ConfigMap orphan = get("orphan");
            assertThat(orphan).isNotNull();
            assertThat(orphan.getMetadata().getOwnerReferences()).isNullOrEmpty();
        }

        @Test
        void theOrphanFinalizerOrphansDependentsThenGoes() {
            ConfigMap owner = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("owner").withFinalizers("orphan").endMetadata().build()).create();
            ConfigMap other = owner("other");
            dependent("kept", List.of(), ref("owner", owner.getMetadata().getUid(), false),
                    ref("other", other.getMetadata().getUid(), false));

            client.configMaps().inNamespace(ns).withName("owner").delete();
            awaitGone("owner");

            assertThat(get("kept").getMetadata().getOwnerReferences()).extracting(OwnerReference::getName)
                    .containsExactly("other");
        }
    }
}
