package io.fede2e.provider.hollow;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ProviderOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The {@code kubemark} provider: hollow nodes registered on a cluster you already have, as Kubemark
 * does. Its kubelets claim to run the pods the target's own scheduler binds to them; the target's
 * controllers do everything else. Like {@code hollow} it offers none of {@code container-runtime},
 * {@code pod-network}, {@code dns} or {@code node-ssh}: nothing really runs on a hollow node.
 */
public final class KubemarkProviderFactory implements ClusterProviderFactory {

    /** The name given to {@code --provider}. */
    public static final String NAME = "kubemark";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Hollow nodes on a cluster you already have (Kubemark): its control plane, kubelets that run nothing";
    }

    @Override
    public List<ProviderOption> options() {
        return KubemarkOptions.ALL;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public ClusterProvider create() {
        return new KubemarkProvider(Clock.systemUTC(), new SecureRandom(), System.getenv("KUBECONFIG"),
                Path.of(System.getProperty("user.home")), Path.of(System.getProperty("java.io.tmpdir")));
    }
}
