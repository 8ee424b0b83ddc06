package io.fede2e.provider.hollow;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.SecretSource;
import io.fede2e.provider.hollow.controllers.ControllerManager;
import io.fede2e.provider.hollow.controllers.HollowSettings;
import io.fede2e.provider.hollow.controllers.LeaseStats;
import io.fede2e.provider.hollow.controllers.NodePool;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The kubemark provider: Up registers {@code --nodes} hollow nodes on the target cluster and plays
 * their kubelets in this JVM until Down, which removes the run's namespaces and nodes and nothing else.
 *
 * <p>Not {@link io.fede2e.provider.api.Reattachable}: the kubelets live in the process that ran Up, so
 * {@code fede2e up} and {@code fede2e test} in separate processes would leave the nodes without them.
 */
final class KubemarkProvider implements ClusterProvider, SecretSource {

    /** The label every node and namespace of a run carries (the run-id label contract). */
    static final String RUN_ID_LABEL = "fede2e.io/run-id";
    /** The label that marks hollow nodes on a shared cluster. */
    static final String HOLLOW_LABEL = "fede2e.io/hollow";
    static final String LEASE_NAMESPACE = "kube-node-lease";

    private final Clock clock;
    private final RandomGenerator random;
    private final String kubeconfigEnv;
    private final Path home;
    private final Path tempRoot;

    private KubemarkOptions options;
    private KubemarkKubeconfig kubeconfig;
    private Path kubeconfigForTests;
    private Path derivedDir;
    private KubernetesClient client;
    private ControllerManager kubelets;
    private VersionInfo version;
    private Set<String> secrets = Set.of();
    private boolean reached;

    KubemarkProvider(Clock clock, RandomGenerator random, String kubeconfigEnv, Path home, Path tempRoot) {
        this.clock = clock;
        this.random = random;
        this.kubeconfigEnv = kubeconfigEnv;
        this.home = home;
        this.tempRoot = tempRoot;
    }

    @Override
    public String name() {
        return KubemarkProviderFactory.NAME;
    }

    @Override
    public synchronized void up(ClusterSpec spec) {
        if (kubelets != null) {
            throw new ProviderException("kubemark run " + options.runId() + " is already up; call down() before up() again");
        }
        try {
            options = KubemarkOptions.from(spec, clock, random);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(e.getMessage(), e);
        }
        kubeconfig = KubemarkKubeconfig.load(options.kubeconfig(), options.context(), kubeconfigEnv, home);
        Config config = kubeconfig.clientConfig();
        secrets = secretsOf(config);
        config.setRequestTimeout((int) options.apiTimeout().toMillis());
        config.setConnectionTimeout((int) Math.min(options.apiTimeout().toMillis(), 10_000));
        // Up's checks must fail within api-timeout, not after the client's retries with backoff.
        config.setRequestRetryBackoffLimit(0);
        if (client != null) {
            client.close(); // Left by an earlier Up that failed its checks.
        }
        client = new KubernetesClientBuilder().withConfig(config).build();
        String where = where(config);
        version = new KubemarkUp(client, options, where).check();
        reached = true;
        HollowSettings settings = options.settings().withNodeCount(spec.nodeCount());
        if (version.getGitVersion() != null && version.getGitVersion().matches("v\\d+\\.\\d+\\.\\d+([-+][A-Za-z0-9.+-]*)?")) {
            settings = settings.withKubeletVersion(version.getGitVersion());
        }
        NodePool pool = NodePool.onExistingCluster(options.nodePrefix(),
                Map.of(RUN_ID_LABEL, options.runId(), HOLLOW_LABEL, "true"));
        try {
            kubelets = ControllerManager.start(client, settings, pool);
            HollowCluster.awaitNodesReady(client, pool.labels(), spec.nodeCount(), options.readyTimeout());
        } catch (RuntimeException e) {
            // Nothing left behind: the nodes made so far go again, by their run label.
            String cleanup = cleanUp();
            // Our own exceptions say what to do; a client's is reduced to its root cause.
            String why = e instanceof ProviderException || e instanceof IllegalStateException
                    ? KubemarkKubeconfig.firstLine(e.getMessage()) : KubemarkUp.rootMessage(e);
            throw new ProviderException("hollow nodes of run " + options.runId() + " did not start on " + where + ": "
                    + why + (cleanup.isEmpty() ? "" : "; " + cleanup), e);
        }
        if (kubeconfig.usableAsIs()) {
            kubeconfigForTests = kubeconfig.file();
        } else {
            derivedDir = tempRoot.resolve("fede2e-kubemark-" + options.runId());
            kubeconfigForTests = derivedDir.resolve("kubeconfig");
            kubeconfig.writeSelected(kubeconfigForTests);
        }
    }

    /** Down's work after a failed Up; returns what could not be removed, or "" when all went. */
    private String cleanUp() {
        try {
            new KubemarkDown(client, options.runId(), options.downTimeout()).run(kubelets);
            return "";
        } catch (ProviderException e) {
            return e.getMessage();
        } finally {
            kubelets = null;
            reached = false;
        }
    }

    private static String where(Config config) {
        String url = config.getMasterUrl();
        try {
            URI u = URI.create(url);
            // Never the user info: a URL may carry credentials.
            String path = u.getPath() == null || "/".equals(u.getPath()) ? null : u.getPath();
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), path, null, null).toString();
        } catch (Exception e) {
            return "the kubeconfig's server";
        }
    }

    private static Set<String> secretsOf(Config config) {
        Set<String> all = new TreeSet<>();
        for (String v : new String[] {config.getOauthToken(), config.getAutoOAuthToken(), config.getPassword(),
                config.getClientKeyPassphrase(), config.getClientKeyData()}) {
            if (v != null && !v.isBlank()) {
                all.add(v.strip());
            }
        }
        if (config.getClientKeyData() != null) {
            try {
                String pem = new String(Base64.getMimeDecoder().decode(config.getClientKeyData().strip()),
                        StandardCharsets.UTF_8).strip();
                all.add(pem);
                pem.lines().filter(l -> !l.startsWith("-----") && !l.isBlank()).forEach(l -> all.add(l.strip()));
            } catch (IllegalArgumentException e) {
                // Not base64: the raw value is covered.
            }
        }
        return Set.copyOf(all);
    }

    @Override
    public synchronized void down() {
        if (options == null) {
            return;
        }
        try {
            if (reached) {
                new KubemarkDown(client, options.runId(), options.downTimeout()).run(kubelets);
            }
        } finally {
            kubelets = null;
            reached = false;
            if (client != null) {
                client.close();
                client = null;
            }
            if (derivedDir != null) {
                HollowCluster.deleteTree(derivedDir);
                derivedDir = null;
            }
        }
    }

    @Override
    public synchronized boolean isUp() {
        if (kubelets == null || client == null) {
            return false;
        }
        try {
            return client.getKubernetesVersion() != null;
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    @Override
    public synchronized void dumpLogs(Path dir) {
        if (kubelets == null) {
            ClusterDump.writeEventLog(dir, List.of("no hollow nodes are up: nothing to dump"));
            return;
        }
        ClusterDump.writeEventLog(dir, kubelets.eventLog());
        try {
            List<Node> nodes = client.nodes().withLabel(RUN_ID_LABEL, options.runId()).list().getItems();
            StringBuilder yaml = new StringBuilder();
            for (Node n : nodes) {
                yaml.append("---\n").append(client.getKubernetesSerialization().asYaml(n).replaceFirst("^---\n", ""));
            }
            Files.writeString(dir.resolve("kubemark-nodes.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            ClusterDump.writeEventLog(dir, List.of("could not list the hollow nodes: " + KubemarkUp.rootMessage(e)));
        }
    }

    @Override
    public synchronized Path kubeconfig() {
        if (kubeconfigForTests == null) {
            throw new ProviderException("the kubemark nodes are not up: call up() first");
        }
        return kubeconfigForTests;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public synchronized Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>();
        m.put("provider", KubemarkProviderFactory.NAME);
        if (options != null) {
            m.put("run-id", options.runId());
            m.put("node-count", Integer.toString(options.settings().nodeCount()));
        }
        if (kubelets != null) {
            m.put("node-count", Integer.toString(kubelets.nodeNames().size()));
        }
        if (kubeconfig != null) {
            m.put("kube-context", kubeconfig.context());
        }
        if (version != null && version.getGitVersion() != null) {
            m.put("kubernetes-version", version.getGitVersion());
        }
        return m;
    }

    @Override
    public synchronized Set<String> secretValues() {
        return secrets;
    }

    /** How this run's Lease renewals went (late ones: later than the node controller's grace); zeros before Up. */
    synchronized LeaseStats leaseStats() {
        return kubelets == null ? new LeaseStats(0, 0, 0, Duration.ZERO) : kubelets.leaseStats();
    }

    /** Names of this run's hollow nodes; empty before Up. */
    synchronized List<String> nodeNames() {
        return kubelets == null ? List.of() : kubelets.nodeNames();
    }

    @Override
    public String toString() {
        return "KubemarkProvider[" + (options == null ? "not started" : "run " + options.runId()) + "]";
    }
}
