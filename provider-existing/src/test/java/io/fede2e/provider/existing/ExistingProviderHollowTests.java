package io.fede2e.provider.existing;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ProviderException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider against a hollow cluster standing in for a cluster the user already has. */
class ExistingProviderHollowTests {

    private static HollowCluster cluster;
    private static Path clusterDir;

    @TempDir
    Path home;

    private Path kubeconfig;
    private String runId;
    private ExistingProvider provider;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = HollowCluster.start(2);
        clusterDir = Files.createTempDirectory("fede2e-existing-hollow");
    }

    @AfterAll
    static void stopCluster() throws IOException {
        cluster.close();
        try (Stream<Path> files = Files.walk(clusterDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void setUp() {
        kubeconfig = cluster.writeKubeconfig(home.resolve("hollow.kubeconfig"));
        runId = "t-" + UUID.randomUUID().toString().substring(0, 8);
        provider = Fixtures.provider(home);
    }

    @AfterEach
    void tearDown() {
        provider.down();
    }

    private void up(Map<String, String> more) {
        Map<String, String> options = new TreeMap<>(more);
        options.putIfAbsent("run-id", runId);
        provider.up(Fixtures.spec(kubeconfig, options));
    }

    private void createNamespace(String name, String runLabel) {
        var builder = new NamespaceBuilder().withNewMetadata().withName(name);
        if (runLabel != null) {
            builder = builder.addToLabels(ExistingOptions.RUN_ID_LABEL, runLabel);
        }
        cluster.admin().namespaces().resource(builder.endMetadata().build()).create();
    }

    private static boolean exists(String namespace) {
        return cluster.admin().namespaces().withName(namespace).get() != null;
    }

    @Nested
    class Up {

        @Test
        void recordsTheServerVersionPlatformAndNodesInTheMetadata() {
            up(Map.of());

            Map<String, String> metadata = provider.metadata();
            assertThat(metadata).containsEntry("provider", "existing")
                    .containsEntry("run-id", runId)
                    .containsEntry("kubernetes-version", "v1.33.0")
                    .containsEntry("node-count", "2")
                    .containsEntry("node-ready-count", "2")
                    .containsEntry("kube-context", "hollow")
                    .containsEntry("api-server", cluster.url());
            var nodes = cluster.admin().nodes().list().getItems();
            assertThat(metadata.get("node-kubelet-versions"))
                    .isEqualTo(nodes.get(0).getStatus().getNodeInfo().getKubeletVersion());
            assertThat(metadata.get("node-os-images")).isEqualTo(nodes.get(0).getStatus().getNodeInfo().getOsImage());
            assertThat(provider.isUp()).isTrue();
        }

        @Test
        void handsTheUsersOwnKubeconfigToTheTestsWhenItsCurrentContextIsTheOneInUse() {
            up(Map.of());

            assertThat(provider.kubeconfig()).isEqualTo(kubeconfig.toAbsolutePath().normalize());
        }

        @Test
        void writesAKubeconfigOfItsOwnForAContextThatIsNotTheCurrentOneAndRemovesItAtDown() throws IOException {
            Path dir = home.resolve("cfg");
            Path file = Fixtures.writeKubeconfig(dir, "not-current", Map.of("SERVER", cluster.url()));
            Files.createDirectories(dir.resolve("tokens"));
            Files.writeString(dir.resolve("tokens/target"), "token-from-file-0123456789\n");

            provider.up(Fixtures.spec(file, Map.of("context", "target", "run-id", runId, "probe-timeout", "1s")));

            Path own = provider.kubeconfig();
            assertThat(own).isEqualTo(home.resolve("tmp/fede2e-existing-" + runId + "/kubeconfig"));
            assertThat(read(own)).contains("current-context: \"target\"").doesNotContain("other-user-token");
            assertThat(provider.metadata()).containsEntry("kube-context", "target");
            provider.down();
            assertThat(own).doesNotExist();
        }

        @Test
        void aCertificateFileThatIsMissingIsOneLineNamingIt() {
            Path file = Fixtures.writeKubeconfig(home.resolve("cfg"), "two-contexts", Map.of("SERVER", cluster.url()));

            assertThatThrownBy(() -> provider.up(Fixtures.spec(file, Map.of("context", "target"))))
                    .isInstanceOf(ProviderException.class)
                    .hasMessage("cannot set up a client for kubeconfig context 'target': NoSuchFileException: "
                            + home.resolve("cfg/certs/ca.crt") + "; check the certificate, key and token files the"
                            + " kubeconfig names");
        }

        @Test
        void findsEveryProbedCapabilityAbsentWithAReasonWithinTheBound() {
            Instant start = Instant.now();
            up(Map.of("probe-timeout", "3s"));
            Duration took = Duration.between(start, Instant.now());

            assertThat(provider.capabilities()).isEmpty();
            assertThat(provider.probeOutcomes()).extracting(ProbeOutcome::capability).containsExactly(
                    Capability.CONTAINER_RUNTIME, Capability.DNS, Capability.POD_NETWORK, Capability.RBAC);
            assertThat(provider.probeOutcomes()).allSatisfy(o -> {
                assertThat(o.present()).isFalse();
                assertThat(o.reason()).isNotBlank().doesNotContain("\n");
                // Each probe's own bound plus its namespace clean-up, never more.
                assertThat(o.took()).isLessThan(Duration.ofSeconds(3).plus(Probes.CLEANUP_BOUND));
            });
            assertThat(provider.metadata()).hasEntrySatisfying("probe-dns", v -> assertThat(v).startsWith("absent: "));
            // Probes run side by side: the whole Up takes one bound, not four.
            assertThat(took).isLessThan(Duration.ofSeconds(3).plus(Probes.CLEANUP_BOUND));
        }

        @Test
        void explainsWhyEachProbeFoundNothingOnAHollowCluster() {
            up(Map.of("probe-timeout", "3s"));

            Map<Capability, String> reasons = new TreeMap<>();
            provider.probeOutcomes().forEach(o -> reasons.put(o.capability(), o.reason()));
            assertThat(reasons.get(Capability.CONTAINER_RUNTIME)).contains("logs");
            assertThat(reasons.get(Capability.RBAC)).containsAnyOf("authorization", "subjectaccessreviews");
            assertThat(reasons.get(Capability.DNS)).contains("pod dns");
            assertThat(reasons.get(Capability.POD_NETWORK)).contains("pod client");
        }

        @Test
        void probesTheLoadBalancerOnlyWhenAsked() {
            up(Map.of("probe-timeout", "2s", "load-balancer", "true"));

            assertThat(provider.probeOutcomes()).filteredOn(o -> o.capability().equals(Capability.LOAD_BALANCER))
                    .singleElement().satisfies(o -> {
                        assertThat(o.present()).isFalse();
                        assertThat(o.reason()).isEqualTo("a LoadBalancer Service got no ingress address within 2s");
                    });
        }

        @Test
        void leavesNoProbeNamespaceBehind() {
            up(Map.of("probe-timeout", "2s"));

            assertThat(cluster.admin().namespaces().withLabel(ExistingOptions.RUN_ID_LABEL, runId).list().getItems())
                    .isEmpty();
        }

        @Test
        void rejectsAnInvalidRunIdNamingTheOption() {
            assertThatThrownBy(() -> up(Map.of("run-id", "not a label!")))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("provider option run-id='not a label!' is not a label value");
        }
    }

    @Nested
    class Down {

        @Test
        void removesOnlyTheNamespacesOfTheRun() {
            up(Map.of("probe-timeout", "1s"));
            String mine = "e2e-mine-" + runId;
            String otherRun = "e2e-other-" + runId;
            String outside = "outside-" + runId;
            createNamespace(mine, runId);
            createNamespace(otherRun, runId + "x");
            createNamespace(outside, null);

            provider.down();

            assertThat(exists(mine)).isFalse();
            assertThat(exists(otherRun)).isTrue();
            assertThat(exists(outside)).isTrue();
            assertThat(provider.isUp()).isFalse();
        }

        @Test
        void isHarmlessTwiceAndBeforeUp() {
            ExistingProvider fresh = Fixtures.provider(home);
            fresh.down();
            fresh.down();
            up(Map.of("probe-timeout", "1s"));

            provider.down();
            provider.down();

            assertThat(provider.isUp()).isFalse();
        }

        @Test
        void keepsTheNamespacesWhenAskedAndSaysHowToRemoveThem() {
            up(Map.of("probe-timeout", "1s", "keep", "true"));
            String mine = "e2e-kept-" + runId;
            createNamespace(mine, runId);

            provider.down();

            assertThat(exists(mine)).isTrue();
            assertThat(provider.teardownCommand()).contains("kubectl delete namespace -l fede2e.io/run-id=" + runId
                    + " --context hollow --kubeconfig " + kubeconfig.toAbsolutePath().normalize());
            cluster.admin().namespaces().withName(mine).delete();
        }
    }

    @Nested
    class DumpLogs {

        private String namespace;

        @BeforeEach
        void arrange() {
            up(Map.of("probe-timeout", "1s"));
            namespace = "e2e-dump-" + runId;
            createNamespace(namespace, runId);
            KubernetesClient admin = cluster.admin();
            admin.v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata()
                    .withName("crash.1").endMetadata().withType("Warning").withReason("BackOff")
                    .withMessage("Back-off restarting failed container\nsecond line").withLastTimestamp("2026-11-28T10:00:00Z")
                    .withNewInvolvedObject().withKind("Pod").withName("crashing").withNamespace(namespace)
                    .endInvolvedObject().build()).create();
            // Bound to a node no hollow kubelet owns, so that the failed status set here stays.
            Pod pod = admin.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("crashing")
                    .endMetadata().withNewSpec().withNodeName("elsewhere").addNewContainer().withName("app")
                    .withImage("busybox").endContainer().endSpec().build()).create();
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed")
                    .addNewContainerStatus().withName("app").withReady(false).withRestartCount(3).withNewState()
                    .withNewTerminated().withExitCode(2).withReason("Error").endTerminated().endState()
                    .endContainerStatus().build());
            admin.pods().inNamespace(namespace).resource(pod).updateStatus();
        }

        @Test
        void writesVersionNodesEventsAndPodsUnderCluster(@TempDir Path artifacts) throws IOException {
            provider.dumpLogs(artifacts);

            Path dir = artifacts.resolve("cluster");
            assertThat(read(dir.resolve("version.txt"))).contains("gitVersion: v1.33.0");
            String nodes = read(dir.resolve("nodes.txt"));
            String kubelet = cluster.admin().nodes().list().getItems().get(0).getStatus().getNodeInfo().getKubeletVersion();
            assertThat(nodes).contains("Name: ", "Conditions:", "  Ready True", "Capacity:", "  cpu: 4", "Taints:",
                    "Kubelet Version: " + kubelet);
            assertThat(read(dir.resolve("probes.txt"))).contains("dns: absent: ");
            assertThat(read(dir.resolve("namespaces.txt"))).contains(namespace);
            assertThat(read(dir.resolve("namespaces").resolve(namespace).resolve("events.txt")))
                    .isEqualTo("2026-11-28T10:00:00Z Warning BackOff Pod/crashing: Back-off restarting failed container"
                            + " second line\n");
            assertThat(read(dir.resolve("namespaces").resolve(namespace).resolve("pods.txt")))
                    .startsWith("crashing Failed on elsewhere\n  app ready=false restarts=3 terminated exit=2 reason=Error\n")
                    .contains("  app logs unavailable: HTTP ");
            assertThat(dir.resolve("errors.txt")).doesNotExist();
        }

        @Test
        void writesTheSameBytesTwice(@TempDir Path first, @TempDir Path second) throws IOException {
            provider.dumpLogs(first);
            provider.dumpLogs(second);

            assertThat(tree(first.resolve("cluster"))).isEqualTo(tree(second.resolve("cluster")));
        }

        @Test
        void isRefusedWhenUpNeverReachedTheCluster(@TempDir Path artifacts) {
            ExistingProvider fresh = Fixtures.provider(home);

            assertThatThrownBy(() -> fresh.dumpLogs(artifacts)).isInstanceOf(ProviderException.class)
                    .hasMessage("no cluster to dump: Up did not get as far as reaching it");
        }

        private static Map<String, String> tree(Path root) throws IOException {
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    files.put(root.relativize(p).toString(), read(p));
                }
            }
            return files;
        }
    }

    @Nested
    class Reattach {

        @Test
        void aNewProviderDrivesTheSameRunFromTheSavedState() {
            up(Map.of("probe-timeout", "1s"));
            String mine = "e2e-reattach-" + runId;
            createNamespace(mine, runId);
            Map<String, String> state = provider.saveState();

            ExistingProvider other = Fixtures.provider(home);
            other.reattach(state);

            assertThat(state).containsEntry("run-id", runId).containsEntry("context", "hollow")
                    .containsEntry("kubeconfig", kubeconfig.toAbsolutePath().normalize().toString());
            assertThat(other.kubeconfig()).isEqualTo(provider.kubeconfig());
            assertThat(other.metadata()).containsEntry("run-id", runId);
            other.down();
            assertThat(exists(mine)).isFalse();
        }

        @Test
        void refusesAStateWithoutARunId() {
            Map<String, String> state = Map.of("kubeconfig", kubeconfig.toString(), "context", "hollow");

            assertThatThrownBy(() -> Fixtures.provider(home).reattach(state)).isInstanceOf(ProviderException.class)
                    .hasMessageStartingWith("the state of provider existing lacks 'run-id'");
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
