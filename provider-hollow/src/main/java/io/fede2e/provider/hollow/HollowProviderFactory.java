package io.fede2e.provider.hollow;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ProviderOption;
import java.util.List;
import java.util.Set;

/**
 * The {@code hollow} provider: an API server and hollow nodes inside this JVM, with no cloud and no
 * container runtime. It offers none of {@code container-runtime}, {@code pod-network}, {@code dns} or
 * {@code node-ssh}, and not {@code rbac}: the hollow API server authorizes nothing.
 */
public final class HollowProviderFactory implements ClusterProviderFactory {

    /** The name given to {@code --provider}. */
    public static final String NAME = "hollow";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "In-process cluster of hollow nodes (KWOK-like): API semantics and controllers, no containers";
    }

    @Override
    public List<ProviderOption> options() {
        return HollowOptions.ALL;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public ClusterProvider create() {
        return new HollowProvider();
    }
}
