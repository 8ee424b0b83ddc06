package io.fede2e.provider.api;

import io.fede2e.provider.api.fakes.FakeProviderFactory;

/** The contract test run against a fake provider, so that the contract test itself is tested. */
class FakeProviderContractTests extends ProviderContractTests {

    @Override
    protected ClusterProviderFactory factory() {
        return new FakeProviderFactory();
    }
}
