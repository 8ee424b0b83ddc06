package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExistingProviderFactoryTests {

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        ClusterProviderFactory found = ClusterProviders.find(ClusterProviders.installed(getClass().getClassLoader()),
                "existing").orElseThrow();

        assertThat(found).isInstanceOf(ExistingProviderFactory.class);
        assertThat(found.create()).isInstanceOf(ExistingProvider.class);
    }

    @Test
    void offersWhatItCanProbe() {
        assertThat(new ExistingProviderFactory().capabilities()).containsExactlyInAnyOrder(Capability.DNS,
                Capability.CONTAINER_RUNTIME, Capability.POD_NETWORK, Capability.RBAC, Capability.LOAD_BALANCER);
    }

    @Test
    void aProviderNotYetUpHasNoKubeconfigNoSecretsAndNoTeardownCommand(@TempDir Path home) {
        ExistingProvider provider = Fixtures.provider(home);

        assertThat(provider.isUp()).isFalse();
        assertThat(provider.capabilities()).isEmpty();
        assertThat(provider.secretValues()).isEmpty();
        assertThat(provider.teardownCommand()).isEmpty();
        assertThat(provider.metadata()).containsOnlyKeys("provider");
        assertThatThrownBy(provider::kubeconfig).isInstanceOf(IllegalStateException.class)
                .hasMessage("provider existing has no cluster yet: call up or reattach first");
    }
}
