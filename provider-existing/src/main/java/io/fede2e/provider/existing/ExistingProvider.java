package io.fede2e.provider.existing;

import io.fede2e.redact.Redactor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.Reattachable;
import io.fede2e.provider.api.RunIdLabel;
import io.fede2e.provider.api.SecretSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The {@code existing} provider: a cluster the user already has, reached through a kubeconfig.
 * Up checks it and probes what it can do; Down removes only what the run created.
 *
 * <p>Public for one reason: {@link #secretValues()}, which the runner reads to redact the
 * kubeconfig's credentials from everything it writes.
 */
public final class ExistingProvider implements ClusterProvider, Reattachable, SecretSource {

    private static final Logger LOG = LoggerFactory.getLogger(ExistingProvider.class);

    /** State keys of {@link #saveState()}. */
    static final String STATE_KUBECONFIG = "kubeconfig";
    static final String STATE_CONTEXT = "context";
    static final String STATE_RUN_ID = RunIdLabel.OPTION;
    static final String STATE_CAPABILITIES = "capabilities";

    private final Clock clock;
    private final RandomGenerator random;
    private final String kubeconfigEnv;
    private final Path home;
    private final Path tempRoot;

    private ExistingOptions options;
    private Kubeconfig kubeconfig;
    private Redactor redactor = Redactor.patternsOnly();
    private Set<String> secrets = Set.of();
    private Consumer<Set<String>> declared = s -> { };
    private volatile KubernetesClient client;
    private volatile boolean stopping;
    private volatile boolean up;
    /** Whether Up's checks passed, so that the run may have created namespaces Down must remove. */
    private volatile boolean reached;
    private ClusterFacts facts;
    private List<ProbeOutcome> probes = List.of();
    private Set<Capability> capabilities = Set.of();
    private Path kubeconfigPath;
    private Config clientConfig;
    private Path derivedDir;

    ExistingProvider(Clock clock, RandomGenerator random, String kubeconfigEnv, Path home, Path tempRoot) {
        this.clock = clock;
        this.random = random;
        this.kubeconfigEnv = kubeconfigEnv;
        this.home = home;
        this.tempRoot = tempRoot;
    }

    @Override
    public String name() {
        return ExistingProviderFactory.NAME;
    }

    @Override
    public synchronized void up(ClusterSpec spec) {
        if (up) {
            throw new IllegalStateException("provider existing is already up for run " + options.runId());
        }
        stopping = false;
        try {
            options = ExistingOptions.from(spec, clock, random);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(e.getMessage(), e);
        }
        attach(Kubeconfig.load(options.kubeconfig(), options.context(), kubeconfigEnv, home));
        LOG.info("using cluster at {} (kubeconfig context '{}'), run id {}", kubeconfig.server(),
                redactor.oneLine(kubeconfig.context()), options.runId());
        facts = new ExistingUp(client, options.apiTimeout(), kubeconfig.server(), kubeconfig.context(), redactor).check();
        reached = true;
        LOG.info("cluster {} on {}: {} node(s), {} Ready", facts.gitVersion(), facts.platform(), facts.nodes().size(),
                facts.nodes().stream().filter(ClusterFacts.NodeFacts::ready).count());
        try {
            probes = new Probes(client, options, clock, redactor, () -> stopping).run(Probes.selected(options));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while probing the capabilities of cluster at " + kubeconfig.server());
        }
        capabilities = probes.stream().filter(ProbeOutcome::present).map(ProbeOutcome::capability)
                .collect(Collectors.toCollection(TreeSet::new));
        up = true;
    }

    /** Reads the kubeconfig's client configuration, its secrets, and connects. */
    private void attach(Kubeconfig kc) {
        kubeconfig = kc;
        Config config = kc.clientConfig();
        Set<String> all = new TreeSet<>(kc.secrets());
        addSecret(all, config.getOauthToken());
        addSecret(all, config.getAutoOAuthToken());
        addSecret(all, config.getPassword());
        addSecret(all, config.getClientKeyPassphrase());
        addSecret(all, config.getClientKeyData());
        if (config.getClientKeyData() != null) {
            try {
                addSecret(all, new String(Base64.getMimeDecoder().decode(config.getClientKeyData().strip()),
                        StandardCharsets.UTF_8).strip());
            } catch (IllegalArgumentException e) {
                // Not base64: the raw value is covered.
            }
        }
        secrets = Set.copyOf(all);
        redactor = Redactor.withSecrets(secrets);
        // Before anything is logged: the runner masks them from the console as of now.
        declared.accept(secrets);
        kubeconfigPath = resolveKubeconfigPath(kc);
        clientConfig = config;
        try {
            client = ApiCalls.connect(config, options.apiTimeout());
        } catch (RuntimeException e) {
            // Typically a certificate or key file the kubeconfig names that cannot be read.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ProviderException(redactor.oneLine("cannot set up a client for kubeconfig context '"
                    + kc.context() + "': " + root.getClass().getSimpleName() + ": " + ApiCalls.firstLine(root.getMessage())
                    + "; check the certificate, key and token files the kubeconfig names"), redactor.redact(e.toString()),
                    null);
        }
    }

    private static void addSecret(Set<String> to, String value) {
        if (value != null && !value.isBlank()) {
            to.add(value.strip());
        }
    }

    /**
     * The user's own file when kubectl would pick this context from it; else a file holding only
     * this context, owner-readable, in a directory named after the run (so that another process
     * of the same run finds it, and Down removes it).
     */
    private Path resolveKubeconfigPath(Kubeconfig kc) {
        if (kc.usableAsIs()) {
            return kc.files().get(0);
        }
        derivedDir = tempRoot.resolve("fede2e-existing-" + options.runId());
        Path file = derivedDir.resolve("kubeconfig");
        kc.writeSelected(file);
        return file;
    }

    @Override
    public void down() {
        // Set before taking the lock: a Down from a signal handler stops the probes of a running Up,
        // which then releases the lock within moments instead of after every probe's bound.
        stopping = true;
        synchronized (this) {
            downLocked();
        }
    }

    private void downLocked() {
        if (options == null) {
            return;
        }
        try {
            if (reached) {
                if (client == null) {
                    // A Down that failed before closed its client; this one tries again.
                    client = ApiCalls.connect(clientConfig, options.apiTimeout());
                }
                new ExistingDown(client, options, kubeconfig.context(), kubeconfigFlag(), clock, redactor).run();
                reached = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while removing the namespaces of run " + options.runId()
                    + "; remove them with: " + teardownCommand().orElse("kubectl"));
        } finally {
            up = false;
            closeClient();
            if (!options.keep()) {
                deleteDerived();
            }
        }
    }

    private void closeClient() {
        KubernetesClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }

    private void deleteDerived() {
        if (derivedDir == null) {
            return;
        }
        try {
            Files.deleteIfExists(derivedDir.resolve("kubeconfig"));
            Files.deleteIfExists(derivedDir);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", derivedDir, e.getMessage());
        }
    }

    @Override
    public boolean isUp() {
        KubernetesClient c = client;
        if (!up || c == null) {
            return false;
        }
        try {
            return ApiCalls.bounded(options.apiTimeout(), "fede2e-existing-isup", c::getKubernetesVersion) != null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Override
    public synchronized void dumpLogs(Path dir) {
        if (options == null || client == null) {
            throw new ProviderException("no cluster to dump: Up did not get as far as reaching it");
        }
        new ExistingLogDump(client, options, probes, redactor).write(dir);
    }

    @Override
    public synchronized Path kubeconfig() {
        if (kubeconfigPath == null) {
            throw new IllegalStateException("provider existing has no cluster yet: call up or reattach first");
        }
        return kubeconfigPath;
    }

    @Override
    public synchronized Set<Capability> capabilities() {
        return Set.copyOf(capabilities);
    }

    @Override
    public synchronized Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>();
        m.put("provider", name());
        if (options != null) {
            m.put(RunIdLabel.OPTION, options.runId());
        }
        if (kubeconfig != null) {
            m.put("kube-context", kubeconfig.context());
            m.put("api-server", kubeconfig.server());
        }
        if (facts != null) {
            m.putAll(facts.metadata());
        }
        if (!probes.isEmpty()) {
            m.put("capabilities", capabilities.stream().sorted().map(Capability::name).collect(Collectors.joining(",")));
            probes.forEach(p -> m.put("probe-" + p.capability().name(), p.verdict()));
        }
        m.replaceAll((k, v) -> redactor.oneLine(v));
        return m;
    }

    /**
     * Every credential value of the kubeconfig (tokens, client keys, passwords, exec plugin
     * environment values, auth-provider secrets, token file contents), for the runner to redact
     * from build-log.txt and artifacts. Empty before {@link #up} or {@link #reattach}.
     */
    @Override
    public synchronized Set<String> secretValues() {
        return secrets;
    }

    @Override
    public synchronized void declareSecretsTo(Consumer<Set<String>> declare) {
        declared = java.util.Objects.requireNonNull(declare, "declare");
    }

    /**
     * The command that removes this run's namespaces, for {@code --down=false}; empty before
     * {@link #up} or {@link #reattach}.
     */
    @Override
    public synchronized Optional<String> teardownCommand() {
        if (options == null || kubeconfig == null) {
            return Optional.empty();
        }
        return Optional.of(ExistingDown.removalCommand(options.runId(), kubeconfig.context(), kubeconfigFlag()));
    }

    private Optional<String> kubeconfigFlag() {
        if (kubeconfig == null) {
            return Optional.empty();
        }
        return Optional.of(kubeconfig.files().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
    }

    @Override
    public synchronized Map<String, String> saveState() {
        if (options == null || kubeconfig == null) {
            throw new IllegalStateException("provider existing has no cluster yet: call up first");
        }
        Map<String, String> state = new TreeMap<>();
        state.put(STATE_KUBECONFIG, kubeconfigFlag().orElseThrow());
        state.put(STATE_CONTEXT, kubeconfig.context());
        state.put(STATE_RUN_ID, options.runId());
        state.put(STATE_CAPABILITIES, capabilities.stream().sorted().map(Capability::name)
                .collect(Collectors.joining(",")));
        state.put(ExistingOptions.API_TIMEOUT, options.apiTimeout().toMillis() + "ms");
        state.put(ExistingOptions.DOWN_TIMEOUT, options.downTimeout().toMillis() + "ms");
        state.put(ExistingOptions.KEEP, Boolean.toString(options.keep()));
        return state;
    }

    @Override
    public synchronized void reattach(Map<String, String> state) {
        if (up || client != null) {
            throw new IllegalStateException("provider existing is already attached to run " + options.runId());
        }
        for (String key : List.of(STATE_KUBECONFIG, STATE_CONTEXT, STATE_RUN_ID)) {
            if (state.get(key) == null || state.get(key).isBlank()) {
                throw new ProviderException("the state of provider existing lacks '" + key
                        + "'; run fede2e up again or remove the run's namespaces by hand");
            }
        }
        try {
            options = new ExistingOptions(Optional.empty(), Optional.of(state.get(STATE_CONTEXT)),
                    state.get(STATE_RUN_ID),
                    ExistingOptions.DEFAULT_PROBE_TIMEOUT,
                    duration(state, ExistingOptions.API_TIMEOUT, ExistingOptions.DEFAULT_API_TIMEOUT),
                    duration(state, ExistingOptions.DOWN_TIMEOUT, ExistingOptions.DEFAULT_DOWN_TIMEOUT),
                    false, Boolean.parseBoolean(state.getOrDefault(ExistingOptions.KEEP, "false")),
                    ExistingOptions.DEFAULT_BUSYBOX, ExistingOptions.DEFAULT_AGNHOST, new java.util.TreeSet<>());
        } catch (IllegalArgumentException e) {
            throw new ProviderException("the state of provider existing is not valid (" + e.getMessage()
                    + "); run fede2e up again", e);
        }
        String files = state.get(STATE_KUBECONFIG);
        Kubeconfig kc = files.contains(File.pathSeparator)
                ? Kubeconfig.load(Optional.empty(), options.context(), files, home)
                : Kubeconfig.load(Optional.of(files), options.context(), null, home);
        attach(kc);
        facts = new ExistingUp(client, options.apiTimeout(), kc.server(), kc.context(), redactor).check();
        reached = true;
        capabilities = new TreeSet<>();
        for (String c : state.getOrDefault(STATE_CAPABILITIES, "").split(",")) {
            if (!c.isBlank()) {
                capabilities.add(Capability.of(c.strip()));
            }
        }
        up = true;
    }

    private static Duration duration(Map<String, String> state, String key, Duration fallback) {
        String v = state.get(key);
        return v == null || v.isBlank() ? fallback : ClusterSpec.parseDuration(v.strip());
    }

    /** The probes' outcomes of the last Up, sorted by capability. */
    List<ProbeOutcome> probeOutcomes() {
        return probes.stream().sorted(Comparator.comparing(ProbeOutcome::capability)).toList();
    }

    @Override
    public String toString() {
        // Never the Config: it holds the credentials.
        return "ExistingProvider[" + (options == null ? "not started" : "run " + options.runId()) + "]";
    }
}
