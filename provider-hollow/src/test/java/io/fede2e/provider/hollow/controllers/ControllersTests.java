package io.fede2e.provider.hollow.controllers;

import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.await;
import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.eventually;
import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.pod;
import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every controller through a real fabric8 client against one hollow cluster of three nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllersTests {

    private HollowClusterFixture cluster;
    private KubernetesClient client;

    @BeforeAll
    void startCluster() {
        cluster = HollowClusterFixture.start(3);
        client = cluster.client;
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    private Pod get(String ns, String name) {
        return client.pods().inNamespace(ns).withName(name).get();
    }

    private List<Pod> pods(String ns, String label, String value) {
        return client.pods().inNamespace(ns).withLabel(label, value).list().getItems();
    }

    private static PodCondition condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
    }

    private static PodTemplateSpec template(Map<String, String> labels) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(podSpec(null, null)).build();
    }

    private static PodTemplateSpec template(Map<String, String> labels, String image) {
        PodTemplateSpec t = template(labels);
        t.getSpec().getContainers().get(0).setImage(image);
        return t;
    }

    @Nested
    class HollowNodesBehaviour {

        @Test
        void nodesReportCapacityReadinessAndNodeInfo() {
            List<Node> nodes = client.nodes().withLabel("type", "hollow").list().getItems();
            assertThat(nodes).extracting(n -> n.getMetadata().getName())
                    .containsExactlyInAnyOrder("hollow-node-0001", "hollow-node-0002", "hollow-node-0003");
            Node node = client.nodes().withName("hollow-node-0001").get();
            assertThat(node.getStatus().getCapacity().get("cpu").toString()).isEqualTo("4");
            assertThat(node.getStatus().getAllocatable().get("pods").toString()).isEqualTo("110");
            assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.33.0");
            assertThat(node.getStatus().getAddresses()).extracting(a -> a.getType())
                    .contains("InternalIP", "Hostname");
            assertThat(node.getSpec().getPodCIDR()).matches("10\\.244\\.\\d+\\.0/24");
        }

        @Test
        void systemNamespacesExist() {
            for (String ns : List.of("default", "kube-system", "kube-node-lease")) {
                assertThat(client.namespaces().withName(ns).get()).as(ns).isNotNull();
            }
        }

        @Test
        void leasesAreRenewed() {
            Lease first = await("lease", () -> client.leases().inNamespace("kube-node-lease")
                    .withName("hollow-node-0002").get());
            assertThat(first.getSpec().getHolderIdentity()).isEqualTo("hollow-node-0002");
            ZonedDateTime renewed = first.getSpec().getRenewTime();
            eventually(() -> assertThat(client.leases().inNamespace("kube-node-lease").withName("hollow-node-0002")
                    .get().getSpec().getRenewTime()).isAfter(renewed));
        }

        @Test
        void aDeletedLeaseOfALiveNodeIsCreatedAgain() {
            await("lease", () -> client.leases().inNamespace("kube-node-lease").withName("hollow-node-0003").get());

            client.leases().inNamespace("kube-node-lease").withName("hollow-node-0003").delete();

            Lease again = await("lease created again", () -> client.leases().inNamespace("kube-node-lease")
                    .withName("hollow-node-0003").get());
            assertThat(again.getSpec().getHolderIdentity()).isEqualTo("hollow-node-0003");
            assertThat(again.getSpec().getLeaseDurationSeconds()).isEqualTo(HollowNodes.LEASE_DURATION_SECONDS);
        }
    }

    @Nested
    class Scheduling {

        @Test
        void bindsAndRecordsScheduledEvent() {
            String ns = cluster.namespace("sched");
            client.pods().inNamespace(ns).resource(pod("a", Map.of("app", "a"))).create();
            eventually(() -> assertThat(get(ns, "a").getSpec().getNodeName()).startsWith("hollow-node-"));
            eventually(() -> assertThat(cluster.eventReasons(ns, "a")).contains("Scheduled"));
            Event scheduled = cluster.events(ns, "a").stream().filter(e -> e.getReason().equals("Scheduled"))
                    .findFirst().orElseThrow();
            assertThat(scheduled.getMessage()).isEqualTo("Successfully assigned " + ns + "/a to "
                    + get(ns, "a").getSpec().getNodeName());
        }

        @Test
        void spreadsPodsOverNodes() {
            String ns = cluster.namespace("spread");
            for (int i = 0; i < 6; i++) {
                client.pods().inNamespace(ns).resource(pod("p" + i, Map.of("app", "spread"))).create();
            }
            eventually(() -> assertThat(pods(ns, "app", "spread"))
                    .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotNull()));
            Set<String> nodes = pods(ns, "app", "spread").stream().map(p -> p.getSpec().getNodeName())
                    .collect(Collectors.toSet());
            assertThat(nodes).hasSize(3);
        }

        @Test
        void honoursNodeSelector() {
            String ns = cluster.namespace("selector");
            Pod pod = new PodBuilder(pod("pinned", Map.of())).editSpec()
                    .withNodeSelector(Map.of("kubernetes.io/hostname", "hollow-node-0003")).endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(get(ns, "pinned").getSpec().getNodeName()).isEqualTo("hollow-node-0003"));
        }

        @Test
        void honoursRequiredNodeAffinity() {
            String ns = cluster.namespace("affinity");
            Pod pod = new PodBuilder(pod("aff", Map.of())).editSpec()
                    .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/hostname")
                    .withOperator("NotIn").withValues("hollow-node-0001", "hollow-node-0002").endMatchExpression()
                    .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                    .endAffinity().endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(get(ns, "aff").getSpec().getNodeName()).isEqualTo("hollow-node-0003"));
        }

        @Test
        void unmatchedSelectorLeavesPodPendingWithConditionAndEvent() {
            String ns = cluster.namespace("nomatch");
            Pod pod = new PodBuilder(pod("lost", Map.of())).editSpec()
                    .withNodeSelector(Map.of("disktype", "ssd")).endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> {
                PodCondition c = condition(get(ns, "lost"), "PodScheduled");
                assertThat(c).isNotNull();
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).isEqualTo(
                        "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
            });
            eventually(() -> assertThat(cluster.events(ns, "lost")).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("FailedScheduling");
                assertThat(e.getType()).isEqualTo("Warning");
            }));
            assertThat(get(ns, "lost").getSpec().getNodeName()).isNull();
            assertThat(get(ns, "lost").getStatus().getPhase()).isEqualTo("Pending");
        }

        @Test
        void repeatedFailuresAreFoldedIntoOneEventWithACount() {
            String ns = cluster.namespace("folded");
            Pod pod = new PodBuilder(pod("stuck", Map.of())).editSpec()
                    .withNodeSelector(Map.of("never", "matches")).endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(cluster.eventReasons(ns, "stuck")).contains("FailedScheduling"));
            // A node change the pod does not care about still makes the scheduler try again.
            client.nodes().withName("hollow-node-0001").edit(n -> {
                n.getMetadata().getLabels().put("touched", "1");
                return n;
            });
            try {
                eventually(() -> assertThat(cluster.events(ns, "stuck")).singleElement()
                        .satisfies(e -> assertThat(e.getCount()).isGreaterThanOrEqualTo(2)));
            } finally {
                client.nodes().withName("hollow-node-0001").edit(n -> {
                    n.getMetadata().getLabels().remove("touched");
                    return n;
                });
            }
        }

        @Test
        void insufficientCpuIsReported() {
            String ns = cluster.namespace("cpu");
            Pod pod = new PodBuilder(pod("big", Map.of())).withSpec(podSpec("64", null)).build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(condition(get(ns, "big"), "PodScheduled").getMessage())
                    .isEqualTo("0/3 nodes are available: 3 Insufficient cpu."));
        }

        @Test
        void resourceRequestsAreCountedAgainstAllocatable() {
            String ns = cluster.namespace("fill");
            // Each node has 4 cpu: three pods of 3 cpu fill one node each, a fourth fits nowhere.
            for (int i = 0; i < 4; i++) {
                client.pods().inNamespace(ns).resource(new PodBuilder(pod("c" + i, Map.of("app", "fill")))
                        .withSpec(podSpec("3", "1Gi")).build()).create();
            }
            eventually(() -> assertThat(pods(ns, "app", "fill").stream()
                    .filter(p -> p.getSpec().getNodeName() != null).count()).isEqualTo(3));
            eventually(() -> assertThat(pods(ns, "app", "fill")).anySatisfy(p ->
                    assertThat(condition(p, "PodScheduled").getMessage()).contains("3 Insufficient cpu")));
            Pod pending = pods(ns, "app", "fill").stream().filter(p -> p.getSpec().getNodeName() == null)
                    .findFirst().orElseThrow();
            // Freeing one node lets the parked pod in.
            String victim = pods(ns, "app", "fill").stream().filter(p -> p.getSpec().getNodeName() != null)
                    .findFirst().orElseThrow().getMetadata().getName();
            client.pods().inNamespace(ns).withName(victim).withGracePeriod(0).delete();
            eventually(() -> assertThat(get(ns, pending.getMetadata().getName()).getSpec().getNodeName()).isNotNull());
            client.pods().inNamespace(ns).withLabel("app", "fill").withGracePeriod(0).delete();
        }

        @Test
        void taintsRepelUntoleratingPodsAndTolerationsLetThemIn() {
            String ns = cluster.namespace("taint");
            Node tainted = new NodeBuilder(HollowClusterFixture.readyNode("tainted-node", Map.of("pool", "gpu")))
                    .editSpec().withTaints(new TaintBuilder().withKey("gpu").withValue("true").withEffect("NoSchedule")
                            .build()).endSpec().build();
            cluster.addNode(tainted);
            try {
                Pod plain = new PodBuilder(pod("plain", Map.of())).editSpec().withNodeSelector(Map.of("pool", "gpu"))
                        .endSpec().build();
                Pod tolerating = new PodBuilder(pod("tolerant", Map.of())).editSpec()
                        .withNodeSelector(Map.of("pool", "gpu"))
                        .addNewToleration().withKey("gpu").withOperator("Equal").withValue("true").withEffect("NoSchedule")
                        .endToleration().endSpec().build();
                client.pods().inNamespace(ns).resource(plain).create();
                client.pods().inNamespace(ns).resource(tolerating).create();
                eventually(() -> assertThat(get(ns, "tolerant").getSpec().getNodeName()).isEqualTo("tainted-node"));
                eventually(() -> assertThat(condition(get(ns, "plain"), "PodScheduled").getMessage()).isEqualTo(
                        "0/4 nodes are available: 1 node(s) had untolerated taint {gpu: true}, "
                                + "3 node(s) didn't match Pod's node affinity/selector."));
                // Removing the taint is a node change: the parked pod is retried.
                client.nodes().withName("tainted-node").edit(n -> {
                    n.getSpec().setTaints(List.of());
                    return n;
                });
                eventually(() -> assertThat(get(ns, "plain").getSpec().getNodeName()).isEqualTo("tainted-node"));
            } finally {
                client.pods().inNamespace(ns).withGracePeriod(0).delete();
                cluster.removeNode("tainted-node");
            }
        }

        @Test
        void aNewNodeUnblocksPendingPods() {
            String ns = cluster.namespace("newnode");
            Pod pod = new PodBuilder(pod("waiting", Map.of())).editSpec().withNodeSelector(Map.of("pool", "late"))
                    .endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(condition(get(ns, "waiting"), "PodScheduled")).isNotNull());
            cluster.addNode(HollowClusterFixture.readyNode("late-node", Map.of("pool", "late")));
            try {
                eventually(() -> assertThat(get(ns, "waiting").getSpec().getNodeName()).isEqualTo("late-node"));
                eventually(() -> assertThat(get(ns, "waiting").getStatus().getPhase()).isEqualTo("Running"));
            } finally {
                client.pods().inNamespace(ns).withGracePeriod(0).delete();
                cluster.removeNode("late-node");
            }
        }

        @Test
        void notReadyNodesAreSkipped() {
            String ns = cluster.namespace("notready");
            cluster.addNode(HollowClusterFixture.notReadyNode("sick-node", Map.of("pool", "sick")));
            try {
                Pod pod = new PodBuilder(pod("p", Map.of())).editSpec().withNodeSelector(Map.of("pool", "sick"))
                        .endSpec().build();
                client.pods().inNamespace(ns).resource(pod).create();
                eventually(() -> assertThat(condition(get(ns, "p"), "PodScheduled").getMessage())
                        .contains("1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }"));
            } finally {
                client.pods().inNamespace(ns).withGracePeriod(0).delete();
                cluster.removeNode("sick-node");
            }
        }

        @Test
        void podsForOtherSchedulersAreLeftAlone() {
            String ns = cluster.namespace("othersched");
            Pod pod = new PodBuilder(pod("mine", Map.of())).editSpec().withSchedulerName("my-scheduler").endSpec()
                    .build();
            client.pods().inNamespace(ns).resource(pod).create();
            client.pods().inNamespace(ns).resource(pod("control", Map.of())).create();
            eventually(() -> assertThat(get(ns, "control").getStatus().getPhase()).isEqualTo("Running"));
            assertThat(get(ns, "mine").getSpec().getNodeName()).isNull();
        }
    }

    @Nested
    class Kubelet {

        @Test
        void runningPodsHaveContainerStatusesIpsAndConditions() {
            String ns = cluster.namespace("kubelet");
            client.pods().inNamespace(ns).resource(pod("web", Map.of("app", "web"))).create();
            eventually(() -> assertThat(get(ns, "web").getStatus().getPhase()).isEqualTo("Running"));
            Pod pod = get(ns, "web");
            Node node = client.nodes().withName(pod.getSpec().getNodeName()).get();
            String cidrPrefix = node.getSpec().getPodCIDR().replace("0/24", "");
            assertThat(pod.getStatus().getPodIP()).startsWith(cidrPrefix);
            assertThat(pod.getStatus().getHostIP()).isEqualTo(node.getStatus().getAddresses().get(0).getAddress());
            assertThat(pod.getStatus().getStartTime()).isNotNull();
            assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
            ContainerStatus cs = pod.getStatus().getContainerStatuses().get(0);
            assertThat(cs.getName()).isEqualTo("app");
            assertThat(cs.getReady()).isTrue();
            assertThat(cs.getStarted()).isTrue();
            assertThat(cs.getRestartCount()).isZero();
            assertThat(cs.getImage()).isEqualTo("registry.k8s.io/pause:3.9");
            assertThat(cs.getImageID()).startsWith("registry.k8s.io/pause@sha256:");
            assertThat(cs.getState().getRunning().getStartedAt()).isNotNull();
            for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
                assertThat(condition(pod, type).getStatus()).as(type).isEqualTo("True");
            }
            eventually(() -> assertThat(cluster.eventReasons(ns, "web"))
                    .contains("Scheduled", "Pulled", "Created", "Started"));
        }

        @Test
        void podIpsAreUniquePerCluster() {
            String ns = cluster.namespace("ips");
            for (int i = 0; i < 9; i++) {
                client.pods().inNamespace(ns).resource(pod("p" + i, Map.of("app", "ips"))).create();
            }
            eventually(() -> assertThat(pods(ns, "app", "ips"))
                    .allSatisfy(p -> assertThat(p.getStatus().getPodIP()).isNotNull()));
            assertThat(pods(ns, "app", "ips").stream().map(p -> p.getStatus().getPodIP()).distinct()).hasSize(9);
        }

        @Test
        void deletionWaitsForTheGracePeriodThenRemovesThePod() {
            String ns = cluster.namespace("grace");
            client.pods().inNamespace(ns).resource(pod("slow", Map.of())).create();
            eventually(() -> assertThat(get(ns, "slow").getStatus().getPhase()).isEqualTo("Running"));
            Instant before = Instant.now();
            client.pods().inNamespace(ns).withName("slow").withGracePeriod(30).delete();
            // The cap in the test settings is 1 s: the pod lingers, terminating, then goes.
            Pod terminating = get(ns, "slow");
            assertThat(terminating).isNotNull();
            assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
            eventually(() -> assertThat(get(ns, "slow")).isNull());
            assertThat(java.time.Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(
                    java.time.Duration.ofMillis(900));
            eventually(() -> assertThat(cluster.eventReasons(ns, "slow")).contains("Killing"));
        }

        @Test
        void shortGracePeriodIsHonoured() {
            String ns = cluster.namespace("shortgrace");
            client.pods().inNamespace(ns).resource(pod("quick", Map.of())).create();
            eventually(() -> assertThat(get(ns, "quick").getStatus().getPhase()).isEqualTo("Running"));
            client.pods().inNamespace(ns).withName("quick").withGracePeriod(1).delete();
            eventually(() -> assertThat(get(ns, "quick")).isNull());
        }

        @Test
        void finalizersKeepAPodUntilRemoved() {
            String ns = cluster.namespace("finalizer");
            Pod pod = new PodBuilder(pod("held", Map.of())).editMetadata().withFinalizers("example.com/hold")
                    .endMetadata().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(get(ns, "held").getStatus().getPhase()).isEqualTo("Running"));
            client.pods().inNamespace(ns).resource(pod("control", Map.of())).create();
            eventually(() -> assertThat(get(ns, "control").getStatus().getPhase()).isEqualTo("Running"));
            client.pods().inNamespace(ns).withName("held").withGracePeriod(1).delete();
            client.pods().inNamespace(ns).withName("control").withGracePeriod(1).delete();
            // Barrier: the pod deleted after it, with the same grace period and no finalizer, is gone.
            eventually(() -> assertThat(get(ns, "control")).isNull());
            assertThat(get(ns, "held")).as("pod with a finalizer").isNotNull();
            client.pods().inNamespace(ns).withName("held").edit(p -> {
                p.getMetadata().setFinalizers(List.of());
                return p;
            });
            eventually(() -> assertThat(get(ns, "held")).isNull());
        }

        @Test
        void runToCompletionPodsSucceedWithExitCodeZero() {
            String ns = cluster.namespace("complete");
            Pod pod = new PodBuilder(pod("once", Map.of())).editSpec().withRestartPolicy("Never").endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(get(ns, "once").getStatus().getPhase()).isEqualTo("Succeeded"));
            ContainerStatus cs = get(ns, "once").getStatus().getContainerStatuses().get(0);
            assertThat(cs.getState().getTerminated().getExitCode()).isZero();
            assertThat(cs.getState().getTerminated().getReason()).isEqualTo("Completed");
            assertThat(condition(get(ns, "once"), "Ready").getStatus()).isEqualTo("False");
        }

        @Test
        void failAnnotationFailsWithExitCodeOne() {
            String ns = cluster.namespace("fail");
            Pod pod = new PodBuilder(pod("bad", Map.of())).editMetadata()
                    .addToAnnotations(Pods.FAIL_ANNOTATION, "true").endMetadata()
                    .editSpec().withRestartPolicy("Never").endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(get(ns, "bad").getStatus().getPhase()).isEqualTo("Failed"));
            assertThat(get(ns, "bad").getStatus().getContainerStatuses().get(0).getState().getTerminated()
                    .getExitCode()).isEqualTo(1);
        }

        @Test
        void runDurationAnnotationOverridesTheDefault() {
            String ns = cluster.namespace("duration");
            Pod pod = new PodBuilder(pod("long", Map.of())).editMetadata()
                    .addToAnnotations(Pods.RUN_DURATION_ANNOTATION, "1h").endMetadata()
                    .editSpec().withRestartPolicy("Never").endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            eventually(() -> assertThat(get(ns, "long").getStatus().getPhase()).isEqualTo("Running"));
            Pod control = new PodBuilder(pod("default", Map.of())).editSpec().withRestartPolicy("Never").endSpec().build();
            client.pods().inNamespace(ns).resource(control).create();
            // Barrier: a pod started after it, with the default run duration, has finished.
            eventually(() -> assertThat(get(ns, "default").getStatus().getPhase()).isEqualTo("Succeeded"));
            assertThat(get(ns, "long").getStatus().getPhase()).isEqualTo("Running");
        }

        @Test
        void podsBoundToAMissingNodeStayPending() {
            String ns = cluster.namespace("ghost");
            Pod pod = new PodBuilder(pod("ghost", Map.of())).editSpec().withNodeName("no-such-node").endSpec().build();
            client.pods().inNamespace(ns).resource(pod).create();
            client.pods().inNamespace(ns).resource(pod("control", Map.of())).create();
            eventually(() -> assertThat(get(ns, "control").getStatus().getPhase()).isEqualTo("Running"));
            assertThat(get(ns, "ghost").getStatus() == null ? null : get(ns, "ghost").getStatus().getPhase())
                    .isNotEqualTo("Running");
        }
    }

    @Nested
    class ReplicaSets {

        private ReplicaSet replicaSet(String name, int replicas) {
            return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("rs", name).endSelector()
                    .withTemplate(template(Map.of("rs", name))).endSpec().build();
        }

        @Test
        void scalesUpReplacesAndScalesDown() {
            String ns = cluster.namespace("rs");
            client.apps().replicaSets().inNamespace(ns).resource(replicaSet("web", 3)).create();
            eventually(() -> {
                ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName("web").get();
                assertThat(rs.getStatus().getReplicas()).isEqualTo(3);
                assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);
                assertThat(rs.getStatus().getAvailableReplicas()).isEqualTo(3);
                assertThat(rs.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
                assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(rs.getMetadata().getGeneration());
            });
            List<Pod> pods = pods(ns, "rs", "web");
            assertThat(pods).hasSize(3).allSatisfy(p -> {
                assertThat(p.getMetadata().getName()).matches("web-[a-z0-9]{5}");
                assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                    assertThat(ref.getKind()).isEqualTo("ReplicaSet");
                    assertThat(ref.getController()).isTrue();
                });
            });
            String victim = pods.get(0).getMetadata().getName();
            client.pods().inNamespace(ns).withName(victim).withGracePeriod(0).delete();
            eventually(() -> assertThat(pods(ns, "rs", "web")).hasSize(3)
                    .noneSatisfy(p -> assertThat(p.getMetadata().getName()).isEqualTo(victim)));
            client.apps().replicaSets().inNamespace(ns).withName("web").scale(1);
            eventually(() -> assertThat(pods(ns, "rs", "web").stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)).hasSize(1));
            eventually(() -> assertThat(client.apps().replicaSets().inNamespace(ns).withName("web").get()
                    .getStatus().getReplicas()).isEqualTo(1));
            eventually(() -> assertThat(cluster.eventReasons(ns, "web")).contains("SuccessfulCreate", "SuccessfulDelete"));
        }
    }

    @Nested
    class Deployments {

        private Deployment deployment(String name, int replicas, String image) {
            return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withTemplate(template(Map.of("app", name), image)).endSpec().build();
        }

        private Deployment current(String ns, String name) {
            return client.apps().deployments().inNamespace(ns).withName(name).get();
        }

        private List<ReplicaSet> replicaSets(String ns) {
            return client.apps().replicaSets().inNamespace(ns).list().getItems();
        }

        private void awaitComplete(String ns, String name, int replicas) {
            eventually(() -> {
                Deployment d = current(ns, name);
                assertThat(d.getStatus()).isNotNull();
                assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
                assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
                assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
                assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
                assertThat(d.getStatus().getConditions()).extracting(DeploymentCondition::getReason)
                        .contains("MinimumReplicasAvailable", "NewReplicaSetAvailable");
            });
        }

        @Test
        void createsAReplicaSetWithTemplateHashAndRevision() {
            String ns = cluster.namespace("deploy");
            client.apps().deployments().inNamespace(ns).resource(deployment("web", 3, "nginx:1.25")).create();
            awaitComplete(ns, "web", 3);
            ReplicaSet rs = replicaSets(ns).get(0);
            String hash = rs.getMetadata().getLabels().get("pod-template-hash");
            assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
            assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
            assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
            assertThat(current(ns, "web").getMetadata().getAnnotations())
                    .containsEntry("deployment.kubernetes.io/revision", "1");
            assertThat(pods(ns, "app", "web")).hasSize(3)
                    .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash));
            assertThat(condition(current(ns, "web"), "Available").getStatus()).isEqualTo("True");
        }

        @Test
        void scalesThroughItsReplicaSet() {
            String ns = cluster.namespace("deployscale");
            client.apps().deployments().inNamespace(ns).resource(deployment("api", 2, "nginx:1.25")).create();
            awaitComplete(ns, "api", 2);
            client.apps().deployments().inNamespace(ns).withName("api").scale(5);
            awaitComplete(ns, "api", 5);
            assertThat(replicaSets(ns)).singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(5));
            client.apps().deployments().inNamespace(ns).withName("api").scale(1);
            awaitComplete(ns, "api", 1);
        }

        @Test
        void rollingUpdateStaysWithinMaxSurgeAndMaxUnavailable() {
            String ns = cluster.namespace("rolling");
            Deployment d = new DeploymentBuilder(deployment("roll", 4, "nginx:1.25")).editSpec().withNewStrategy()
                    .withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(1))
                    .withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy().endSpec().build();
            client.apps().deployments().inNamespace(ns).resource(d).create();
            awaitComplete(ns, "roll", 4);
            List<int[]> samples = new CopyOnWriteArrayList<>();
            try (var watch = client.apps().replicaSets().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<>() {
                @Override
                public void eventReceived(Action action, ReplicaSet resource) {
                    List<ReplicaSet> all = replicaSets(ns);
                    int spec = all.stream().mapToInt(rs -> rs.getSpec().getReplicas()).sum();
                    int available = all.stream().mapToInt(rs -> rs.getStatus() == null
                            || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas()).sum();
                    samples.add(new int[] {spec, available});
                }

                @Override
                public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
            })) {
                client.apps().deployments().inNamespace(ns).withName("roll").edit(x -> {
                    x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.26");
                    return x;
                });
                awaitComplete(ns, "roll", 4);
                eventually(() -> assertThat(replicaSets(ns)).hasSize(2)
                        .anySatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero()));
            }
            assertThat(samples).isNotEmpty();
            assertThat(samples).allSatisfy(s -> assertThat(s[0]).as("pods asked for").isLessThanOrEqualTo(5));
            assertThat(current(ns, "roll").getMetadata().getAnnotations())
                    .containsEntry("deployment.kubernetes.io/revision", "2");
            assertThat(pods(ns, "app", "roll").stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null))
                    .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26"));
            eventually(() -> assertThat(cluster.eventReasons(ns, "roll")).contains("ScalingReplicaSet"));
        }

        @Test
        void recreateScalesTheOldReplicaSetDownFirst() {
            String ns = cluster.namespace("recreate");
            Deployment d = new DeploymentBuilder(deployment("rec", 2, "nginx:1.25")).editSpec().withNewStrategy()
                    .withType("Recreate").endStrategy().endSpec().build();
            client.apps().deployments().inNamespace(ns).resource(d).create();
            awaitComplete(ns, "rec", 2);
            client.apps().deployments().inNamespace(ns).withName("rec").edit(x -> {
                x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.26");
                return x;
            });
            awaitComplete(ns, "rec", 2);
            List<String> messages = cluster.events(ns, "rec").stream().map(Event::getMessage).toList();
            int down = indexOf(messages, "Scaled down replica set");
            int up = lastIndexOf(messages, "Scaled up replica set");
            assertThat(down).isGreaterThanOrEqualTo(0);
            assertThat(up).isGreaterThan(down);
        }

        @Test
        void rollbackReusesTheOldReplicaSetWithANewRevision() {
            String ns = cluster.namespace("rollback");
            client.apps().deployments().inNamespace(ns).resource(deployment("rb", 2, "nginx:1.25")).create();
            awaitComplete(ns, "rb", 2);
            String firstRs = replicaSets(ns).get(0).getMetadata().getName();
            setImage(ns, "rb", "nginx:1.26");
            eventually(() -> assertThat(current(ns, "rb").getMetadata().getAnnotations())
                    .containsEntry("deployment.kubernetes.io/revision", "2"));
            awaitComplete(ns, "rb", 2);
            setImage(ns, "rb", "nginx:1.25");
            eventually(() -> assertThat(current(ns, "rb").getMetadata().getAnnotations())
                    .containsEntry("deployment.kubernetes.io/revision", "3"));
            awaitComplete(ns, "rb", 2);
            assertThat(replicaSets(ns)).hasSize(2);
            ReplicaSet reused = client.apps().replicaSets().inNamespace(ns).withName(firstRs).get();
            assertThat(reused.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
            assertThat(reused.getSpec().getReplicas()).isEqualTo(2);
        }

        @Test
        void aPausedDeploymentDoesNotRollOut() {
            String ns = cluster.namespace("paused");
            client.apps().deployments().inNamespace(ns).resource(deployment("p", 1, "nginx:1")).create();
            awaitComplete(ns, "p", 1);
            client.apps().deployments().inNamespace(ns).withName("p").edit(x -> {
                x.getSpec().setPaused(true);
                x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:2");
                return x;
            });
            eventually(() -> assertThat(condition(current(ns, "p"), "Progressing").getReason()).isEqualTo("DeploymentPaused"));
            assertThat(replicaSets(ns)).hasSize(1);
            client.apps().deployments().inNamespace(ns).withName("p").edit(x -> {
                x.getSpec().setPaused(false);
                return x;
            });
            eventually(() -> assertThat(replicaSets(ns)).hasSize(2));
            awaitComplete(ns, "p", 1);
        }

        @Test
        void revisionHistoryLimitDeletesOldReplicaSets() {
            String ns = cluster.namespace("history");
            Deployment d = new DeploymentBuilder(deployment("h", 1, "nginx:1")).editSpec().withRevisionHistoryLimit(1)
                    .endSpec().build();
            client.apps().deployments().inNamespace(ns).resource(d).create();
            awaitComplete(ns, "h", 1);
            for (String image : List.of("nginx:2", "nginx:3")) {
                setImage(ns, "h", image);
                awaitComplete(ns, "h", 1);
            }
            eventually(() -> assertThat(replicaSets(ns)).hasSize(2));
            assertThat(replicaSets(ns)).extracting(rs -> rs.getMetadata().getAnnotations()
                    .get("deployment.kubernetes.io/revision")).containsExactlyInAnyOrder("2", "3");
        }

        private void setImage(String ns, String name, String image) {
            client.apps().deployments().inNamespace(ns).withName(name).edit(x -> {
                x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
                return x;
            });
        }

        private DeploymentCondition condition(Deployment d, String type) {
            return d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
        }
    }

    private static int indexOf(List<String> messages, String prefix) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<String> messages, String prefix) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Nested
    class Jobs {

        private Job job(String name, int completions, int parallelism, boolean fail) {
            PodTemplateSpec t = template(Map.of("job", name));
            t.getSpec().setRestartPolicy("Never");
            if (fail) {
                t.getMetadata().setAnnotations(Map.of(Pods.FAIL_ANNOTATION, "true"));
            }
            return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                    .withCompletions(completions).withParallelism(parallelism).withBackoffLimit(2)
                    .withTemplate(t).endSpec().build();
        }

        private Job current(String ns, String name) {
            return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
        }

        private JobCondition jobCondition(Job job, String type) {
            return job.getStatus() == null || job.getStatus().getConditions() == null ? null
                    : job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        }

        @Test
        void runsCompletionsWithinParallelism() {
            String ns = cluster.namespace("job");
            client.batch().v1().jobs().inNamespace(ns).resource(job("batch", 4, 2, false)).create();
            eventually(() -> assertThat(current(ns, "batch").getStatus().getActive()).isEqualTo(2));
            eventually(() -> {
                Job j = current(ns, "batch");
                assertThat(jobCondition(j, "Complete")).isNotNull();
                assertThat(jobCondition(j, "Complete").getStatus()).isEqualTo("True");
                assertThat(j.getStatus().getSucceeded()).isEqualTo(4);
                assertThat(j.getStatus().getActive()).isZero();
                assertThat(j.getStatus().getCompletionTime()).isNotNull();
                assertThat(j.getStatus().getStartTime()).isNotNull();
            });
            assertThat(pods(ns, "job-name", "batch")).hasSize(4)
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"));
            eventually(() -> assertThat(cluster.eventReasons(ns, "batch")).contains("SuccessfulCreate", "Completed"));
        }

        @Test
        void aWorkQueueJobCompletesWhenItsPodsSucceed() {
            String ns = cluster.namespace("jobqueue");
            Job j = job("queue", 1, 2, false);
            j.getSpec().setCompletions(null);
            client.batch().v1().jobs().inNamespace(ns).resource(j).create();
            eventually(() -> {
                Job cur = current(ns, "queue");
                assertThat(jobCondition(cur, "Complete")).isNotNull();
                assertThat(cur.getStatus().getSucceeded()).isEqualTo(2);
            });
        }

        @Test
        void failsOnceTheBackoffLimitIsExceeded() {
            String ns = cluster.namespace("jobfail");
            client.batch().v1().jobs().inNamespace(ns).resource(job("broken", 1, 1, true)).create();
            eventually(() -> {
                Job j = current(ns, "broken");
                JobCondition failed = jobCondition(j, "Failed");
                assertThat(failed).isNotNull();
                assertThat(failed.getReason()).isEqualTo("BackoffLimitExceeded");
                assertThat(j.getStatus().getFailed()).isEqualTo(3);
            });
            assertThat(jobCondition(current(ns, "broken"), "Complete")).isNull();
            client.batch().v1().jobs().inNamespace(ns).resource(job("after", 1, 1, false)).create();
            // Barrier: a job created after the failure has run to completion through the same controller.
            eventually(() -> assertThat(jobCondition(current(ns, "after"), "Complete")).isNotNull());
            assertThat(pods(ns, "job-name", "broken")).hasSize(3);
        }
    }

    @Nested
    class DaemonSets {

        @Test
        void runsOnePodPerMatchingNodeAndFollowsNewNodes() {
            String ns = cluster.namespace("ds");
            DaemonSet ds = new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata().withNewSpec()
                    .withNewSelector().addToMatchLabels("ds", "agent").endSelector()
                    .withTemplate(template(Map.of("ds", "agent"))).endSpec().build();
            ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("type", "hollow"));
            client.apps().daemonSets().inNamespace(ns).resource(ds).create();
            eventually(() -> {
                DaemonSet cur = client.apps().daemonSets().inNamespace(ns).withName("agent").get();
                assertThat(cur.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
                assertThat(cur.getStatus().getCurrentNumberScheduled()).isEqualTo(3);
                assertThat(cur.getStatus().getNumberReady()).isEqualTo(3);
            });
            assertThat(pods(ns, "ds", "agent")).extracting(p -> p.getSpec().getNodeName())
                    .containsExactlyInAnyOrder("hollow-node-0001", "hollow-node-0002", "hollow-node-0003");
            Node extra = HollowClusterFixture.readyNode("ds-extra", Map.of("type", "hollow"));
            extra.getSpec().setTaints(List.of(new TaintBuilder().withKey("dedicated").withValue("x")
                    .withEffect("NoSchedule").build()));
            cluster.addNode(extra);
            cluster.addNode(HollowClusterFixture.readyNode("ds-plain", Map.of("type", "hollow")));
            try {
                // The taint keeps the daemon away; without it the daemon follows the node. Barrier: the
                // untainted node added after the tainted one got its daemon pod.
                eventually(() -> assertThat(pods(ns, "ds", "agent")).extracting(p -> p.getSpec().getNodeName())
                        .contains("ds-plain"));
                assertThat(pods(ns, "ds", "agent")).extracting(p -> p.getSpec().getNodeName())
                        .doesNotContain("ds-extra");
                assertThat(client.apps().daemonSets().inNamespace(ns).withName("agent").get().getStatus()
                        .getDesiredNumberScheduled()).isEqualTo(4);
                client.nodes().withName("ds-extra").edit(n -> {
                    n.getSpec().setTaints(List.of());
                    return n;
                });
                eventually(() -> assertThat(pods(ns, "ds", "agent")).extracting(p -> p.getSpec().getNodeName())
                        .contains("ds-extra"));
            } finally {
                cluster.removeNode("ds-extra");
                cluster.removeNode("ds-plain");
            }
            eventually(() -> assertThat(pods(ns, "ds", "agent").stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)).hasSize(3));
        }

        @Test
        void nodeSelectorLimitsTheNodes() {
            String ns = cluster.namespace("dssel");
            DaemonSet ds = new DaemonSetBuilder().withNewMetadata().withName("one").endMetadata().withNewSpec()
                    .withNewSelector().addToMatchLabels("ds", "one").endSelector()
                    .withTemplate(template(Map.of("ds", "one"))).endSpec().build();
            ds.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("kubernetes.io/hostname", "hollow-node-0002"));
            client.apps().daemonSets().inNamespace(ns).resource(ds).create();
            eventually(() -> assertThat(client.apps().daemonSets().inNamespace(ns).withName("one").get().getStatus()
                    .getNumberReady()).isEqualTo(1));
            assertThat(pods(ns, "ds", "one")).singleElement()
                    .satisfies(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("hollow-node-0002"));
        }
    }

    @Nested
    class StatefulSets {

        private StatefulSet statefulSet(String name, int replicas) {
            return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                    .withReplicas(replicas).withServiceName(name).withNewSelector().addToMatchLabels("sts", name)
                    .endSelector().withTemplate(template(Map.of("sts", name))).endSpec().build();
        }

        @Test
        void createsOrdinalPodsInOrderAndScalesDownInReverse() {
            String ns = cluster.namespace("sts");
            client.apps().statefulSets().inNamespace(ns).resource(statefulSet("db", 3)).create();
            eventually(() -> assertThat(client.apps().statefulSets().inNamespace(ns).withName("db").get().getStatus()
                    .getReadyReplicas()).isEqualTo(3));
            List<Pod> pods = new ArrayList<>(pods(ns, "sts", "db"));
            assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("db-0", "db-1", "db-2");
            Pod db1 = get(ns, "db-1");
            assertThat(db1.getSpec().getHostname()).isEqualTo("db-1");
            assertThat(db1.getSpec().getSubdomain()).isEqualTo("db");
            assertThat(db1.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "db-1")
                    .containsEntry("apps.kubernetes.io/pod-index", "1");
            // OrderedReady: each pod was created only after the one before it was Running and Ready.
            for (int i = 1; i < 3; i++) {
                Instant previousReady = Instant.parse(condition(get(ns, "db-" + (i - 1)), "Ready").getLastTransitionTime());
                Instant created = Instant.parse(get(ns, "db-" + i).getMetadata().getCreationTimestamp());
                assertThat(created).as("db-" + i + " created").isAfterOrEqualTo(previousReady);
            }
            List<String> createOrder = cluster.events(ns, "db").stream().filter(e -> e.getReason().equals("SuccessfulCreate"))
                    .sorted(Comparator.comparing(Event::getFirstTimestamp)).map(Event::getMessage).toList();
            assertThat(createOrder).containsExactly("create Pod db-0 in StatefulSet db successful",
                    "create Pod db-1 in StatefulSet db successful", "create Pod db-2 in StatefulSet db successful");
            client.apps().statefulSets().inNamespace(ns).withName("db").scale(1);
            eventually(() -> assertThat(pods(ns, "sts", "db")).extracting(p -> p.getMetadata().getName())
                    .containsExactly("db-0"));
            List<String> deleteOrder = cluster.events(ns, "db").stream().filter(e -> e.getReason().equals("SuccessfulDelete"))
                    .map(Event::getMessage).toList();
            assertThat(deleteOrder).containsExactly("delete Pod db-2 in StatefulSet db successful",
                    "delete Pod db-1 in StatefulSet db successful");
            StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName("db").get();
            eventually(() -> assertThat(client.apps().statefulSets().inNamespace(ns).withName("db").get().getStatus()
                    .getReplicas()).isEqualTo(1));
            assertThat(sts.getStatus().getCurrentRevision()).startsWith("db-");
        }

        @Test
        void parallelPolicyCreatesAllAtOnceAndTemplateChangesRollFromTheTop() {
            String ns = cluster.namespace("stspar");
            StatefulSet sts = new StatefulSetBuilder(statefulSet("par", 3)).editSpec().withPodManagementPolicy("Parallel")
                    .endSpec().build();
            client.apps().statefulSets().inNamespace(ns).resource(sts).create();
            eventually(() -> assertThat(client.apps().statefulSets().inNamespace(ns).withName("par").get().getStatus()
                    .getReadyReplicas()).isEqualTo(3));
            String oldRevision = client.apps().statefulSets().inNamespace(ns).withName("par").get().getStatus()
                    .getUpdateRevision();
            client.apps().statefulSets().inNamespace(ns).withName("par").edit(x -> {
                x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.k8s.io/pause:3.10");
                return x;
            });
            eventually(() -> {
                StatefulSet cur = client.apps().statefulSets().inNamespace(ns).withName("par").get();
                assertThat(cur.getStatus().getUpdateRevision()).isNotEqualTo(oldRevision);
                assertThat(cur.getStatus().getUpdatedReplicas()).isEqualTo(3);
                assertThat(cur.getStatus().getReadyReplicas()).isEqualTo(3);
                assertThat(cur.getStatus().getCurrentRevision()).isEqualTo(cur.getStatus().getUpdateRevision());
            });
            assertThat(pods(ns, "sts", "par")).hasSize(3).allSatisfy(p ->
                    assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.k8s.io/pause:3.10"));
            List<String> deletes = cluster.events(ns, "par").stream().filter(e -> e.getReason().equals("SuccessfulDelete"))
                    .map(Event::getMessage).toList();
            assertThat(deletes).first().asString().contains("par-2");
        }

        @Test
        void replacesADeletedPodUnderTheSameName() {
            String ns = cluster.namespace("stsreplace");
            client.apps().statefulSets().inNamespace(ns).resource(statefulSet("kv", 1)).create();
            eventually(() -> assertThat(get(ns, "kv-0").getStatus().getPhase()).isEqualTo("Running"));
            String uid = get(ns, "kv-0").getMetadata().getUid();
            client.pods().inNamespace(ns).withName("kv-0").withGracePeriod(0).delete();
            eventually(() -> {
                Pod p = get(ns, "kv-0");
                assertThat(p).isNotNull();
                assertThat(p.getMetadata().getUid()).isNotEqualTo(uid);
                assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            });
        }
    }

    @Nested
    class ServicesAndEndpoints {

        private Service service(String name, String selectorValue, boolean headless) {
            ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                    .withSelector(Map.of("app", selectorValue))
                    .addNewPort().withName("http").withPort(80).withNewTargetPort("http").endPort()
                    .endSpec();
            if (headless) {
                b.editSpec().withClusterIP("None").endSpec();
            }
            return b.build();
        }

        @Test
        void allocatesAClusterIp() {
            String ns = cluster.namespace("svcip");
            client.services().inNamespace(ns).resource(service("a", "a", false)).create();
            client.services().inNamespace(ns).resource(service("b", "b", false)).create();
            eventually(() -> {
                String a = client.services().inNamespace(ns).withName("a").get().getSpec().getClusterIP();
                String b = client.services().inNamespace(ns).withName("b").get().getSpec().getClusterIP();
                assertThat(a).startsWith("10.");
                assertThat(b).startsWith("10.").isNotEqualTo(a);
            });
            assertThat(client.services().inNamespace("default").withName("kubernetes").get().getSpec().getClusterIP())
                    .isEqualTo("10.96.0.1");
        }

        @Test
        void endpointsAndSlicesListReadyPodsWithMappedPorts() {
            String ns = cluster.namespace("endpoints");
            client.services().inNamespace(ns).resource(service("web", "web", false)).create();
            for (int i = 0; i < 2; i++) {
                client.pods().inNamespace(ns).resource(pod("web-" + i, Map.of("app", "web"))).create();
            }
            client.pods().inNamespace(ns).resource(pod("other", Map.of("app", "other"))).create();
            eventually(() -> {
                var ep = client.endpoints().inNamespace(ns).withName("web").get();
                assertThat(ep).isNotNull();
                assertThat(ep.getSubsets()).singleElement().satisfies(s -> {
                    assertThat(s.getAddresses()).hasSize(2);
                    assertThat(s.getPorts()).singleElement().satisfies(p -> {
                        assertThat(p.getPort()).isEqualTo(8080);
                        assertThat(p.getName()).isEqualTo("http");
                    });
                });
            });
            Set<String> ips = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                ips.add(get(ns, "web-" + i).getStatus().getPodIP());
            }
            assertThat(client.endpoints().inNamespace(ns).withName("web").get().getSubsets().get(0).getAddresses())
                    .extracting(a -> a.getIp()).containsExactlyInAnyOrderElementsOf(ips);
            eventually(() -> {
                List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(ns)
                        .withLabel("kubernetes.io/service-name", "web").list().getItems();
                assertThat(slices).singleElement().satisfies(s -> {
                    assertThat(s.getAddressType()).isEqualTo("IPv4");
                    assertThat(s.getEndpoints()).hasSize(2).allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue());
                    assertThat(s.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
                    assertThat(s.getMetadata().getOwnerReferences()).singleElement()
                            .satisfies(r -> assertThat(r.getKind()).isEqualTo("Service"));
                });
            });
            // A deleted pod leaves both.
            client.pods().inNamespace(ns).withName("web-0").withGracePeriod(0).delete();
            eventually(() -> assertThat(client.endpoints().inNamespace(ns).withName("web").get().getSubsets().get(0)
                    .getAddresses()).hasSize(1));
            eventually(() -> assertThat(client.discovery().v1().endpointSlices().inNamespace(ns)
                    .withLabel("kubernetes.io/service-name", "web").list().getItems().get(0).getEndpoints()).hasSize(1));
        }

        @Test
        void notReadyPodsAreListedAsNotReady() {
            String ns = cluster.namespace("notreadyep");
            client.services().inNamespace(ns).resource(service("web", "web", false)).create();
            client.pods().inNamespace(ns).resource(pod("web-0", Map.of("app", "web"))).create();
            eventually(() -> assertThat(get(ns, "web-0").getStatus().getPhase()).isEqualTo("Running"));
            // Readiness turning false (as a failing probe would) moves the address.
            Pod pod = get(ns, "web-0");
            pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                    .forEach(c -> c.setStatus("False"));
            client.pods().inNamespace(ns).resource(pod).updateStatus();
            eventually(() -> {
                var subset = client.endpoints().inNamespace(ns).withName("web").get().getSubsets().get(0);
                assertThat(subset.getAddresses()).isNullOrEmpty();
                assertThat(subset.getNotReadyAddresses()).hasSize(1);
            });
            eventually(() -> assertThat(client.discovery().v1().endpointSlices().inNamespace(ns)
                    .withLabel("kubernetes.io/service-name", "web").list().getItems().get(0).getEndpoints())
                    .singleElement().satisfies(e -> assertThat(e.getConditions().getReady()).isFalse()));
        }

        @Test
        void headlessServicesGetEndpointsWithHostnames() {
            String ns = cluster.namespace("headless");
            client.services().inNamespace(ns).resource(service("db", "db", true)).create();
            StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withName("db").endMetadata().withNewSpec()
                    .withReplicas(2).withServiceName("db").withNewSelector().addToMatchLabels("app", "db").endSelector()
                    .withTemplate(template(Map.of("app", "db"))).endSpec().build();
            client.apps().statefulSets().inNamespace(ns).resource(sts).create();
            eventually(() -> assertThat(client.endpoints().inNamespace(ns).withName("db").get().getSubsets().get(0)
                    .getAddresses()).extracting(a -> a.getHostname()).containsExactlyInAnyOrder("db-0", "db-1"));
            assertThat(client.services().inNamespace(ns).withName("db").get().getSpec().getClusterIP()).isEqualTo("None");
            assertThat(client.endpoints().inNamespace(ns).withName("db").get().getMetadata().getLabels())
                    .containsKey("service.kubernetes.io/headless");
        }
    }

    @Nested
    class GarbageCollection {

        @Test
        void deletingADeploymentRemovesItsReplicaSetsAndPods() {
            String ns = cluster.namespace("gc");
            Deployment d = new DeploymentBuilder().withNewMetadata().withName("gone").endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "gone").endSelector()
                    .withTemplate(template(Map.of("app", "gone"))).endSpec().build();
            client.apps().deployments().inNamespace(ns).resource(d).create();
            eventually(() -> assertThat(pods(ns, "app", "gone")).hasSize(2));
            client.apps().deployments().inNamespace(ns).withName("gone").delete();
            eventually(() -> assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty());
            eventually(() -> assertThat(pods(ns, "app", "gone")).isEmpty());
        }

        @Test
        void orphanPropagationKeepsDependents() {
            String ns = cluster.namespace("orphan");
            ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("keep").endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("rs", "keep").endSelector()
                    .withTemplate(template(Map.of("rs", "keep"))).endSpec().build();
            client.apps().replicaSets().inNamespace(ns).resource(rs).create();
            eventually(() -> assertThat(pods(ns, "rs", "keep")).hasSize(1));
            client.apps().replicaSets().inNamespace(ns).withName("keep")
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();
            eventually(() -> assertThat(client.apps().replicaSets().inNamespace(ns).withName("keep").get()).isNull());
            // The owner is gone only after its dependents were orphaned: no wait is needed before looking.
            eventually(() -> assertThat(pods(ns, "rs", "keep")).singleElement()
                    .satisfies(p -> assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty()));
        }

        @Test
        void namespaceDeletionTakesItsWorkloadsAlong() {
            String ns = cluster.namespace("nsdel");
            client.pods().inNamespace(ns).resource(pod("p", Map.of())).create();
            eventually(() -> assertThat(get(ns, "p").getStatus().getPhase()).isEqualTo("Running"));
            client.namespaces().withName(ns).delete();
            eventually(() -> assertThat(client.namespaces().withName(ns).get()).isNull());
        }
    }

    @Nested
    class EventLog {

        @Test
        void recordsWhatTheControllersDid() {
            String ns = cluster.namespace("log");
            client.pods().inNamespace(ns).resource(pod("logged", Map.of())).create();
            eventually(() -> assertThat(cluster.manager.eventLog())
                    .anySatisfy(line -> assertThat(line).contains("Scheduled Pod " + ns + "/logged"))
                    .anySatisfy(line -> assertThat(line).contains("Started Pod " + ns + "/logged")));
        }
    }
}
