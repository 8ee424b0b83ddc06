package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fede2e.e2e.fakes.MockCluster;
import io.fede2e.e2e.fakes.SuiteRun;
import io.fede2e.e2e.fakes.SuiteRun.Outcome;
import io.fede2e.e2e.fixtures.ExtensionFixtures;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class E2eExtensionTests {

    @TempDir
    static Path dir;

    /** One mock API server for all tests: starting a server and a client per test is slow. */
    static MockCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new MockCluster(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void forget() {
        ExtensionFixtures.SEEN.clear();
    }

    Map<String, String> config(String... extra) {
        Map<String, String> config = new HashMap<>();
        config.put("fede2e.kubeconfig", cluster.kubeconfig().toString());
        config.put("fede2e.provider", "hollow");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    static Outcome only(List<Outcome> outcomes) {
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    @Nested
    class Namespaces {

        @Test
        void eachTestGetsALabelledNamespaceThatIsDeletedAfterwards() {
            Outcome outcome = only(SuiteRun.classes(config("fede2e.runId", "run-7"), ExtensionFixtures.Passing.class));

            assertThat(outcome.status()).as(outcome.message()).isEqualTo("SUCCESSFUL");
            String ns = (String) ExtensionFixtures.SEEN.get("namespace");
            assertThat(ns).matches("e2e-passing-[" + NamespaceNames.ALPHABET + "]{5}");
            assertThat(ExtensionFixtures.SEEN.get("labels"))
                    .isEqualTo(Map.of("fede2e.io/e2e", "true", "fede2e.io/run-id", "run-7",
                            "pod-security.kubernetes.io/enforce", "baseline"));
            assertThat(ExtensionFixtures.SEEN.get("annotations")).isEqualTo(Map.of("fede2e.io/test", "[sig-testing] passes"));
            assertThat(ExtensionFixtures.SEEN.get("sameClient")).isEqualTo(true);
            assertThat(ExtensionFixtures.SEEN.get("provider")).isEqualTo("hollow");
            assertThat(ExtensionFixtures.SEEN.get("podsPerNode")).isEqualTo(30);
            assertThat((String) ExtensionFixtures.SEEN.get("extra")).startsWith("e2e-extra-");
            assertThat(cluster.client().namespaces().withName(ns).get()).isNull();
            assertThat(cluster.client().namespaces().withName((String) ExtensionFixtures.SEEN.get("extra")).get()).isNull();
        }

        @Test
        void reportEntriesReachTheLauncher() {
            Outcome outcome = only(SuiteRun.classes(config(), ExtensionFixtures.Passing.class));

            assertThat(outcome.entries()).containsEntry("answer", "42");
        }

        @Test
        void aNamespaceThatWillNotGoWithinTheBoundIsReportedAndTheTestThatPassedStillPasses() {
            Outcome outcome = only(SuiteRun.classes(config("fede2e.namespaceDeleteTimeout", "1s"),
                    ExtensionFixtures.HoldsNamespace.class));

            String ns = (String) ExtensionFixtures.SEEN.get("heldNamespace");
            assertThat(outcome.status()).as(outcome.message()).isEqualTo("SUCCESSFUL");
            assertThat(outcome.entries().get(E2eExtension.SLOW_DELETION_ENTRY))
                    .startsWith("slow namespace deletion: namespace " + ns + " not deleted after 1s; last phase");
            cluster.client().namespaces().withName(ns).edit(n -> {
                n.getMetadata().setFinalizers(List.of());
                return n;
            });
        }

        @Test
        void aTestMarkedForPrivilegedPodsGetsAPrivilegedNamespace() {
            Outcome outcome = only(SuiteRun.classes(config(), ExtensionFixtures.NeedsPrivilegedPods.class));

            assertThat(outcome.status()).as(outcome.message()).isEqualTo("SUCCESSFUL");
            assertThat(ExtensionFixtures.SEEN.get("labels")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.map(String.class, String.class))
                    .containsEntry("pod-security.kubernetes.io/enforce", "privileged");
        }

        @Test
        void lifecycleMethodsSeeTheSameContext() {
            Outcome outcome = only(SuiteRun.classes(config(), ExtensionFixtures.InjectsIntoLifecycle.class));

            assertThat(outcome.status()).as(outcome.message()).isEqualTo("SUCCESSFUL");
            assertThat(ExtensionFixtures.SEEN.get("beforeEachSawSameNamespace")).isEqualTo(true);
        }
    }

    @Nested
    class Capabilities {

        @Test
        void aTestNeedingAMissingCapabilityIsSkippedWithTheReason() {
            Outcome outcome = only(SuiteRun.classes(config("fede2e.capabilities", "rbac"),
                    ExtensionFixtures.NeedsDnsOnClass.class));

            assertThat(outcome.status()).isEqualTo("SKIPPED");
            assertThat(outcome.skipReason()).isEqualTo("requires capability dns, which provider hollow does not offer");
            assertThat(ExtensionFixtures.SEEN).doesNotContainKey("dnsRan");
        }

        @Test
        void everyMissingCapabilityIsNamed() {
            Outcome outcome = only(SuiteRun.classes(config("fede2e.capabilities", "dns"), ExtensionFixtures.NeedsTwo.class));

            assertThat(outcome.skipReason())
                    .isEqualTo("requires capabilities container-runtime, pod-network, which provider hollow does not offer");
        }

        @Test
        void aTestRunsWhenTheProviderOffersEverythingItNeeds() {
            Outcome outcome = only(SuiteRun.classes(config("fede2e.capabilities", " dns , pod-network,container-runtime"),
                    ExtensionFixtures.NeedsTwo.class));

            assertThat(outcome.status()).as(outcome.message()).isEqualTo("SUCCESSFUL");
            assertThat(ExtensionFixtures.SEEN).containsEntry("threeRan", true);
        }

        @Test
        void withoutAProviderNameTheReasonSaysTheProvider() {
            Map<String, String> config = config();
            config.remove("fede2e.provider");

            Outcome outcome = only(SuiteRun.classes(config, ExtensionFixtures.NeedsDnsOnClass.class));

            assertThat(outcome.skipReason()).isEqualTo("requires capability dns, which the provider does not offer");
        }

        @Test
        void anInvalidCapabilityListFailsTheTestNamingTheParameter() {
            Outcome outcome = only(SuiteRun.classes(config("fede2e.capabilities", "DNS!"),
                    ExtensionFixtures.NeedsDnsOnClass.class));

            assertThat(outcome.status()).isEqualTo("FAILED");
            assertThat(outcome.message()).contains("fede2e.capabilities").contains("'DNS!'").doesNotContain("\n");
        }
    }

    @Nested
    class Configuration {

        @Test
        void aMissingKubeconfigFailsWithOneLineNamingTheParameter() {
            Map<String, String> config = config();
            config.remove("fede2e.kubeconfig");

            Outcome outcome = only(SuiteRun.classes(config, ExtensionFixtures.Passing.class));

            assertThat(outcome.status()).isEqualTo("FAILED");
            assertThat(outcome.message()).startsWith("configuration parameter fede2e.kubeconfig is not set")
                    .doesNotContain("\n");
            assertThat(ExtensionFixtures.SEEN).doesNotContainKey("namespace");
        }

        @Test
        void aKubeconfigThatIsNotThereFailsNamingThePath() {
            Outcome outcome = only(SuiteRun.classes(config("fede2e.kubeconfig", dir.resolve("nope").toString()),
                    ExtensionFixtures.Passing.class));

            assertThat(outcome.message()).contains("fede2e.kubeconfig=" + dir.resolve("nope")).contains("no readable file");
        }
    }

    @Nested
    class OnFailure {

        @Test
        void eventsAndPodStatusesGoIntoTheTestOutput() {
            Outcome outcome = only(SuiteRun.classes(config(), ExtensionFixtures.FailsWithPods.class));

            String ns = (String) ExtensionFixtures.SEEN.get("failedNamespace");
            assertThat(outcome.status()).isEqualTo("FAILED");
            assertThat(outcome.message()).isEqualTo("the pod did not start");
            assertThat(outcome.stdout())
                    .contains("=== diagnostics of namespace " + ns + " ===")
                    .contains("--- events (1) ---")
                    .contains("Warning FailedScheduling Pod/sad-pod: 0/3 nodes are available: [31mred[0m")
                    .contains("sad-pod: phase Pending, node <none>, conditions: PodScheduled=False (Unschedulable: 0/3 nodes are available)")
                    .contains("not collected, the provider does not offer capability container-runtime")
                    .doesNotContain("\u001b");
            assertThat(cluster.client().namespaces().withName(ns).get()).isNull();
        }

        @Test
        void aPassingTestPrintsNoDiagnostics() {
            Outcome outcome = only(SuiteRun.classes(config(), ExtensionFixtures.Passing.class));

            assertThat(outcome.stdout()).doesNotContain("diagnostics");
        }

        @Test
        void aWaitTimeoutSaysWhatItAwaitedAndWhatItSawLast() {
            Outcome outcome = only(SuiteRun.classes(config(), ExtensionFixtures.WaitsTooLong.class));

            assertThat(outcome.status()).isEqualTo("FAILED");
            assertThat(outcome.message()).isEqualTo(
                    "pod stuck not Running and Ready after 300ms; last phase <none>, node <none>, conditions: none");
            assertThat(outcome.stdout()).contains("stuck: phase <none>");
        }
    }

    @Nested
    class Nodes {

        @Test
        void nodeChangesAreUndoneEvenWhenTheTestForgets() {
            cluster.client().nodes().withName("node-1").delete();
            cluster.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1")
                    .addToLabels("kubernetes.io/hostname", "node-1").endMetadata().withNewSpec().endSpec().build()).create();

            Outcome outcome = only(SuiteRun.classes(config(), ExtensionFixtures.ChangesNode.class));

            assertThat(outcome.status()).as(outcome.message()).isEqualTo("SUCCESSFUL");
            assertThat(ExtensionFixtures.SEEN.get("labelledDuringTest")).asString().contains("fede2e.io/left-behind");
            var node = cluster.client().nodes().withName("node-1").get();
            assertThat(node.getMetadata().getLabels()).isEqualTo(Map.of("kubernetes.io/hostname", "node-1"));
            assertThat(node.getSpec().getTaints()).isNullOrEmpty();
        }
    }
}
