package io.fede2e.provider.existing;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ProviderOption;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code existing} provider (kubetest2's {@code noop} deployer): runs the suite against a
 * cluster the user already has. Registered for {@link java.util.ServiceLoader}.
 */
public final class ExistingProviderFactory implements ClusterProviderFactory {

    static final String NAME = "existing";

    private final Supplier<ExistingProvider> creator;

    /** The factory ServiceLoader uses: real clock, real environment. */
    public ExistingProviderFactory() {
        this(() -> new ExistingProvider(Clock.systemUTC(), new SecureRandom(), System.getenv("KUBECONFIG"),
                Path.of(System.getProperty("user.home")), Path.of(System.getProperty("java.io.tmpdir"))));
    }

    ExistingProviderFactory(Supplier<ExistingProvider> creator) {
        this.creator = creator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a cluster you already have (kubeconfig); capabilities are probed, Down removes only the run's namespaces";
    }

    @Override
    public List<ProviderOption> options() {
        return ExistingOptions.declared();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.DNS, Capability.CONTAINER_RUNTIME, Capability.POD_NETWORK, Capability.RBAC,
                Capability.LOAD_BALANCER);
    }

    @Override
    public ClusterProvider create() {
        return creator.get();
    }
}
