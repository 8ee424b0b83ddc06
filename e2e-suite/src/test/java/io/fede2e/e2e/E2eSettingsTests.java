package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.provider.api.Capability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class E2eSettingsTests {

    static E2eSettings settings(String... pairs) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return new E2eSettings(k -> Optional.ofNullable(map.get(k)));
    }

    @Nested
    class Kubeconfig {

        @TempDir
        Path dir;

        @Test
        void isReturnedWhenTheFileExists() throws Exception {
            Path file = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");

            assertThat(settings("fede2e.kubeconfig", file.toString()).kubeconfig()).isEqualTo(file);
        }

        @Test
        void missingOrBlankIsAOneLineErrorNamingTheParameter() {
            for (E2eSettings s : new E2eSettings[] {settings(), settings("fede2e.kubeconfig", "  ")}) {
                assertThatThrownBy(s::kubeconfig).isInstanceOf(E2eConfigurationException.class)
                        .hasMessageStartingWith("configuration parameter fede2e.kubeconfig is not set")
                        .hasMessageNotContaining("\n");
            }
        }

        @Test
        void aDirectoryIsNotAKubeconfig() {
            assertThatThrownBy(() -> settings("fede2e.kubeconfig", dir.toString()).kubeconfig())
                    .hasMessageContaining("names no readable file");
        }
    }

    @Nested
    class Capabilities {

        @Test
        void absentMeansNone() {
            assertThat(settings().capabilities()).isEmpty();
            assertThat(settings("fede2e.capabilities", " , ").capabilities()).isEmpty();
        }

        @Test
        void commaSeparatedNamesAreTrimmed() {
            assertThat(settings("fede2e.capabilities", "dns, container-runtime,,rbac ").capabilities())
                    .containsExactlyInAnyOrder(Capability.DNS, Capability.CONTAINER_RUNTIME, Capability.RBAC);
        }

        @Test
        void anInvalidNameIsNamedInTheError() {
            assertThatThrownBy(() -> settings("fede2e.capabilities", "dns,Pod Network").capabilities())
                    .isInstanceOf(E2eConfigurationException.class)
                    .hasMessageContaining("fede2e.capabilities").hasMessageContaining("'Pod Network'");
        }
    }

    @Nested
    class Numbers {

        @Test
        void podsPerNodeDefaultsTo30() {
            assertThat(settings().podsPerNode()).isEqualTo(30);
            assertThat(settings("fede2e.density.podsPerNode", "5").podsPerNode()).isEqualTo(5);
        }

        @Test
        void podsPerNodeMustBeAPositiveInteger() {
            for (String bad : new String[] {"0", "-3", "many", "1e3"}) {
                assertThatThrownBy(() -> settings("fede2e.density.podsPerNode", bad).podsPerNode())
                        .hasMessageContaining("fede2e.density.podsPerNode='" + bad + "' is not a positive integer");
            }
        }

        @Test
        void namespaceDeleteTimeoutIsADuration() {
            assertThat(settings().namespaceDeleteTimeout()).isEqualTo(Duration.ofMinutes(3));
            assertThat(settings("fede2e.namespaceDeleteTimeout", "90s").namespaceDeleteTimeout())
                    .isEqualTo(Duration.ofSeconds(90));
            assertThatThrownBy(() -> settings("fede2e.namespaceDeleteTimeout", "soon").namespaceDeleteTimeout())
                    .hasMessageContaining("fede2e.namespaceDeleteTimeout='soon' is not a duration");
        }
    }

    @Nested
    class Labels {

        @Test
        void runIdBecomesAValidLabelValue() {
            assertThat(settings("fede2e.runId", "local-hollow.42").runId()).contains("local-hollow.42");
            assertThat(settings().runId()).isEmpty();
            assertThat(settings("fede2e.runId", "-x-").runId()).contains("x");
            assertThat(settings("fede2e.runId", "a b/ü").runId()).contains("a-b");
            // The end is kept, as the runner keeps it: the build number is there.
            assertThat(settings("fede2e.runId", "j".repeat(70) + "-1").runId()).contains("j".repeat(61) + "-1");
            assertThat(settings("fede2e.runId", "___").runId()).isEmpty();
        }

        @Test
        void dnsDomainIsValidated() {
            assertThat(settings().dnsDomain()).isEqualTo("cluster.local");
            assertThatThrownBy(() -> settings("fede2e.dnsDomain", "evil;rm -rf").dnsDomain())
                    .hasMessageContaining("fede2e.dnsDomain");
        }
    }

    @Test
    void artifactsAndProviderAreOptional() {
        assertThat(settings().artifacts()).isEmpty();
        assertThat(settings().provider()).isEmpty();
        assertThat(settings("fede2e.artifacts", "/tmp/a", "fede2e.provider", "kind").artifacts()).contains(Path.of("/tmp/a"));
    }
}
