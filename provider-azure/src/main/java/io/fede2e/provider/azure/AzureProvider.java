package io.fede2e.provider.azure;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.Janitor;
import io.fede2e.provider.api.Leftover;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.Reattachable;
import io.fede2e.provider.api.SecretSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The azure provider: one run's cluster, kubeadm on VMs or AKS, inside one tagged resource group. */
final class AzureProvider implements ClusterProvider, Reattachable, SecretSource, Janitor {

    private static final Logger LOG = LoggerFactory.getLogger(AzureProvider.class);

    private final AzureSettings settings;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private Cluster cluster;
    private Arm arm;
    private Ssh ssh;
    private Path workDir;
    private boolean up;
    /** Why a reattached AKS provider has no kubeconfig, or {@code null}. */
    private String kubeconfigProblem;
    /** Where Up hands over its state before it creates anything, or {@code null}. */
    private Consumer<Map<String, String>> checkpoint;

    AzureProvider(AzureSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return AzureProviderFactory.NAME;
    }

    @Override
    public void up(ClusterSpec spec) {
        if (cluster != null) {
            throw new IllegalStateException("up was already called on this provider");
        }
        AzureOptions options = AzureOptions.of(spec, settings.env());
        if (settings.credential() == null && Credentials.found(settings.env(), settings.home()).isEmpty()) {
            throw new IllegalArgumentException(Credentials.HINT);
        }
        Cluster c = new Cluster();
        c.subscription = options.subscription();
        c.runId = options.runId();
        c.mode = options.mode();
        c.location = options.location();
        c.vmSize = options.vmSize();
        c.nodes = options.nodes();
        c.kubernetesVersion = options.kubernetesVersion();
        c.keepKey = options.keepKey();
        c.group = AzureUp.groupName(spec.name(), settings.random());
        // From here on Down must delete the group, even if its creation fails half way.
        cluster = c;
        if (checkpoint != null) {
            // Before the group exists: a process killed during Up leaves a state that finds it.
            checkpoint.accept(c.toState());
        }
        try {
            workDir = Files.createTempDirectory("fede2e-azure-");
        } catch (IOException e) {
            throw new ProviderException("cannot create a temporary directory for the kubeconfig: " + e.getMessage(), e);
        }
        arm = Arm.connect(settings, options.subscription());
        new AzureUp(settings, options, arm, c, secrets::add).run(workDir, this::ssh);
        up = true;
    }

    @Override
    public void down() {
        Cluster c = cluster;
        if (c == null) {
            return;
        }
        if (ssh != null) {
            ssh.close();
            ssh = null;
        }
        if (arm == null) {
            arm = Arm.connect(settings, c.subscription);
        }
        AzureDown.deleteGroup(arm, settings, c.group);
        // The group is gone: a second Down has nothing to do, even if the leak check below fails.
        cluster = null;
        up = false;
        deleteWorkFiles(c);
        AzureDown.checkNothingLeft(arm, c.runId);
    }

    private void deleteWorkFiles(Cluster c) {
        try {
            if (c.kubeconfig != null) {
                Files.deleteIfExists(c.kubeconfig);
            }
            if (workDir != null) {
                Files.deleteIfExists(workDir);
            } else if (c.kubeconfig != null && c.kubeconfig.getParent() != null
                    && c.kubeconfig.getParent().getFileName().toString().startsWith("fede2e-azure-")) {
                Files.deleteIfExists(c.kubeconfig.getParent());
            }
        } catch (IOException e) {
            // A stale temporary file holds no cloud resource; the group is what matters.
        }
        workDir = null;
    }

    @Override
    public boolean isUp() {
        return up && cluster != null && cluster.kubeconfig != null && Files.exists(cluster.kubeconfig);
    }

    @Override
    public void dumpLogs(Path dir) {
        Cluster c = cluster;
        if (c == null) {
            return;
        }
        if (c.mode == Mode.AKS) {
            if (c.kubeconfig != null && Files.exists(c.kubeconfig)) {
                AksApi.dump(c.kubeconfig, dir);
            } else if (kubeconfigProblem != null) {
                throw new ProviderException("cannot dump the AKS cluster's logs: " + kubeconfigProblem);
            }
            return;
        }
        AzureLogDump.dumpNodes(c.key == null ? null : ssh(), settings, c, dir);
    }

    @Override
    public Path kubeconfig() {
        return cluster == null ? null : cluster.kubeconfig;
    }

    @Override
    public Set<Capability> capabilities() {
        if (cluster == null) {
            return Set.of();
        }
        return cluster.mode == Mode.AKS ? AzureProviderFactory.AKS_CAPABILITIES
                : AzureProviderFactory.KUBEADM_CAPABILITIES;
    }

    @Override
    public Map<String, String> metadata() {
        Cluster c = cluster;
        if (c == null) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provider", AzureProviderFactory.NAME);
        m.put("region", c.location);
        m.put("node-count", Integer.toString(c.nodes));
        m.put("kubernetes-version", c.kubernetesVersion);
        m.put("vm-size", c.vmSize);
        m.put("mode", c.mode.label());
        m.put("run-id", c.runId);
        m.put("resource-group", c.group);
        return m;
    }

    // ---- Reattachable ----

    @Override
    public Map<String, String> saveState() {
        if (cluster == null) {
            throw new IllegalStateException("nothing to save: up has not created anything");
        }
        return cluster.toState();
    }

    @Override
    public void reattach(Map<String, String> state) {
        Cluster c = Cluster.fromState(state);
        if (c.key != null) {
            secrets.addAll(c.key.secretValues());
        }
        if (c.kubeconfig != null && Files.isRegularFile(c.kubeconfig)) {
            try {
                Kubeconfigs.secrets(Files.readString(c.kubeconfig, StandardCharsets.UTF_8)).forEach(secrets::add);
            } catch (IOException e) {
                throw new ProviderException("cannot read the cluster's kubeconfig " + c.kubeconfig + ": "
                        + e.getMessage(), e);
            }
        }
        arm = Arm.connect(settings, c.subscription);
        cluster = c;
        up = true;
        if (c.mode == Mode.AKS && (c.kubeconfig == null || !Files.isRegularFile(c.kubeconfig))) {
            refetchAksKubeconfig(c);
        }
    }

    /**
     * A fresh agent has not the kubeconfig file the state names: ARM hands the admin kubeconfig out
     * again. A cluster that is gone, or an ARM that does not answer, leaves the provider without a
     * kubeconfig but still able to go Down, which needs only the group.
     */
    private void refetchAksKubeconfig(Cluster c) {
        String missing = c.kubeconfig == null ? "the state names no kubeconfig" : c.kubeconfig + " is missing";
        try {
            String text = AzureUp.aksAdminKubeconfig(arm, c.group).block(settings.armWait());
            Kubeconfigs.secrets(text).forEach(secrets::add);
            workDir = Files.createTempDirectory("fede2e-azure-");
            AzureUp.writeKubeconfig(c, workDir, text);
            LOG.info("Reattach: {}; fetched the AKS cluster's admin kubeconfig again into {}", missing, c.kubeconfig);
        } catch (IOException | RuntimeException e) {
            c.kubeconfig = null;
            kubeconfigProblem = missing + ", and fetching the admin kubeconfig of " + c.group + " from ARM failed: "
                    + (Arm.notFound(e) ? "the cluster is gone" : Arm.describe(e));
            LOG.warn("Reattach: {}; Down still works", kubeconfigProblem);
        }
    }

    /**
     * The state is handed over once, before the resource group is created: Down needs only the
     * subscription and the group, and everything Up creates is inside it.
     */
    @Override
    public void checkpointStateTo(Consumer<Map<String, String>> checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public Optional<String> teardownCommand() {
        return cluster == null ? Optional.empty()
                : Optional.of("az group delete --yes --subscription " + cluster.subscription + " --name " + cluster.group);
    }

    // ---- SecretSource ----

    @Override
    public Set<String> secretValues() {
        return Set.copyOf(secrets);
    }

    // ---- Janitor ----

    @Override
    public List<Leftover> expired(Map<String, String> options, Instant cutoff) {
        return AzureJanitor.expired(janitorArm(options), cutoff);
    }

    @Override
    public void delete(Map<String, String> options, Leftover leftover) {
        AzureJanitor.delete(janitorArm(options), settings, leftover);
    }

    private Arm janitorArm(Map<String, String> options) {
        if (arm == null) {
            // Only the subscription matters to the janitor; the cluster options are checked as for a run.
            ClusterSpec spec = new ClusterSpec("janitor", 1, "v1.33.0", options);
            AzureOptions o = AzureOptions.of(spec, settings.env());
            if (settings.credential() == null && Credentials.found(settings.env(), settings.home()).isEmpty()) {
                throw new IllegalArgumentException(Credentials.HINT);
            }
            arm = Arm.connect(settings, o.subscription());
        }
        return arm;
    }

    // ---- SSH plumbing shared by Up and DumpLogs ----

    private Ssh ssh() {
        if (ssh == null) {
            ssh = ssh(settings, cluster);
        }
        return ssh;
    }

    static Ssh ssh(AzureSettings settings, Cluster cluster) {
        Ssh s = new Ssh(cluster.key.privateKey(), cluster.key.publicKey().getBytes(StandardCharsets.UTF_8),
                cluster.pins, settings.sshWait());
        if (cluster.controlPlane != null) {
            s.controlPlane(target(settings, cluster, cluster.controlPlane));
        }
        return s;
    }

    static Ssh.Target target(AzureSettings settings, Cluster cluster, Cluster.Node node) {
        boolean cp = node.name().equals(Cluster.CONTROL_PLANE);
        return new Ssh.Target(node.name(), cp ? cluster.publicAddress : node.privateAddress(), settings.sshPort(), !cp);
    }

    /** Like {@link AzureUp#parallel}, for work that records its own failures (the log dump). */
    static void parallelQuietly(List<Cluster.Node> nodes, Consumer<Cluster.Node> work) {
        AzureUp.parallel(nodes.stream().sorted(Comparator.comparing(Cluster.Node::name)).toList(), n -> {
            try {
                work.accept(n);
            } catch (RuntimeException e) {
                // Each node's failure is already in its own directory; the others go on.
            }
        });
    }

}
