package io.fede2e.provider.existing;

import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ProviderContractTests;

/**
 * provider-api's contract, kept by the existing provider.
 *
 * <p>The contract expects Down to release the cluster's port; this provider never stops a cluster,
 * the user does. So each provider here comes with a hollow cluster of its own that goes away after
 * the provider's Down, as the user's cluster would after the user is done: the contract then checks
 * that the provider itself (its client, its threads) leaves nothing behind.
 */
class ExistingProviderContractTests extends ProviderContractTests {

    @Override
    protected ClusterProviderFactory factory() {
        return wrapping(new ExistingProviderFactory(), p -> new ProviderWithItsOwnCluster((ExistingProvider) p));
    }
}
