package io.fede2e.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Up, a look at the cluster, and Down on real Azure: about 15 minutes and $0.10. Skipped unless
 * AZURE_SUBSCRIPTION_ID is set (with credentials as the README says).
 */
class AzureLiveTests {

    @TempDir
    Path artifacts;

    @Test
    void upAnswersAndDownLeavesNothing() throws Exception {
        String subscription = System.getenv("AZURE_SUBSCRIPTION_ID");
        Assumptions.assumeTrue(subscription != null && !subscription.isBlank(),
                "AZURE_SUBSCRIPTION_ID is not set: the live test on real Azure was not run (see provider-azure/README.md)");
        ClusterProvider provider = new AzureProviderFactory().create();
        try {
            provider.up(new ClusterSpec("fede2e-live-" + (System.currentTimeMillis() % 100000), 1, "v1.33.0",
                    Map.of("ttl", "2h", "vm-size", System.getenv().getOrDefault("FEDE2E_AZURE_VM_SIZE",
                            AzureOptions.DEFAULT_VM_SIZE))));
            try (KubernetesClient client = AksApi.client(provider.kubeconfig())) {
                assertThat(client.nodes().list().getItems()).hasSize(2).allSatisfy(n -> assertThat(AksApi.ready(n)).isTrue());
            }
            provider.dumpLogs(artifacts);
            assertThat(artifacts.resolve("nodes/control-plane/kubelet.log")).isNotEmptyFile();
        } finally {
            provider.down();
        }
    }
}
