package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The hollow nodes: creates the Node objects and renews each node's Lease in kube-node-lease.
 *
 * <p>{@link LeaseRenewals} decides when each Lease is renewed (spread over the interval, asynchronous,
 * so that the renewals keep up with any node count and API latency); this class says how.
 */
final class HollowNodes implements AutoCloseable {

    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final int LEASE_DURATION_SECONDS = 40;
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final ControllerContext ctx;
    private final PodCidrs cidrs;
    private final NodePool pool;
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> indexes = new ConcurrentHashMap<>();
    /** Nodes whose status is being posted again, so that a burst of updates posts it once. */
    private final Set<String> reposting = ConcurrentHashMap.newKeySet();
    private final LeaseRenewals renewals;
    /** Creates nodes and posts statuses again; the renewals need no thread of their own. */
    private final ExecutorService writers;

    HollowNodes(ControllerContext ctx, PodCidrs cidrs, NodePool pool) {
        this.ctx = ctx;
        this.cidrs = cidrs;
        this.pool = pool;
        this.writers = Executors.newFixedThreadPool(Math.max(2, Math.min(8, ctx.settings.workerThreads())),
                r -> {
                    Thread t = new Thread(r, "hollow-node-writer");
                    t.setDaemon(true);
                    return t;
                });
        this.renewals = new LeaseRenewals(ctx.clock, ctx.settings.leaseHeartbeatInterval(),
                Duration.ofSeconds(LEASE_DURATION_SECONDS), this::renewAsync);
        if (pool.kubeletsOnly()) {
            ctx.informers.nodes.addEventHandler(Informers.onAny(this::repostIfMarkedDown));
        }
    }

    /**
     * A real control plane's node lifecycle controller marks a node whose Lease ran out Unknown, and only
     * the kubelet sets it Ready again, by posting its status, as a real kubelet does when the status it
     * would post differs from the stored one. Without this a node that missed its Lease once (a starved
     * machine) would stay NotReady and tainted for the rest of the run.
     */
    private void repostIfMarkedDown(Node node) {
        String name = node.getMetadata().getName();
        Integer index = indexes.get(name);
        if (index == null || node.getMetadata().getDeletionTimestamp() != null || node.getStatus() == null
                || node.getStatus().getConditions() == null) {
            return;
        }
        boolean markedDown = node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && !"True".equals(c.getStatus()));
        if (!markedDown || !reposting.add(name)) {
            return;
        }
        try {
            writers.execute(() -> {
                try {
                    ctx.patchStatus(Node.class, null, name, status(name, index));
                    ctx.events.note("kubelet " + name + ": posted Ready again after the node was marked down");
                } catch (RuntimeException e) {
                    // The next update of the node tries again.
                } finally {
                    reposting.remove(name);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            reposting.remove(name);
        }
    }

    /** Whether {@code node} is one of this pool's nodes, whose pods its kubelets run. */
    boolean owns(String node) {
        return owned.contains(node);
    }

    /** How the renewals went so far: late, skipped turns, most in flight, slowest write. */
    LeaseStats leaseStats() {
        return new LeaseStats(renewals.late(), renewals.skipped(), renewals.maxInFlight(), renewals.maxLatency());
    }

    /** Creates the nodes (or adopts ones left by an earlier manager) and their leases. */
    void createAll() {
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 1; i <= ctx.settings.nodeCount(); i++) {
            String name = pool.nodeName(i);
            int index = i;
            names.add(name);
            owned.add(name);
            indexes.put(name, index);
            pending.add(writers.submit(() -> createNode(name, index)));
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating hollow nodes", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("could not create hollow node: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
        ctx.events.note("created " + ctx.settings.nodeCount() + " hollow nodes");
    }

    /** Starts renewing; each node joins once its Lease exists, so this may come before {@link #createAll}. */
    void startHeartbeats() {
        renewals.start(ctx.timers);
    }

    private void createNode(String name, int index) {
        Node node = build(name, index);
        Node created;
        try {
            created = ctx.client.nodes().resource(node).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            if (pool.kubeletsOnly()) {
                // On a shared cluster a node of that name is someone else's: never play its kubelet.
                throw new IllegalStateException("node " + name + " already exists on the cluster; "
                        + "use another run id or delete the node of the earlier run", e);
            }
            created = ctx.client.nodes().withName(name).get();
        }
        ctx.patchStatus(Node.class, null, name, status(name, index));
        Lease lease = new LeaseBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(LEASE_NAMESPACE)
                .addNewOwnerReference()
                .withApiVersion("v1").withKind("Node").withName(name)
                .withUid(created == null ? null : created.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(name)
                .withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
                .withRenewTime(microNow())
                .endSpec()
                .build();
        try {
            ctx.client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            ctx.patch(Lease.class, LEASE_NAMESPACE, name, renewal());
        }
        renewals.add(name);
    }

    private java.time.ZonedDateTime microNow() {
        return ctx.clock.instant().truncatedTo(ChronoUnit.MICROS).atZone(java.time.ZoneOffset.UTC);
    }

    Node build(String name, int index) {
        String zone = "hollow-zone-" + (char) ('a' + (index - 1) % 3);
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels(name, zone))
                .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0"))
                .endMetadata()
                .withNewSpec()
                .withPodCIDR(cidrs.cidrOf(name))
                .withPodCIDRs(cidrs.cidrOf(name))
                .withProviderID("hollow://" + name)
                .endSpec()
                .build();
    }

    private Map<String, String> labels(String name, String zone) {
        Map<String, String> labels = new TreeMap<>(Map.of(
                "kubernetes.io/hostname", name,
                "kubernetes.io/os", "linux",
                "kubernetes.io/arch", "amd64",
                "beta.kubernetes.io/os", "linux",
                "beta.kubernetes.io/arch", "amd64",
                "node.kubernetes.io/instance-type", "hollow",
                "topology.kubernetes.io/zone", zone,
                "topology.kubernetes.io/region", "hollow",
                "type", "hollow"));
        labels.putAll(pool.labels());
        return labels;
    }

    NodeStatus status(String name, int index) {
        HollowSettings s = ctx.settings;
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(s.nodeCpu()),
                "memory", new Quantity(s.nodeMemory()),
                "pods", new Quantity(Integer.toString(s.maxPodsPerNode())),
                "ephemeral-storage", new Quantity("100Gi"),
                "hugepages-2Mi", new Quantity("0"));
        String now = ctx.now();
        String internalIp = "172.18." + ((index / 250) % 256) + "." + (index % 250 + 2);
        UUID id = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                "kubelet has sufficient memory available", now),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                                "kubelet has no disk pressure", now),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID",
                                "kubelet has sufficient PID available", now),
                        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now))
                .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withOsImage("Hollow Linux (fede2e)")
                .withKernelVersion("6.1.0-hollow")
                .withContainerRuntimeVersion("hollow://1.0.0")
                .withKubeletVersion(ctx.settings.kubeletVersion())
                .withKubeProxyVersion(ctx.settings.kubeletVersion())
                .withMachineID(id.toString().replace("-", ""))
                .withSystemUUID(id.toString())
                .withBootID(UUID.nameUUIDFromBytes(("boot-" + name).getBytes(StandardCharsets.UTF_8)).toString())
                .endNodeInfo()
                .build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message,
            String now) {
        return new NodeConditionBuilder()
                .withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(now)
                .build();
    }

    /**
     * One renewal, not waited for: false when the node is gone (deleted by a test: a node that is gone
     * has no kubelet heartbeating), and a Lease deleted under a live node is created again.
     */
    private CompletableFuture<Boolean> renewAsync(String name) {
        if (ctx.informers.nodes.getStore().getByKey(name) == null) {
            return CompletableFuture.completedFuture(false);
        }
        return ctx.raw.mergePatchAsync(RawApi.path(Lease.class, LEASE_NAMESPACE, name, null), renewal())
                .thenApply(code -> true)
                .exceptionallyCompose(e -> {
                    Throwable cause = e instanceof CompletionException c ? c.getCause() : e;
                    if (cause instanceof KubernetesClientException k && k.getCode() == 404) {
                        return ctx.raw.postAsync(RawApi.collection(Lease.class, LEASE_NAMESPACE),
                                ctx.json(leaseOnly(name))).thenApply(code -> true);
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private String renewal() {
        return "{\"spec\":{\"renewTime\":\"" + MICRO_TIME.format(ctx.clock.instant()) + "\"}}";
    }

    private Lease leaseOnly(String name) {
        return new LeaseBuilder()
                .withNewMetadata().withName(name).withNamespace(LEASE_NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
                .withRenewTime(microNow()).endSpec()
                .build();
    }

    List<String> names() {
        return List.copyOf(names);
    }

    static Instant parse(String time) {
        return time == null ? null : Instant.parse(time);
    }

    @Override
    public void close() {
        renewals.close();
        writers.shutdownNow();
        try {
            writers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
