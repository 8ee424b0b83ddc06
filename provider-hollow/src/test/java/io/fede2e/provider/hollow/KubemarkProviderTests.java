package io.fede2e.provider.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fede2e.provider.api.ClusterProviders;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.realk8s.RealControlPlane;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubemark provider against a real Kubernetes v1.20 control plane ({@link RealControlPlane}): its
 * own scheduler and controllers, hollow nodes and kubelets from this JVM. Each test uses a run id of its
 * own, so they share the plane.
 */
class KubemarkProviderTests {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static String runId() {
        return "km-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    }

    private KubemarkProvider provider() {
        return new KubemarkProvider(Clock.systemUTC(), new SecureRandom(), null, tmp, tmp);
    }

    private static ClusterSpec spec(int nodes, Path kubeconfig, String runId, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.put("kubeconfig", kubeconfig.toString());
        options.put("run-id", runId);
        options.put("pod-startup-delay", "10ms");
        options.put("job-duration", "200ms");
        options.put("lease-interval", "2s");
        options.put("api-timeout", "10s");
        options.put("down-timeout", "90s");
        return new ClusterSpec("km", nodes, "v1.20.2", options);
    }

    private static KubernetesClient admin() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, RealControlPlane.shared().kubeconfig().toFile())).build();
    }

    private static Pod pod(String name, String restartPolicy, Map<String, String> annotations) {
        return new PodBuilder().withNewMetadata().withName(name).withAnnotations(annotations).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(5L)
                .addToNodeSelector("fede2e.io/hollow", "true")
                .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.2").endContainer()
                .endSpec().build();
    }

    private static Namespace namespace(String name, String runId) {
        NamespaceBuilder b = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata();
        if (runId != null) {
            b.editMetadata().addToLabels(KubemarkProvider.RUN_ID_LABEL, runId).endMetadata();
        }
        return b.build();
    }

    @Test
    void theFactoryIsFoundByItsName() {
        assertThat(ClusterProviders.find(ClusterProviders.installed(getClass().getClassLoader()),
                KubemarkProviderFactory.NAME)).isPresent();
        assertThat(new KubemarkProviderFactory().options()).extracting(o -> o.name())
                .contains("kubeconfig", "context", "run-id", "node-cpu", "pod-startup-delay", "down-timeout");
    }

    /** One run of two hollow nodes, shared by the tests of the lifecycle. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class UpOnARealControlPlane {

        private final String runId = runId();
        private KubemarkProvider provider;
        private KubernetesClient client;
        private Path dir;

        @BeforeAll
        void up() throws IOException {
            RealControlPlane plane = RealControlPlane.shared();
            dir = Files.createTempDirectory("kubemark-tests");
            provider = new KubemarkProvider(Clock.systemUTC(), new SecureRandom(), null, dir, dir);
            provider.up(spec(2, plane.kubeconfig(), runId, Map.of()));
            client = admin();
        }

        @AfterAll
        void down() {
            if (provider != null) {
                provider.down();
            }
            if (client != null) {
                client.close();
            }
            // Null when the real control plane is absent (a clone without ../shared): up() was skipped.
            if (dir != null) {
                HollowCluster.deleteTree(dir);
            }
        }

        private String ns(String name) {
            String ns = name + "-" + RUNS.incrementAndGet();
            client.namespaces().resource(namespace(ns, runId)).create();
            await().atMost(WAIT).until(() -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
            return ns;
        }

        @Test
        void registersReadyNodesNamedAndLabelledAfterTheRun() {
            List<Node> nodes = client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).list().getItems();

            assertThat(nodes).extracting(n -> n.getMetadata().getName())
                    .containsExactlyInAnyOrder("hollow-" + runId + "-0001", "hollow-" + runId + "-0002");
            assertThat(nodes).allSatisfy(n -> {
                assertThat(n.getMetadata().getLabels()).containsEntry("fede2e.io/hollow", "true")
                        .containsEntry("kubernetes.io/os", "linux");
                assertThat(n.getSpec().getPodCIDR()).endsWith(".0/24");
                assertThat(n.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
                assertThat(n.getStatus().getAddresses()).extracting(a -> a.getType()).contains("InternalIP", "Hostname");
                assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.20.2");
            });
            assertThat(provider.metadata()).containsEntry("run-id", runId).containsEntry("node-count", "2")
                    .containsEntry("kubernetes-version", "v1.20.2");
            assertThat(provider.kubeconfig()).isEqualTo(RealControlPlane.shared().kubeconfig());
            assertThat(provider.isUp()).isTrue();
        }

        @Test
        void leasesAreRenewedSoTheNodeControllerKeepsTheNodesReady() {
            String name = "hollow-" + runId + "-0001";
            var first = client.leases().inNamespace("kube-node-lease").withName(name).get().getSpec().getRenewTime();

            await().atMost(WAIT).until(() -> !client.leases().inNamespace("kube-node-lease").withName(name).get()
                    .getSpec().getRenewTime().equals(first));
            assertThat(client.nodes().withName(name).get().getSpec().getTaints()).as("no not-ready taint").isNullOrEmpty();
        }

        @Test
        void aNodeMarkedUnknownByTheNodeControllerIsReportedReadyAgain() {
            String name = "hollow-" + runId + "-0002";
            // What the node lifecycle controller writes when a Lease ran out (a starved machine).
            client.nodes().withName(name).editStatus(n -> {
                n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                        .forEach(c -> {
                            c.setStatus("Unknown");
                            c.setReason("NodeStatusUnknown");
                        });
                return n;
            });

            await().atMost(WAIT).until(() -> client.nodes().withName(name).get().getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        }

        @Test
        void theRealSchedulerBindsAndTheHollowKubeletRunsThePod() {
            String ns = ns("run");
            client.pods().inNamespace(ns).resource(pod("web", "Always", Map.of())).create();

            await().atMost(WAIT).untilAsserted(() -> {
                Pod p = client.pods().inNamespace(ns).withName("web").get();
                assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Ready");
                    assertThat(c.getStatus()).isEqualTo("True");
                });
                assertThat(p.getStatus().getContainerStatuses()).singleElement()
                        .satisfies(c -> assertThat(c.getState().getRunning()).isNotNull());
            });
            Pod p = client.pods().inNamespace(ns).withName("web").get();
            Node node = client.nodes().withName(p.getSpec().getNodeName()).get();
            String cidr = node.getSpec().getPodCIDR();
            assertThat(p.getStatus().getPodIP()).startsWith(cidr.substring(0, cidr.lastIndexOf('.') + 1));
        }

        @Test
        void runToCompletionPodsSucceedOrFailAsAsked() {
            String ns = ns("done");
            client.pods().inNamespace(ns).resource(pod("ok", "Never", Map.of())).create();
            client.pods().inNamespace(ns).resource(pod("bad", "Never", Map.of("hollow.fede2e.io/fail", "true"))).create();

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(client.pods().inNamespace(ns).withName("ok").get().getStatus().getPhase()).isEqualTo("Succeeded");
                assertThat(client.pods().inNamespace(ns).withName("bad").get().getStatus().getPhase()).isEqualTo("Failed");
            });
            assertThat(client.pods().inNamespace(ns).withName("bad").get().getStatus().getContainerStatuses())
                    .singleElement().satisfies(c -> assertThat(c.getState().getTerminated().getExitCode()).isEqualTo(1));
        }

        @Test
        void aGracefullyDeletedPodGoesOnceTheKubeletLetsIt() {
            String ns = ns("del");
            client.pods().inNamespace(ns).resource(pod("web", "Always", Map.of())).create();
            await().atMost(WAIT).until(() -> "Running".equals(
                    client.pods().inNamespace(ns).withName("web").get().getStatus().getPhase()));

            client.pods().inNamespace(ns).withName("web").delete();

            await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).withName("web").get() == null);
        }

        @Test
        void podsOnNodesOfOthersAreLeftAlone() {
            String ns = ns("foreign");
            String foreign = "foreign-" + runId;
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(foreign).endMetadata().build()).create();
            try {
                Pod p = pod("theirs", "Always", Map.of());
                p.getSpec().setNodeSelector(null);
                p.getSpec().setNodeName(foreign);
                client.pods().inNamespace(ns).resource(p).create();
                client.pods().inNamespace(ns).resource(pod("ours", "Always", Map.of())).create();
                await().atMost(WAIT).until(() -> "Running".equals(
                        client.pods().inNamespace(ns).withName("ours").get().getStatus().getPhase()));

                client.pods().inNamespace(ns).withName("theirs").delete();

                Pod theirs = client.pods().inNamespace(ns).withName("theirs").get();
                assertThat(theirs.getStatus().getPhase()).isEqualTo("Pending");
                assertThat(theirs.getMetadata().getDeletionTimestamp()).as("no kubelet of ours ends it").isNotNull();
            } finally {
                // With no kubelet for it, only a forced deletion ends their pod, as on any cluster.
                client.pods().inNamespace(ns).withName("theirs").withGracePeriod(0).delete();
                client.nodes().withName(foreign).delete();
            }
        }
    }

    @Nested
    class Down {

        @Test
        void removesTheRunsNodesAndNamespacesAndNothingElse() {
            RealControlPlane plane = RealControlPlane.shared();
            String runId = runId();
            KubemarkProvider provider = provider();
            try (KubernetesClient client = admin()) {
                provider.up(spec(1, plane.kubeconfig(), runId, Map.of()));
                client.namespaces().resource(namespace("ours-" + runId, runId)).create();
                client.namespaces().resource(namespace("other-" + runId, null)).create();
                try {
                    await().atMost(WAIT).until(() -> client.serviceAccounts().inNamespace("ours-" + runId)
                            .withName("default").get() != null);
                    client.pods().inNamespace("ours-" + runId).resource(pod("web", "Always", Map.of())).create();
                    await().atMost(WAIT).until(() -> "Running".equals(
                            client.pods().inNamespace("ours-" + runId).withName("web").get().getStatus().getPhase()));

                    provider.down();

                    assertThat(client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).list().getItems()).isEmpty();
                    assertThat(client.namespaces().withName("ours-" + runId).get()).isNull();
                    assertThat(client.namespaces().withName("other-" + runId).get()).isNotNull();
                    assertThat(client.nodes().list().getItems()).as("no node of another run was touched")
                            .noneMatch(n -> n.getMetadata().getName().startsWith("hollow-" + runId));
                    provider.down();
                } finally {
                    client.namespaces().withName("other-" + runId).delete();
                }
            }
        }
    }

    @Nested
    class BadInput {

        private final KubemarkProvider provider = provider();

        @AfterEach
        void down() {
            provider.down();
        }

        private Path kubeconfig(String server, String userYaml, String name) throws IOException {
            Path file = tmp.resolve(name);
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: c
                      cluster:
                        server: %s
                        insecure-skip-tls-verify: true
                    contexts:
                    - name: ctx
                      context:
                        cluster: c
                        user: u
                    current-context: ctx
                    users:
                    - name: u
                      user:
                    %s
                    """.formatted(server, userYaml.indent(4).stripTrailing()), StandardCharsets.UTF_8);
            return file;
        }

        @Test
        void anUnreachableClusterIsOneLineNamingTheServer() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path kc = kubeconfig("https://127.0.0.1:" + port, "token: abc", "unreachable");

            assertThatThrownBy(() -> provider.up(spec(1, kc, runId(), Map.of("api-timeout", "3s"))))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("cannot reach the cluster at https://127.0.0.1:" + port)
                    .hasMessageContaining("--kubeconfig")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        @Test
        void aMissingKubeconfigOrContextSaysWhatToPass() throws IOException {
            Path missing = tmp.resolve("nope");
            assertThatThrownBy(() -> provider.up(spec(1, missing, runId(), Map.of())))
                    .isInstanceOf(ProviderException.class).hasMessage("kubeconfig " + missing
                            + " does not exist; pass --kubeconfig PATH of the cluster to put hollow nodes on");

            Path kc = kubeconfig("https://127.0.0.1:1", "token: abc", "ctx");
            assertThatThrownBy(() -> provider.up(spec(1, kc, runId(), Map.of("context", "prod"))))
                    .isInstanceOf(ProviderException.class)
                    .hasMessage("kubeconfig " + kc + " has no context 'prod'; known contexts: ctx");
        }

        @Test
        void anUnknownOptionIsNamed() {
            assertThatThrownBy(() -> provider.up(new ClusterSpec("km", 1, "v1.20.2", Map.of("prot", "1"))))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("provider option prot is not known to the kubemark provider; use one of");
        }

        @Test
        void aUserWithoutRightsOnNodesIsToldWhichAndNothingIsLeft() throws IOException {
            RealControlPlane plane = RealControlPlane.shared();
            String runId = runId();
            try (KubernetesClient client = admin()) {
                String ns = "limited-" + runId;
                client.namespaces().resource(namespace(ns, null)).create();
                try {
                    client.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder()
                            .withNewMetadata().withName("nobody").endMetadata().build()).create();
                    String token = await().atMost(WAIT).until(() -> tokenOf(client, ns, "nobody"), t -> t != null);
                    Path kc = kubeconfig(plane.server(), "token: " + token, "limited");

                    assertThatThrownBy(() -> provider.up(spec(1, kc, runId, Map.of())))
                            .isInstanceOf(ProviderException.class)
                            .hasMessageStartingWith("the kubeconfig's user may not create nodes (to register the hollow nodes)")
                            .hasMessageContaining("create leases.coordination.k8s.io in kube-node-lease")
                            .hasMessageEndingWith("; use a context with those rights (cluster-admin has them)")
                            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
                    assertThat(provider.secretValues()).contains(token);
                    assertThat(client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).list().getItems()).isEmpty();
                } finally {
                    client.namespaces().withName(ns).delete();
                }
            }
        }

        private static String tokenOf(KubernetesClient client, String ns, String sa) {
            var account = client.serviceAccounts().inNamespace(ns).withName(sa).get();
            if (account == null || account.getSecrets() == null || account.getSecrets().isEmpty()) {
                return null;
            }
            Secret secret = client.secrets().inNamespace(ns).withName(account.getSecrets().get(0).getName()).get();
            return secret == null || secret.getData() == null || secret.getData().get("token") == null ? null
                    : new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        }

        @Test
        void aRunWhoseNodesExistIsRefusedAndTheirNodesAreKept() {
            RealControlPlane plane = RealControlPlane.shared();
            String runId = runId();
            try (KubernetesClient client = admin()) {
                String name = "hollow-" + runId + "-0001";
                client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                        .addToLabels(KubemarkProvider.RUN_ID_LABEL, runId).endMetadata().build()).create();
                try {
                    assertThatThrownBy(() -> provider.up(spec(1, plane.kubeconfig(), runId, Map.of())))
                            .isInstanceOf(ProviderException.class)
                            .hasMessage("1 node(s) of run " + runId + " already exist on " + plane.server() + " (" + name
                                    + "); use another --provider-opt run-id, or remove them: kubectl delete nodes -l "
                                    + "fede2e.io/run-id=" + runId);
                    provider.down();
                    assertThat(client.nodes().withName(name).get()).as("Down after a refused Up deletes nothing")
                            .isNotNull();
                } finally {
                    client.nodes().withName(name).delete();
                }
            }
        }

        @Test
        void aNodeNameTakenByAnotherOwnerStopsUpAndRemovesWhatItMade() {
            RealControlPlane plane = RealControlPlane.shared();
            String runId = runId();
            try (KubernetesClient client = admin()) {
                // Unlabelled, so the pre-check misses it: the clash shows when node 2 is created.
                String taken = "hollow-" + runId + "-0002";
                client.nodes().resource(new NodeBuilder().withNewMetadata().withName(taken).endMetadata().build())
                        .create();
                try {
                    assertThatThrownBy(() -> provider.up(spec(3, plane.kubeconfig(), runId, Map.of())))
                            .isInstanceOf(ProviderException.class)
                            .hasMessageContaining("node " + taken + " already exists on the cluster; use another run id");
                    assertThat(client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).list().getItems())
                            .as("the nodes Up made are gone").isEmpty();
                    assertThat(client.nodes().withName(taken).get()).as("the other owner's node stays").isNotNull();
                } finally {
                    client.nodes().withName(taken).delete();
                }
            }
        }
    }
}
