package io.fede2e.provider.hollow.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HollowSettingsTests {

    @Nested
    class Defaults {
        @Test
        void describeASmallKubeletLikeNode() {
            HollowSettings s = HollowSettings.defaults(3);
            assertThat(s.nodeCount()).isEqualTo(3);
            assertThat(s.maxPodsPerNode()).isEqualTo(110);
            assertThat(s.podStartupDelay()).isEqualTo(Duration.ofMillis(100));
            assertThat(s.jobPodRunDuration()).isEqualTo(Duration.ofSeconds(1));
            assertThat(s.leaseHeartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.kubeletVersion()).isEqualTo("v1.33.0");
        }

        @Test
        void copiesChangeOnlyWhatTheyName() {
            HollowSettings s = HollowSettings.defaults(3).withNodeCapacity("8", "32Gi", 50).withWorkerThreads(2);
            assertThat(s.nodeCpu()).isEqualTo("8");
            assertThat(s.maxPodsPerNode()).isEqualTo(50);
            assertThat(s.workerThreads()).isEqualTo(2);
            assertThat(s.nodeCount()).isEqualTo(3);
            assertThat(s.withKubeletVersion("v1.30.2").kubeletVersion()).isEqualTo("v1.30.2");
        }
    }

    @Nested
    class Rejects {
        @Test
        void negativeNodeCount() {
            assertThatThrownBy(() -> HollowSettings.defaults(-1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeCount -1");
        }

        @Test
        void malformedQuantities() {
            assertThatThrownBy(() -> HollowSettings.defaults(1).withNodeCapacity("four", "16Gi", 110))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nodeCpu 'four' is not a Kubernetes quantity");
        }

        @Test
        void zeroMaxPods() {
            assertThatThrownBy(() -> HollowSettings.defaults(1).withNodeCapacity("4", "16Gi", 0))
                    .hasMessageContaining("maxPodsPerNode 0");
        }

        @Test
        void negativeDelaysAndZeroHeartbeat() {
            assertThatThrownBy(() -> HollowSettings.defaults(1)
                    .withDelays(Duration.ofMillis(-1), Duration.ZERO, Duration.ZERO))
                    .hasMessageContaining("podStartupDelay");
            assertThatThrownBy(() -> HollowSettings.defaults(1).withLeaseHeartbeatInterval(Duration.ZERO))
                    .hasMessageContaining("leaseHeartbeatInterval must be positive");
        }

        @Test
        void workerThreadsOutOfRangeAndBadVersions() {
            assertThatThrownBy(() -> HollowSettings.defaults(1).withWorkerThreads(0)).hasMessageContaining("workerThreads 0");
            assertThatThrownBy(() -> HollowSettings.defaults(1).withEventQueueCapacity(-5))
                    .hasMessageContaining("eventQueueCapacity -5");
            assertThatThrownBy(() -> HollowSettings.defaults(1).withKubeletVersion("1.33<script>"))
                    .hasMessageContaining("is not a version like v1.33.0");
        }
    }
}
