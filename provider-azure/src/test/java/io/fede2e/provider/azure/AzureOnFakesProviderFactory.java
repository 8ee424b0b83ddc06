package io.fede2e.provider.azure;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import java.util.List;
import java.util.Set;

/**
 * The azure provider, unchanged, pointed at a {@link KubeadmWorld} of loopback fakes: for the
 * runner's tests, which register it as provider {@value #NAME} in their own
 * {@code META-INF/services} (this module's tests do not). It has a name of its own because the
 * class path also holds the real {@code azure}, which talks to the Azure public cloud; the runner
 * creates factories through ServiceLoader, so the world the next run talks to is set with
 * {@link #use}.
 */
public final class AzureOnFakesProviderFactory implements ClusterProviderFactory {

    public static final String NAME = "azure-fakes";

    private static volatile KubeadmWorld world;

    /** Runs until the returned handle is closed talk to {@code fakes}. */
    public static AutoCloseable use(KubeadmWorld fakes) {
        world = fakes;
        return () -> world = null;
    }

    private static AzureProviderFactory real() {
        KubeadmWorld w = world;
        if (w == null) {
            throw new IllegalStateException(NAME + ": no fakes to talk to; call AzureOnFakesProviderFactory.use first");
        }
        return new AzureProviderFactory(w::settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The azure provider on loopback fakes of ARM and the VMs (tests only)";
    }

    @Override
    public List<ProviderOption> options() {
        return new AzureProviderFactory().options();
    }

    @Override
    public Set<Capability> capabilities() {
        return new AzureProviderFactory().capabilities();
    }

    @Override
    public void preflight(ClusterSpec spec) {
        real().preflight(spec);
    }

    @Override
    public ClusterProvider create() {
        return real().create();
    }
}
