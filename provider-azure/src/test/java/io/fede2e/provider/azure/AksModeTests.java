package io.fede2e.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.azure.fakes.FakeArm;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AKS mode: the managed cluster through ARM on WireMock, its API server a fabric8 mock in CRUD mode. */
class AksModeTests {

    static final String RUN_ID = "aks-nightly-4";
    static final String GROUP = "fede2e-aks-nightly-4-aaaaa";
    static final String TOKEN = "aksadmintoken0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path home;
    @TempDir
    Path artifacts;

    FakeArm arm;
    KubernetesMockServer kube;
    KubernetesClient admin;
    AzureProvider provider;

    @BeforeEach
    void fakes() throws Exception {
        kube = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        kube.init(InetAddress.getLoopbackAddress(), 0);
        admin = kube.createClient();
        arm = new FakeArm();
        arm.everythingElseNotFound();
        arm.aksUp(GROUP, RUN_ID, """
                apiVersion: v1
                clusters:
                - cluster:
                    server: %s
                  name: aks
                contexts:
                - context:
                    cluster: aks
                    user: clusterAdmin_aks
                  name: aks-admin
                current-context: aks-admin
                kind: Config
                users:
                - name: clusterAdmin_aks
                  user:
                    token: %s
                """.formatted(kube.url("/").replaceAll("/$", ""), TOKEN));
        arm.groupDeletion(GROUP);
        arm.nothingLeft();
        provider = new AzureProvider(TestSettings.of(arm, null, 443, home));
    }

    @AfterEach
    void stop() {
        try {
            provider.down();
        } finally {
            admin.close();
            kube.destroy();
            arm.close();
        }
    }

    static ClusterSpec spec() {
        Map<String, String> options = new HashMap<>(TestSettings.options(RUN_ID));
        options.put("mode", "aks");
        return new ClusterSpec("fede2e-aks-nightly-4", 2, "v1.33.0", options);
    }

    void readyNodes(int n) {
        for (int i = 0; i < n; i++) {
            admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("aks-nodes-1234-vmss00000" + i)
                    .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus().build()).create();
        }
    }

    @Test
    void createsTheManagedClusterInTheGroupAndUsesItsAdminKubeconfig() throws Exception {
        readyNodes(2);

        provider.up(spec());

        assertThat(arm.requests("PUT", ".*/managedClusters/aks")).singleElement().satisfies(r ->
                assertThat(r.getBodyAsString()).contains("\"count\":2", "\"vmSize\":\"Standard_D2s_v5\"",
                        "\"kubernetesVersion\":\"1.33.0\"", "\"fede2e-run-id\":\"" + RUN_ID + "\"",
                        "\"nodeResourceGroup\":\"" + GROUP + "-nodes\""));
        assertThat(arm.requests("GET", ".*/Microsoft.ContainerService/locations/eastus/operations/.*")).hasSize(2);
        assertThat(Files.readString(provider.kubeconfig())).contains(kube.url("/").replaceAll("/$", ""));
        assertThat(provider.secretValues()).contains(TOKEN);
        assertThat(provider.capabilities()).contains(Capability.LOAD_BALANCER).doesNotContain(Capability.NODE_SSH);
        assertThat(provider.metadata()).containsEntry("mode", "aks").containsEntry("node-count", "2");
    }

    @Test
    void upWaitsForTheNodesToBeReady() throws Exception {
        readyNodes(1);
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("aks-nodes-1234-vmss000009")
                    .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True")
                    .endCondition().endStatus().build()).create();
        });
        late.start();

        provider.up(spec());

        late.join();
        assertThat(admin.nodes().list().getItems()).hasSize(2);
        assertThat(provider.isUp()).isTrue();
    }

    @Test
    void nodesThatNeverBecomeReadyFailUpWithTheCount() {
        readyNodes(1);
        provider = new AzureProvider(new AzureSettings(arm.endpoint(), new io.fede2e.provider.azure.fakes.FakeCredential(),
                Map.of(), home, java.time.Clock.systemUTC(), TestSettings.ZEROS, 22, 443, Duration.ofSeconds(5),
                Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofSeconds(60), () -> "203.0.113.7"));

        assertThatThrownBy(() -> provider.up(spec())).isInstanceOf(ProviderException.class)
                .hasMessageContaining("1 of 2 nodes Ready");
    }

    @Nested
    class AFreshProcessWhoseStateNamesAKubeconfigThatIsGone {
        Map<String, String> stateOfAnAgentThatDied() throws Exception {
            readyNodes(2);
            provider.up(spec());
            Map<String, String> state = provider.saveState();
            Files.delete(provider.kubeconfig());
            return state;
        }

        AzureProvider freshProcess() {
            return new AzureProvider(TestSettings.of(arm, null, 443, home));
        }

        @Test
        void fetchesTheAdminKubeconfigFromArmAgainAndLearnsItsSecrets() throws Exception {
            Map<String, String> state = stateOfAnAgentThatDied();
            AzureProvider fresh = freshProcess();

            fresh.reattach(state);

            assertThat(arm.requests("POST", ".*/managedClusters/aks/listClusterAdminCredential")).hasSize(2);
            assertThat(fresh.kubeconfig()).isNotEqualTo(Path.of(state.get("kubeconfig"))).isRegularFile();
            assertThat(Files.readString(fresh.kubeconfig())).contains(kube.url("/").replaceAll("/$", ""));
            assertThat(fresh.secretValues()).contains(TOKEN);
            assertThat(fresh.isUp()).isTrue();
            fresh.dumpLogs(artifacts);
            assertThat(artifacts.resolve("cluster/nodes.yaml")).content().contains("aks-nodes-1234-vmss000001");
            provider = fresh;
        }

        @Test
        void aKubeconfigThatIsStillThereIsNotFetchedAgain() throws Exception {
            readyNodes(2);
            provider.up(spec());
            AzureProvider fresh = freshProcess();

            fresh.reattach(provider.saveState());

            assertThat(arm.requests("POST", ".*/managedClusters/aks/listClusterAdminCredential")).hasSize(1);
            assertThat(fresh.kubeconfig()).isEqualTo(provider.kubeconfig());
            assertThat(fresh.secretValues()).contains(TOKEN);
        }

        @Test
        void aClusterThatIsGoneStillGoesDownAndTheDumpSaysWhy() throws Exception {
            Map<String, String> state = stateOfAnAgentThatDied();
            arm.aksGone(GROUP);
            AzureProvider fresh = freshProcess();

            fresh.reattach(state);

            assertThat(fresh.kubeconfig()).isNull();
            assertThat(fresh.isUp()).isFalse();
            assertThatThrownBy(() -> fresh.dumpLogs(artifacts)).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("is missing").hasMessageContaining("the cluster is gone");
            fresh.down();
            assertThat(arm.requests("DELETE", "/subscriptions/.*/resourcegroups/" + GROUP)).hasSize(1);
            provider = fresh;
        }
    }

    @Test
    void dumpLogsGoesThroughTheApi() throws Exception {
        readyNodes(2);
        admin.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName("coredns-5d78c")
                .endMetadata().withNewSpec().addNewContainer().withName("coredns").withImage("coredns").endContainer()
                .endSpec().build()).create();
        provider.up(spec());

        provider.dumpLogs(artifacts);

        assertThat(artifacts.resolve("cluster/nodes.yaml")).content().contains("aks-nodes-1234-vmss000000");
        assertThat(artifacts.resolve("cluster/events.txt")).exists();
        assertThat(artifacts.resolve("cluster/kube-system/coredns-5d78c_coredns.log")).exists();
        assertThat(artifacts.resolve("nodes")).doesNotExist();
    }
}
