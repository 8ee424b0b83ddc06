package io.fede2e.provider.azure;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The {@code azure} provider: Kubernetes on Azure for the nightly e2e run, built with kubeadm on
 * Ubuntu VMs over SSH ({@code mode=kubeadm}, the default) or as an AKS cluster ({@code mode=aks}),
 * inside one tagged resource group per run that Down deletes and the janitor finds.
 *
 * <p>This class touches no Azure SDK or JSch type, so that listing providers and starting other
 * commands never loads them: only {@link #create()}'s provider does.
 */
public final class AzureProviderFactory implements ClusterProviderFactory {

    static final String NAME = "azure";

    private final Supplier<AzureSettings> settings;

    static final Set<Capability> KUBEADM_CAPABILITIES = Set.of(Capability.CONTAINER_RUNTIME, Capability.POD_NETWORK,
            Capability.DNS, Capability.RBAC, Capability.NODE_SSH);
    static final Set<Capability> AKS_CAPABILITIES = Set.of(Capability.CONTAINER_RUNTIME, Capability.POD_NETWORK,
            Capability.DNS, Capability.RBAC, Capability.LOAD_BALANCER);

    /** The factory ServiceLoader finds: the real Azure public cloud, its settings made only when needed. */
    public AzureProviderFactory() {
        this(null);
    }

    /** Tests: ARM and the VMs on loopback fakes. */
    AzureProviderFactory(Supplier<AzureSettings> settings) {
        this.settings = settings;
    }

    private AzureSettings settings() {
        return settings == null ? AzureSettings.azure() : settings.get();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Kubernetes on Azure: kubeadm on Ubuntu VMs over SSH, or AKS; one tagged resource group per run, "
                + "with a janitor";
    }

    @Override
    public List<ProviderOption> options() {
        return List.of(
                ProviderOption.of("subscription", "Azure subscription id (default: AZURE_SUBSCRIPTION_ID)", null),
                ProviderOption.of("location", "Azure region", AzureOptions.DEFAULT_LOCATION),
                ProviderOption.of("vm-size", "VM size of every node", AzureOptions.DEFAULT_VM_SIZE),
                ProviderOption.of("image", "VM image, publisher:offer:sku:version (kubeadm mode)",
                        AzureOptions.DEFAULT_IMAGE),
                ProviderOption.of("ttl", "how long the resource group may live before fede2e janitor deletes it", "6h"),
                ProviderOption.of("mode", "kubeadm (VMs over SSH) or aks", Mode.KUBEADM.label()),
                ProviderOption.of("ssh-source-cidr",
                        "who may reach SSH and the API server (default: this machine's public address/32)", null),
                ProviderOption.of("keep-key", "keep the run's SSH private key in the state file, so that "
                        + "fede2e dump-logs works from another process", "false"),
                ProviderOption.of("run-id", "the run id tagged on every resource (default: the runner's)", null));
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> all = new TreeSet<>(KUBEADM_CAPABILITIES);
        all.addAll(AKS_CAPABILITIES);
        return Set.copyOf(all);
    }

    /** Options and credentials, before anything is created: no network call. */
    @Override
    public void preflight(ClusterSpec spec) {
        AzureSettings s = settings();
        if (s.credential() == null && Credentials.found(s.env(), s.home()).isEmpty()) {
            throw new IllegalArgumentException(Credentials.HINT);
        }
        AzureOptions.of(spec, s.env());
    }

    @Override
    public ClusterProvider create() {
        return new AzureProvider(settings());
    }
}
