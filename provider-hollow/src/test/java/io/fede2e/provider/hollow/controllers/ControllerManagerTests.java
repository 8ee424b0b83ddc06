package io.fede2e.provider.hollow.controllers;

import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.eventually;
import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ControllerManagerTests {

    private static Set<String> hollowThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("hollow-")).collect(Collectors.toSet());
    }

    @Nested
    class Lifecycle {
        @Test
        void closeStopsEveryThreadAndIsIdempotent() {
            HollowClusterFixture cluster = HollowClusterFixture.start(2);
            try {
                assertThat(hollowThreads()).isNotEmpty();
                assertThat(cluster.manager.nodeNames()).containsExactly("hollow-node-0001", "hollow-node-0002");
            } finally {
                cluster.close();
            }
            cluster.manager.close();
            eventually(Duration.ofSeconds(10), () -> assertThat(hollowThreads()).isEmpty());
            assertThat(cluster.manager.eventLog()).anySatisfy(l -> assertThat(l).contains("created 2 hollow nodes"));
        }

        @Test
        void aSecondManagerAdoptsExistingNodes() {
            HollowClusterFixture cluster = HollowClusterFixture.start(1);
            try {
                cluster.manager.close();
                try (ControllerManager again = ControllerManager.start(cluster.client, HollowClusterFixture.fastSettings(1))) {
                    assertThat(cluster.client.nodes().list().getItems()).hasSize(1);
                    String ns = cluster.namespace("adopt");
                    cluster.client.pods().inNamespace(ns).resource(pod("p", Map.of())).create();
                    eventually(() -> assertThat(cluster.client.pods().inNamespace(ns).withName("p").get().getStatus()
                            .getPhase()).isEqualTo("Running"));
                }
            } finally {
                cluster.close();
            }
        }
    }

    @Nested
    class Failures {
        @Test
        void anUnreachableApiServerFailsWithAClearMessageAndLeavesNoThreads() throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
                    .withRequestRetryBackoffLimit(0).withConnectionTimeout(500).build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThatThrownBy(() -> ControllerManager.start(client, HollowSettings.defaults(1)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("could not create namespace default on the hollow API server");
            }
            eventually(Duration.ofSeconds(10), () -> assertThat(hollowThreads()).isEmpty());
        }
    }

    @Nested
    class Capacity {
        @Test
        void maxPodsPerNodeIsHonouredAndFreedRoomIsReused() {
            HollowSettings settings = HollowClusterFixture.fastSettings(1).withNodeCapacity("2", "1Gi", 2)
                    .withEventQueueCapacity(0);
            try (HollowClusterFixture cluster = HollowClusterFixture.start(settings)) {
                String ns = cluster.namespace("maxpods");
                for (int i = 0; i < 3; i++) {
                    cluster.client.pods().inNamespace(ns).resource(pod("p" + i, Map.of("app", "max"))).create();
                }
                eventually(() -> assertThat(cluster.client.pods().inNamespace(ns).list().getItems())
                        .filteredOn(p -> p.getSpec().getNodeName() == null).singleElement()
                        .satisfies(p -> assertThat(scheduled(p).getMessage())
                                .isEqualTo("0/1 nodes are available: 1 Too many pods.")));
                Pod bound = cluster.client.pods().inNamespace(ns).list().getItems().stream()
                        .filter(p -> p.getSpec().getNodeName() != null).findFirst().orElseThrow();
                cluster.client.pods().inNamespace(ns).withName(bound.getMetadata().getName()).withGracePeriod(0).delete();
                eventually(() -> assertThat(cluster.client.pods().inNamespace(ns).list().getItems()).hasSize(2)
                        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
                // With Events off nothing is written, yet the log still tells what happened.
                assertThat(cluster.client.v1().events().inNamespace(ns).list().getItems()).isEmpty();
                assertThat(cluster.manager.eventLog()).anySatisfy(l -> assertThat(l).contains("FailedScheduling"));
            }
        }

        @Test
        void memoryRequestsCount() {
            HollowSettings settings = HollowClusterFixture.fastSettings(1).withNodeCapacity("2", "1Gi", 110);
            try (HollowClusterFixture cluster = HollowClusterFixture.start(settings)) {
                String ns = cluster.namespace("mem");
                Pod pod = new PodBuilder(pod("hungry", Map.of())).withSpec(HollowClusterFixture.podSpec(null, "2Gi")).build();
                cluster.client.pods().inNamespace(ns).resource(pod).create();
                eventually(() -> assertThat(scheduled(cluster.client.pods().inNamespace(ns).withName("hungry").get())
                        .getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient memory."));
            }
        }

        private PodCondition scheduled(Pod p) {
            return p.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst()
                    .orElseThrow();
        }
    }
}
