package io.fede2e.provider.existing;

import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviders;
import io.fede2e.provider.api.ClusterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The way a user would do it: {@code fede2e up --provider hollow} in one place, then the cluster's
 * kubeconfig handed to {@code --provider existing}. Both providers found by ServiceLoader.
 */
class HollowProviderAsExistingTests {

    @TempDir
    Path home;

    @Test
    void theHollowProvidersClusterIsUsableAsAnExistingOne() {
        var installed = ClusterProviders.installed(getClass().getClassLoader());
        ClusterProvider hollow = ClusterProviders.find(installed, "hollow").orElseThrow().create();
        ClusterProvider existing = ClusterProviders.find(installed, "existing").orElseThrow().create();
        try {
            hollow.up(new ClusterSpec("users-cluster", 2, "v1.33.0", Map.of()));

            existing.up(Fixtures.spec(hollow.kubeconfig(), Map.of("probe-timeout", "2s")));

            assertThat(existing.isUp()).isTrue();
            assertThat(existing.metadata()).containsEntry("node-count", "2")
                    .containsEntry("kubernetes-version", hollow.metadata().getOrDefault("kubernetes-version", "v1.33.0"));
            assertThat(existing.capabilities()).isEmpty();
            existing.down();
            assertThat(existing.isUp()).isFalse();
            assertThat(hollow.isUp()).as("Down of existing leaves the cluster itself alone").isTrue();
        } finally {
            try {
                existing.down();
            } finally {
                hollow.down();
            }
        }
    }
}
