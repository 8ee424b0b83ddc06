package io.fede2e.provider.hollow;

import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderContractTests;
import java.util.Map;

class HollowProviderContractTests extends ProviderContractTests {

    @Override
    protected ClusterProviderFactory factory() {
        return new HollowProviderFactory();
    }

    @Override
    protected ClusterSpec spec() {
        return new ClusterSpec("contract", 2, "v1.33.0", Map.of());
    }
}
