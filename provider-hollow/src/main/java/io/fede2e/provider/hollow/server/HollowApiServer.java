package io.fede2e.provider.hollow.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The hollow cluster's API endpoint: an HTTP server on 127.0.0.1 that a standard Kubernetes client
 * reaches through a kubeconfig, with the API server semantics the e2e suite relies on.
 *
 * <p>What the server itself does, so that controllers need not: it refuses creation in a missing (404)
 * or terminating (403) namespace; it finalizes terminating namespaces (deletes their contents, then
 * removes the {@code kubernetes} finalizer); it creates the {@code default} ServiceAccount of each new
 * namespace and the namespaces {@code default}, {@code kube-system}, {@code kube-public} and
 * {@code kube-node-lease} at start. A pod DELETE with a grace period on a pod bound to a node only sets
 * {@code deletionTimestamp} and {@code deletionGracePeriodSeconds}: the hollow kubelet removes the
 * pod with a grace-0 DELETE; unbound or finished pods and grace 0 go at once. It validates what is
 * written ({@link Validation}: 422 Invalid with {@code details.causes}), allocates Service cluster IPs
 * in the create response ({@link ClusterIps}, {@code default/kubernetes} gets the first) and collects
 * garbage through ownerReferences for every kind ({@link GarbageCollection}: background, foreground,
 * orphan).
 */
public final class HollowApiServer implements AutoCloseable {

    /** The Kubernetes version the server reports unless told otherwise. */
    public static final String DEFAULT_VERSION = "v1.33.0";

    /** One answered API call, for latency measurements. */
    public record Call(String verb, String resource, int code, long nanos) {
    }

    private static final int HISTORY_PER_RESOURCE = 20_000;
    private static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    private final ApiHttpServer web;
    private final HollowDispatcher dispatcher;
    private final Store store;
    private final WatchFanout fanout;
    private final GarbageCollection gc;
    private final ScheduledExecutorService finalizer;
    private final KubernetesClient client;
    private final String url;
    private final String version;
    private final Set<String> finalizing = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Call> callListener;
    private volatile boolean closed;

    private HollowApiServer(int port, String version, Clock clock, int history) {
        this.version = version;
        this.store = new Store(history);
        this.fanout = new WatchFanout();
        this.finalizer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hollow-namespace-finalizer");
            t.setDaemon(true);
            return t;
        });
        ObjectOperations ops = new ObjectOperations(store, clock, null, this::scheduleFinalization);
        this.opsRef = ops;
        this.gc = new GarbageCollection(ops);
        this.dispatcher = new HollowDispatcher(ops, fanout, version, clock, () -> { }, call -> {
            Consumer<Call> l = callListener;
            if (l != null) {
                l.accept(new Call(call.verb(), call.resource(), call.code(), call.nanos()));
            }
        });
        try {
            this.web = new ApiHttpServer(InetAddress.getLoopbackAddress(), port, dispatcher);
        } catch (RuntimeException e) {
            stopInternals();
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + rootMessage(e)
                    + "; pick another port or 0 for a free one", e);
        }
        this.url = "http://127.0.0.1:" + web.port();
        for (String ns : SYSTEM_NAMESPACES) {
            var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            body.putObject("metadata").put("name", ns);
            ops.create(ResourceTypes.NAMESPACES, "", body, false);
        }
        ops.create(ClusterIps.SERVICES, "default", ClusterIps.kubernetesService(web.port()), false);
        this.client = newClient();
    }

    /**
     * A new client of this server, which the caller closes. It allows many concurrent requests:
     * controllers and load generators share one connection pool per client.
     */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace("default")
                .withRequestRetryBackoffLimit(2)
                .withMaxConcurrentRequests(512)
                .withMaxConcurrentRequestsPerHost(256)
                // the server is local: a slow answer under load beats a spurious 10 s timeout
                .withRequestTimeout(60_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private final ObjectOperations opsRef;

    /** Starts a server on an ephemeral port of 127.0.0.1. */
    public static HollowApiServer start() {
        return start(0);
    }

    /** Starts a server on {@code port} of 127.0.0.1 (0 picks a free one). */
    public static HollowApiServer start(int port) {
        return start(port, DEFAULT_VERSION);
    }

    /** Starts a server on {@code port} of 127.0.0.1 that reports {@code kubernetesVersion}. */
    public static HollowApiServer start(int port, String kubernetesVersion) {
        return start(port, kubernetesVersion, HISTORY_PER_RESOURCE);
    }

    /** As {@link #start(int, String)}, keeping {@code history} watch events per resource. */
    static HollowApiServer start(int port, String kubernetesVersion, int history) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " must be between 0 and 65535");
        }
        if (kubernetesVersion == null || !kubernetesVersion.matches("v?\\d+\\.\\d+(\\.\\d+)?([-+.][A-Za-z0-9.+-]*)?")) {
            throw new IllegalArgumentException("Kubernetes version '" + kubernetesVersion
                    + "' is not a version like v1.33.0");
        }
        String v = kubernetesVersion.startsWith("v") ? kubernetesVersion : "v" + kubernetesVersion;
        return new HollowApiServer(port, v, Clock.systemUTC(), history);
    }

    /** The server's base URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url;
    }

    /** The port the server listens on. */
    public int port() {
        return web.port();
    }

    /** The Kubernetes version the server reports. */
    public String version() {
        return version;
    }

    /** A client of this server; closed with the server. */
    public KubernetesClient client() {
        return client;
    }

    /** Receives every answered API call from now on (null: none); called on server threads, so keep it quick. */
    public void onCall(Consumer<Call> listener) {
        this.callListener = listener;
    }

    /** How many watches are open, for tests and diagnostics. */
    public int openWatches() {
        return store.watchCount();
    }

    /** Writes a kubeconfig that reaches this server (no credentials: the server needs none), mode 0600. */
    public void writeKubeconfig(Path file) {
        String text = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: hollow\n"
                + "  cluster:\n"
                + "    server: " + url + "\n"
                + "contexts:\n"
                + "- name: hollow\n"
                + "  context:\n"
                + "    cluster: hollow\n"
                + "    user: hollow\n"
                + "    namespace: default\n"
                + "current-context: hollow\n"
                + "preferences: {}\n"
                + "users:\n"
                + "- name: hollow\n"
                + "  user: {}\n";
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // nothing to restrict on this file system
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file + ": " + e.getMessage()
                    + "; check that its directory exists and is writable", e);
        }
    }

    private void scheduleFinalization(String namespace) {
        if (closed || !finalizing.add(namespace)) {
            return;
        }
        finalizer.execute(() -> finalizeLoop(namespace));
    }

    private void finalizeLoop(String namespace) {
        if (closed) {
            return;
        }
        boolean done;
        try {
            done = opsRef.finalizeNamespaceStep(namespace);
        } catch (RuntimeException e) {
            done = false;
        }
        if (done) {
            finalizing.remove(namespace);
        } else if (!closed) {
            // objects with finalizers are still there: look again shortly
            finalizer.schedule(() -> finalizeLoop(namespace), 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the client and the server and every thread they started; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        dispatcher.shutdown();
        web.close();
        stopInternals();
    }

    private void stopInternals() {
        gc.close();
        finalizer.shutdownNow();
        try {
            finalizer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fanout.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
