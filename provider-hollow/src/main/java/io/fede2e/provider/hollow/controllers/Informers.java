package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One informer per kind, shared by every controller: one watch each, fanned out in-process.
 *
 * <p>Each informer carries an "owner" index (uid of the controlling owner) so that a controller
 * finds its dependents without scanning, and pods also a "node" index.
 */
final class Informers implements AutoCloseable {

    static final String OWNER = "owner";
    static final String NODE = "node";
    static final String NAMESPACE = "namespace";

    final SharedIndexInformer<Node> nodes;
    final SharedIndexInformer<Pod> pods;
    final SharedIndexInformer<Namespace> namespaces;
    final SharedIndexInformer<ReplicaSet> replicaSets;
    final SharedIndexInformer<Deployment> deployments;
    final SharedIndexInformer<Job> jobs;
    final SharedIndexInformer<DaemonSet> daemonSets;
    final SharedIndexInformer<StatefulSet> statefulSets;
    final SharedIndexInformer<Service> services;
    final SharedIndexInformer<Endpoints> endpoints;
    final SharedIndexInformer<EndpointSlice> endpointSlices;
    private final Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> all = new LinkedHashMap<>();

    Informers(KubernetesClient client) {
        this(client, NodePool.embedded());
    }

    /**
     * Informers for {@code pool}: every kind the controllers watch, or for a kubelets-only pool just
     * its own nodes (by label) and all pods, the only kinds a kubelet reads; the other fields are null
     * then. A kubelets-only pool must not watch kinds the target may not serve (EndpointSlice v1 on
     * Kubernetes 1.20), nor pay for watches it does not need.
     */
    Informers(KubernetesClient client, NodePool pool) {
        nodes = register(Node.class, pool.kubeletsOnly()
                ? client.nodes().withLabels(pool.labels()).runnableInformer(0)
                : client.nodes().runnableInformer(0));
        pods = register(Pod.class, client.pods().inAnyNamespace().runnableInformer(0));
        pods.addIndexers(Map.of(NODE, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                ? List.of() : List.of(p.getSpec().getNodeName())));
        if (pool.kubeletsOnly()) {
            namespaces = null;
            replicaSets = null;
            deployments = null;
            jobs = null;
            daemonSets = null;
            statefulSets = null;
            services = null;
            endpoints = null;
            endpointSlices = null;
            return;
        }
        namespaces = register(Namespace.class, client.namespaces().runnableInformer(0));
        replicaSets = register(ReplicaSet.class,
                client.apps().replicaSets().inAnyNamespace().runnableInformer(0));
        deployments = register(Deployment.class,
                client.apps().deployments().inAnyNamespace().runnableInformer(0));
        jobs = register(Job.class, client.batch().v1().jobs().inAnyNamespace().runnableInformer(0));
        daemonSets = register(DaemonSet.class,
                client.apps().daemonSets().inAnyNamespace().runnableInformer(0));
        statefulSets = register(StatefulSet.class,
                client.apps().statefulSets().inAnyNamespace().runnableInformer(0));
        services = register(Service.class, client.services().inAnyNamespace().runnableInformer(0));
        endpoints = register(Endpoints.class, client.endpoints().inAnyNamespace().runnableInformer(0));
        endpointSlices = register(EndpointSlice.class,
                client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0));
    }

    private <T extends HasMetadata> SharedIndexInformer<T> register(
            Class<T> type, SharedIndexInformer<T> informer) {
        if (type != Node.class && type != Namespace.class) {
            informer.addIndexers(Map.of(OWNER, Informers::controllerUid));
        }
        all.put(type, informer);
        return informer;
    }

    static List<String> controllerUid(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return List.of();
        }
        for (OwnerReference ref : refs) {
            if (Boolean.TRUE.equals(ref.getController()) && ref.getUid() != null) {
                return List.of(ref.getUid());
            }
        }
        return List.of();
    }

    void start(Duration timeout) {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> informer : all.values()) {
            started.add(informer.start().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the hollow controllers' informers", e);
        } catch (Exception e) {
            throw new IllegalStateException("the hollow controllers' informers did not sync within "
                    + timeout + ": is the API server reachable? " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (SharedIndexInformer<? extends HasMetadata> informer : all.values()) {
            informer.stop();
        }
    }

    static String key(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        return ns == null ? object.getMetadata().getName() : ns + "/" + object.getMetadata().getName();
    }

    /** A handler for deletions only. */
    static <T> ResourceEventHandler<T> onDelete(Consumer<T> consumer) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {}

            @Override
            public void onUpdate(T oldObj, T newObj) {}

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                consumer.accept(obj);
            }
        };
    }

    /** A handler calling one function for add, update and delete: most controllers only need a key. */
    static <T> ResourceEventHandler<T> onAny(Consumer<T> consumer) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                consumer.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                consumer.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                consumer.accept(obj);
            }
        };
    }
}
