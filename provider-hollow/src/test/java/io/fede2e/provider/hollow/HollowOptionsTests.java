package io.fede2e.provider.hollow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HollowOptionsTests {

    private static HollowOptions of(Map<String, String> options) {
        return HollowOptions.from(new ClusterSpec("c", 7, "v1.33.0", options));
    }

    @Test
    void defaultsFollowTheControllersDefaults() {
        HollowOptions o = of(Map.of());

        assertThat(o.port()).isZero();
        assertThat(o.settings().nodeCount()).isEqualTo(7);
        assertThat(o.settings().maxPodsPerNode()).isEqualTo(110);
        assertThat(o.readyTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(HollowOptions.ALL).filteredOn(p -> p.name().equals("pod-startup-delay"))
                .extracting(ProviderOption::defaultValue).containsExactly("100ms");
    }

    @Test
    void mapsEveryOptionOntoTheSettings() {
        HollowOptions o = of(Map.ofEntries(Map.entry("port", "18080"), Map.entry("node-cpu", "8"),
                Map.entry("node-memory", "32Gi"), Map.entry("max-pods-per-node", "50"),
                Map.entry("pod-startup-delay", "2s"), Map.entry("job-duration", "500ms"),
                Map.entry("termination-delay-cap", "5s"), Map.entry("lease-interval", "1m"),
                Map.entry("worker-threads", "4"), Map.entry("event-queue", "0"), Map.entry("ready-timeout", "30s")));

        assertThat(o.port()).isEqualTo(18080);
        assertThat(o.settings().nodeCpu()).isEqualTo("8");
        assertThat(o.settings().nodeMemory()).isEqualTo("32Gi");
        assertThat(o.settings().maxPodsPerNode()).isEqualTo(50);
        assertThat(o.settings().podStartupDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.settings().jobPodRunDuration()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.settings().terminationDelayCap()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.settings().leaseHeartbeatInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.settings().workerThreads()).isEqualTo(4);
        assertThat(o.settings().eventQueueCapacity()).isZero();
        assertThat(o.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void namesTheOptionThatIsWrong() {
        assertThatThrownBy(() -> of(Map.of("node-cpu", "lots"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hollow provider options are not usable").hasMessageContaining("node-cpu");
        assertThatThrownBy(() -> of(Map.of("job-duration", "soon"))).hasMessageContaining("job-duration='soon'");
        assertThatThrownBy(() -> of(Map.of("ready-timeout", "0s"))).hasMessageContaining("ready-timeout must be positive");
        assertThatThrownBy(() -> of(Map.of("<script>", "1"))).hasMessageContaining("is not known to the hollow provider");
    }
}
