package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.RunIdLabel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** The context of one test: its namespaces, and what it changed that must be undone. */
final class DefaultE2eContext implements E2eContext {

    static final String E2E_LABEL = "fede2e.io/e2e";
    static final String RUN_ID_LABEL = RunIdLabel.KEY;
    static final String TEST_ANNOTATION = "fede2e.io/test";
    /**
     * Pod Security admission (Kubernetes 1.23 and newer) reads this label; clusters that enforce
     * {@code restricted} by default would otherwise refuse the suite's pods. Older clusters ignore it.
     */
    static final String POD_SECURITY_LABEL = "pod-security.kubernetes.io/enforce";
    /** Finalizers tests put on objects to hold them; the extension removes any left at the end. */
    static final String TEST_FINALIZER_PREFIX = "fede2e.io/";
    static final Duration SERVICE_ACCOUNT_TIMEOUT = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final E2eSettings settings;
    private final NamespaceNames names;
    private final String testName;
    private final Clock clock;
    private final Waits.Sleeper sleeper;
    private final BiConsumer<String, String> reporter;
    private final Nodes nodes;
    private final String podSecurity;
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private volatile String namespace;
    private volatile Waits waits;

    DefaultE2eContext(KubernetesClient client, E2eSettings settings, NamespaceNames names,
            String testName, Clock clock, Waits.Sleeper sleeper, BiConsumer<String, String> reporter) {
        this(client, settings, names, testName, clock, sleeper, reporter, false);
    }

    /** As above; {@code privileged} labels the namespaces for privileged pods (see {@link PrivilegedPods}). */
    DefaultE2eContext(KubernetesClient client, E2eSettings settings, NamespaceNames names,
            String testName, Clock clock, Waits.Sleeper sleeper, BiConsumer<String, String> reporter,
            boolean privileged) {
        this.podSecurity = privileged ? "privileged" : "baseline";
        this.client = client;
        this.settings = settings;
        this.names = names;
        this.testName = testName;
        this.clock = clock;
        this.sleeper = sleeper;
        this.reporter = reporter;
        this.nodes = new Nodes(client);
    }

    /** Creates the test's own namespace; separate from the constructor so a failure is cleaned up. */
    void open(String shortName) {
        String ns = createNamespace(shortName);
        this.waits = new Waits(client, ns, clock, sleeper);
        this.namespace = ns;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public Set<Capability> capabilities() {
        return settings.capabilities();
    }

    @Override
    public String provider() {
        return settings.provider().orElse("unknown");
    }

    @Override
    public Optional<Path> artifactsDir() {
        return settings.artifacts();
    }

    @Override
    public Optional<String> configurationParameter(String key) {
        return settings.raw(key);
    }

    @Override
    public int podsPerNode() {
        return settings.podsPerNode();
    }

    @Override
    public String dnsDomain() {
        return settings.dnsDomain();
    }

    @Override
    public Waits waits() {
        return waits;
    }

    @Override
    public Waits waits(String otherNamespace) {
        return new Waits(client, otherNamespace, clock, sleeper);
    }

    @Override
    public Nodes nodes() {
        return nodes;
    }

    @Override
    public void report(String key, String value) {
        reporter.accept(key, value);
    }

    @Override
    public String createNamespace(String shortName) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(E2E_LABEL, "true");
        settings.runId().ifPresent(id -> labels.put(RUN_ID_LABEL, id));
        labels.put(POD_SECURITY_LABEL, podSecurity);
        String name = null;
        for (int attempt = 0; name == null; attempt++) {
            String candidate = names.next(shortName);
            Namespace ns = new NamespaceBuilder().withNewMetadata().withName(candidate).withLabels(labels)
                    .addToAnnotations(TEST_ANNOTATION, Describe.oneLine(testName)).endMetadata().build();
            try {
                client.namespaces().resource(ns).create();
                name = candidate;
            } catch (KubernetesClientException e) {
                // A clash of random suffixes is possible on a busy cluster: draw again, a few times.
                if (e.getCode() != 409 || attempt >= 3) {
                    throw e;
                }
            }
        }
        namespaces.add(name);
        String created = name;
        new Waits(client, created, clock, sleeper).until(
                "service account default not created in namespace " + created
                        + " (the cluster's ServiceAccount controller makes it)",
                SERVICE_ACCOUNT_TIMEOUT,
                () -> client.serviceAccounts().inNamespace(created).withName("default").get(),
                sa -> sa != null, sa -> "not found");
        return created;
    }

    /** Every namespace this test created, the test's own first. */
    List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    /** What cleaning up after a test left: real problems, and namespaces that were slow to go. */
    record Cleanup(List<String> problems, List<String> slowDeletions) {
    }

    /**
     * Undoes node changes, deletes the namespaces and waits, bounded, until they are gone.
     *
     * @return what could not be cleaned up; a namespace still Terminating after the bound is a slow
     *     deletion, not a problem: the cluster finishes it, and the test that passed did pass
     */
    Cleanup cleanUp(Duration deleteTimeout) {
        // A test interrupted by a timeout still gets its cleanup; the flag is restored afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            return cleanUpUninterrupted(deleteTimeout);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Cleanup cleanUpUninterrupted(Duration deleteTimeout) {
        List<String> problems = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        nodes.restoreAll().forEach(m -> problems.add("could not restore a node: " + m));
        for (String ns : namespaces) {
            releaseTestFinalizers(ns, problems);
        }
        for (String ns : namespaces) {
            try {
                client.namespaces().withName(ns).delete();
            } catch (KubernetesClientException e) {
                problems.add("could not delete namespace " + ns + ": " + Describe.oneLine(e.getMessage()));
            }
        }
        for (String ns : namespaces) {
            try {
                waits(ns).until("namespace " + ns + " not deleted", deleteTimeout,
                        () -> client.namespaces().withName(ns).get(), o -> o == null,
                        DefaultE2eContext::describeNamespace);
            } catch (WaitTimeoutException e) {
                slow.add(e.getMessage());
            }
        }
        return new Cleanup(problems, slow);
    }

    /**
     * Removes finalizers named {@code fede2e.io/...} from the namespace's ConfigMaps: tests use them
     * to hold objects, and one left behind by a failed test would keep the namespace forever.
     */
    private void releaseTestFinalizers(String ns, List<String> problems) {
        try {
            for (var cm : client.configMaps().inNamespace(ns).list().getItems()) {
                List<String> finalizers = cm.getMetadata().getFinalizers();
                if (finalizers == null || finalizers.stream().noneMatch(f -> f.startsWith(TEST_FINALIZER_PREFIX))) {
                    continue;
                }
                client.configMaps().inNamespace(ns).withName(cm.getMetadata().getName()).edit(c -> {
                    c.getMetadata().setFinalizers(c.getMetadata().getFinalizers().stream()
                            .filter(f -> !f.startsWith(TEST_FINALIZER_PREFIX)).toList());
                    return c;
                });
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                problems.add("could not release test finalizers in namespace " + ns + ": "
                        + Describe.oneLine(e.getMessage()));
            }
        }
    }

    static String describeNamespace(Namespace ns) {
        var st = ns.getStatus();
        String conditions = st == null || st.getConditions() == null || st.getConditions().isEmpty() ? "none"
                : String.join(", ", st.getConditions().stream()
                        .map(c -> Describe.condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage())).toList());
        return "phase " + (st == null ? "<none>" : st.getPhase()) + ", conditions: " + conditions;
    }
}
