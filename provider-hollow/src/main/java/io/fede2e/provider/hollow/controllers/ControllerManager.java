package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hollow cluster's controller manager, scheduler and kubelets in one: what makes an API
 * server full of objects behave like a cluster.
 *
 * <p>{@link #start} creates the namespaces every cluster has, the hollow nodes and their
 * leases, then starts the controllers on shared informers; {@link #close} stops all of it.
 */
public final class ControllerManager implements AutoCloseable {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> SYSTEM_NAMESPACES =
            List.of("default", "kube-system", "kube-public", HollowNodes.LEASE_NAMESPACE);

    private final EventRecorder events;
    private final ScheduledExecutorService timers;
    private final Informers informers;
    private final List<AutoCloseable> controllers = new ArrayList<>();
    private final HollowNodes nodes;
    private final List<Runnable> starters;
    private final NodePool pool;
    private boolean closed;

    private ControllerManager(KubernetesClient client, HollowSettings settings, NodePool pool) {
        this.pool = pool;
        this.events = new EventRecorder(client, settings.clock(), settings.eventQueueCapacity());
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "hollow-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timers = executor;
        this.informers = new Informers(client, pool);
        ControllerContext ctx = new ControllerContext(client, settings, informers, events, timers);
        PodCidrs cidrs = new PodCidrs();
        this.nodes = new HollowNodes(ctx, cidrs, pool);
        HollowKubelet kubelet = new HollowKubelet(ctx, cidrs, pool.kubeletsOnly() ? nodes::owns : name -> true,
                !pool.kubeletsOnly());
        if (pool.kubeletsOnly()) {
            // The target cluster's own scheduler, controllers and garbage collector do the rest.
            controllers.add(kubelet);
            starters = List.of(kubelet::start);
            return;
        }
        Scheduler scheduler = new Scheduler(ctx);
        ReplicaSetController replicaSets = new ReplicaSetController(ctx);
        DeploymentController deployments = new DeploymentController(ctx);
        JobController jobs = new JobController(ctx);
        DaemonSetController daemonSets = new DaemonSetController(ctx);
        StatefulSetController statefulSets = new StatefulSetController(ctx);
        ServiceController services = new ServiceController(ctx);
        EndpointsController endpoints = new EndpointsController(ctx);
        EndpointSliceController endpointSlices = new EndpointSliceController(ctx);
        // Garbage collection is the API server's (server.GarbageCollection): it sees every kind.
        controllers.addAll(List.of(scheduler, kubelet, replicaSets, deployments, jobs, daemonSets,
                statefulSets, services, endpoints, endpointSlices));
        starters = List.of(scheduler::start, kubelet::start, replicaSets::start, deployments::start,
                jobs::start, daemonSets::start, statefulSets::start, services::start, endpoints::start,
                endpointSlices::start);
    }


    /**
     * Creates the hollow nodes and starts every controller against the API server behind client.
     *
     * @throws IllegalStateException when the API server cannot be reached or refuses the nodes
     */
    public static ControllerManager start(KubernetesClient client, HollowSettings settings) {
        return start(client, settings, NodePool.embedded());
    }

    /**
     * Creates the pool's nodes and starts their kubelets, plus every other controller unless the pool
     * is {@link NodePool#kubeletsOnly() kubelets only}.
     *
     * @throws IllegalStateException when the API server cannot be reached or refuses the nodes; a
     *     kubelets-only pool also when one of its nodes already exists. The nodes created so far are
     *     left for the caller to delete (it knows their labels).
     */
    public static ControllerManager start(KubernetesClient client, HollowSettings settings, NodePool pool) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(pool, "pool");
        ControllerManager manager = new ControllerManager(client, settings, pool);
        try {
            if (!pool.kubeletsOnly()) {
                manager.ensureNamespaces(client);
            }
            manager.informers.start(SYNC_TIMEOUT);
            // Heartbeats first: creating thousands of nodes takes longer than a Lease lasts (40 s), and
            // the first nodes must not go NotReady while the last ones are made.
            manager.nodes.startHeartbeats();
            manager.nodes.createAll();
            manager.starters.forEach(Runnable::run);
            manager.events.note((pool.kubeletsOnly() ? "kubelets started: " : "controllers started: ")
                    + settings.nodeCount() + " nodes");
            return manager;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private void ensureNamespaces(KubernetesClient client) {
        for (String name : SYSTEM_NAMESPACES) {
            Namespace ns = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
            try {
                if (client.namespaces().withName(name).get() == null) {
                    client.namespaces().resource(ns).create();
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw new IllegalStateException("could not create namespace " + name
                            + " on the hollow API server (HTTP " + e.getCode() + "): " + e.getMessage(), e);
                }
            }
        }
    }

    /** Names of the hollow nodes this manager created. */
    public List<String> nodeNames() {
        return nodes.names();
    }

    /** How the nodes' Lease renewals went since the start; late ones are a sign the kubelet side lags. */
    public LeaseStats leaseStats() {
        return nodes.leaseStats();
    }

    /** What the controllers did, oldest first, one line each (for dumpLogs). */
    public List<String> eventLog() {
        return events.lines();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        nodes.close();
        for (int i = controllers.size() - 1; i >= 0; i--) {
            try {
                controllers.get(i).close();
            } catch (Exception e) {
                // Keep closing the rest: a leaked thread is worse than a lost exception here.
            }
        }
        informers.close();
        timers.shutdownNow();
        try {
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
