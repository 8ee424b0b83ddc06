package io.fede2e.provider.existing;

import io.fede2e.provider.api.ClusterSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExistingOptionsTests {

    private static ExistingOptions read(Map<String, String> options) {
        return ExistingOptions.from(new ClusterSpec("existing", 1, "v1.33.0", options), Fixtures.CLOCK,
                new SplittableRandom(42));
    }

    @Nested
    class Defaults {

        @Test
        void boundTheProbesAndApiAndLeaveTheLoadBalancerAlone() {
            ExistingOptions o = read(Map.of());

            assertThat(o.kubeconfig()).isEmpty();
            assertThat(o.context()).isEmpty();
            assertThat(o.probeTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(o.apiTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(o.downTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(o.loadBalancer()).isFalse();
            assertThat(o.keep()).isFalse();
        }

        @Test
        void deriveTheRunIdFromTheTimeAndARandomSuffix() {
            assertThat(read(Map.of()).runId()).matches("20261128-235958-[0-9a-f]{6}");
            assertThat(read(Map.of()).runId()).isEqualTo(read(Map.of()).runId());
            assertThat(ExistingOptions.newRunId(Fixtures.CLOCK, new SplittableRandom(1)))
                    .isNotEqualTo(ExistingOptions.newRunId(Fixtures.CLOCK, new SplittableRandom(2)));
        }

        @Test
        void declareEveryOptionTheProviderReads() {
            assertThat(ExistingOptions.declared()).extracting(o -> o.name()).containsExactly("kubeconfig", "context",
                    "run-id", "probe-timeout", "api-timeout", "down-timeout", "load-balancer", "keep", "busybox-image",
                    "agnhost-image", "probes");
        }
    }

    @Nested
    class Given {

        @Test
        void areReadWithTheirTypes() {
            ExistingOptions o = read(Map.of("kubeconfig", "/k", "context", "kind-kind", "run-id", "jenkins-4711",
                    "probe-timeout", "90s", "load-balancer", "true", "keep", "yes"));

            assertThat(o.kubeconfig()).contains("/k");
            assertThat(o.context()).contains("kind-kind");
            assertThat(o.runId()).isEqualTo("jenkins-4711");
            assertThat(o.probeTimeout()).isEqualTo(Duration.ofSeconds(90));
            assertThat(o.loadBalancer()).isTrue();
            assertThat(o.keep()).isTrue();
            assertThat(o.selector()).isEqualTo("fede2e.io/run-id=jenkins-4711");
        }

        @Test
        void aRunIdThatIsNoLabelValueIsRefused() {
            assertThatThrownBy(() -> read(Map.of("run-id", "-starts-with-dash")))
                    .hasMessageStartingWith("provider option run-id='-starts-with-dash' is not a label value");
            assertThatThrownBy(() -> read(Map.of("run-id", "x".repeat(64))))
                    .hasMessageContaining("at most 63");
        }

        @Test
        void probesAreChosenByNameAndTheLoadBalancerOptionAddsItsProbe() {
            assertThat(read(Map.of()).probes()).extracting(Object::toString)
                    .containsExactly("container-runtime", "dns", "pod-network", "rbac");
            assertThat(read(Map.of("probes", " rbac, dns ")).probes()).extracting(Object::toString)
                    .containsExactly("dns", "rbac");
            assertThat(read(Map.of("probes", "none", "load-balancer", "true")).probes()).extracting(Object::toString)
                    .containsExactly("load-balancer");
        }

        @Test
        void anUnknownProbeIsRefusedListingTheKnownOnes() {
            assertThatThrownBy(() -> read(Map.of("probes", "dns,node-ssh")))
                    .hasMessage("provider option probes='dns,node-ssh' names 'node-ssh', which is not probed; use a"
                            + " comma-separated list of container-runtime,dns,load-balancer,pod-network,rbac, or none");
        }

        @Test
        void aZeroBoundIsRefused() {
            assertThatThrownBy(() -> read(Map.of("api-timeout", "0s")))
                    .hasMessage("provider option api-timeout='PT0S' must be a positive duration; use e.g. 30s or 5m");
        }
    }

    @Test
    void theRemovalCommandQuotesWhatTheShellWouldSplit() {
        assertThat(ExistingDown.removalCommand("r1", "my ctx", java.util.Optional.of("/home/j/it's.yaml")))
                .isEqualTo("kubectl delete namespace -l fede2e.io/run-id=r1 --context 'my ctx' --kubeconfig"
                        + " '/home/j/it'\\''s.yaml'");
    }
}
