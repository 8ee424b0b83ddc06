package io.fede2e.provider.hollow.controllers;

import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.eventually;
import static io.fede2e.provider.hollow.controllers.HollowClusterFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerAndKubeletTests {

  private HollowClusterFixture cluster;

  @BeforeAll
  void startCluster() {
    cluster = HollowClusterFixture.start(3);
  }

  @AfterAll
  void stopCluster() {
    cluster.close();
  }

  @Nested
  class Smoke {
    @Test
    void aPodBecomesRunning() {
      String ns = cluster.namespace("smoke");
      cluster.client.pods().inNamespace(ns).resource(pod("web", Map.of("app", "web"))).create();
      eventually(() -> {
        Pod p = cluster.client.pods().inNamespace(ns).withName("web").get();
        assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        assertThat(p.getSpec().getNodeName()).startsWith("hollow-node-");
        assertThat(p.getStatus().getConditions()).extracting(PodCondition::getType)
            .contains("Ready", "PodScheduled", "Initialized", "ContainersReady");
      });
    }
  }
}
