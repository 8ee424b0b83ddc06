package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServedApisTests {

    private static final List<String> SLICES = List.of("v1", "v1beta1");

    @Nested
    class Choose {

        @Test
        void theFirstWantedVersionTheClusterServesWins() {
            assertThat(ServedApis.choose(SLICES, List.of("v1beta1", "v1"))).contains("v1");
            assertThat(ServedApis.choose(SLICES, List.of("v1beta1"))).as("Kubernetes 1.20").contains("v1beta1");
        }

        @Test
        void nothingWhenNoWantedVersionIsServed() {
            assertThat(ServedApis.choose(SLICES, List.of("v2alpha1"))).isEmpty();
            assertThat(ServedApis.choose(SLICES, List.of())).isEmpty();
        }
    }

    @Nested
    class SkipReason {

        @Test
        void namesWhatIsNeededAndWhatIsServed() {
            assertThat(ServedApis.skipReason("EndpointSlice", "discovery.k8s.io", SLICES, List.of("v1alpha1")))
                    .isEqualTo("needs EndpointSlice discovery.k8s.io/v1 or discovery.k8s.io/v1beta1, the cluster serves"
                            + " discovery.k8s.io/v1alpha1");
        }

        @Test
        void saysWhenTheGroupIsNotServedAtAll() {
            assertThat(ServedApis.skipReason("CronJob", "batch", List.of("v1"), List.of()))
                    .isEqualTo("needs CronJob batch/v1, the cluster serves no batch API");
        }
    }
}
