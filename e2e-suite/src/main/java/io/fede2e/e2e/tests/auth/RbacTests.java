package io.fede2e.e2e.tests.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RequiresCapability;
import io.fede2e.e2e.Waits;
import org.junit.jupiter.api.DisplayName;

/**
 * RBAC as a ServiceAccount meets it. The test acts as the ServiceAccount through impersonation, which
 * the suite's admin credentials allow on any RBAC cluster.
 */
@RequiresCapability("rbac")
class RbacTests {

    @E2eTest
    @DisplayName("[sig-auth] ServiceAccounts should be denied without a Role and allowed after a RoleBinding")
    void deniedThenAllowed(E2eContext e2e) {
        createServiceAccount(e2e, "reader");
        try (KubernetesClient asReader = impersonating(e2e, "reader")) {
            assertForbidden(() -> asReader.pods().inNamespace(e2e.namespace()).list());

            e2e.client().rbac().roles().inNamespace(e2e.namespace()).resource(new RoleBuilder().withNewMetadata()
                    .withName("pod-reader").endMetadata().withRules(new PolicyRuleBuilder().withApiGroups("")
                            .withResources("pods").withVerbs("get", "list").build()).build()).create();
            bind(e2e, "reader-binding", "Role", "pod-reader", "reader");

            // Authorizers see new bindings after a short delay on real clusters: poll until allowed.
            e2e.waits().until("ServiceAccount reader still cannot list pods after the RoleBinding", Waits.CONVERGE,
                    () -> asReader.pods().inNamespace(e2e.namespace()).list(), list -> list != null,
                    list -> "listed");
            assertForbidden(() -> asReader.secrets().inNamespace(e2e.namespace()).list());
            assertForbidden(() -> asReader.pods().inNamespace(e2e.namespace()).withName("x").delete());
        }
    }

    @E2eTest
    @DisplayName("[sig-auth] RBAC should grant a ClusterRole bound by a RoleBinding only inside that namespace")
    void roleBindingIsNamespaced(E2eContext e2e) {
        String other = e2e.createNamespace("rbac-other");
        createServiceAccount(e2e, "viewer");
        bind(e2e, "viewer-binding", "ClusterRole", "view", "viewer");
        try (KubernetesClient asViewer = impersonating(e2e, "viewer")) {
            e2e.waits().until("ServiceAccount viewer cannot list configmaps of its namespace", Waits.CONVERGE,
                    () -> asViewer.configMaps().inNamespace(e2e.namespace()).list(), list -> list != null,
                    list -> "listed");

            assertForbidden(() -> asViewer.configMaps().inNamespace(other).list());
        }
    }

    private static void createServiceAccount(E2eContext e2e, String name) {
        e2e.client().serviceAccounts().inNamespace(e2e.namespace())
                .resource(new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private static void bind(E2eContext e2e, String name, String kind, String role, String serviceAccount) {
        e2e.client().rbac().roleBindings().inNamespace(e2e.namespace()).resource(new RoleBindingBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind(kind).withName(role).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(e2e.namespace())
                .endSubject().build()).create();
    }

    private static KubernetesClient impersonating(E2eContext e2e, String serviceAccount) {
        Config config = new ConfigBuilder(e2e.client().getConfiguration()).build();
        config.setImpersonateUsername("system:serviceaccount:" + e2e.namespace() + ":" + serviceAccount);
        config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + e2e.namespace(),
                "system:authenticated");
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).as("HTTP status").isEqualTo(403));
    }
}
