package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The EndpointSlice controller: discovery.k8s.io/v1 slices for every Service with a selector, one
 * slice per distinct port set and at most 100 endpoints each, owned by the Service.
 */
final class EndpointSliceController implements AutoCloseable {

    static final String COMPONENT = "endpointslice-controller";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGER = "endpointslice-controller.k8s.io";
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final int MAX_ENDPOINTS = 100;

    private final ControllerContext ctx;
    private final WorkQueue queue;

    EndpointSliceController(ControllerContext ctx) {
        this.ctx = ctx;
        this.queue = ctx.queue("endpointslices", 2, this::sync);
        ctx.informers.services.addEventHandler(Informers.onAny(s -> queue.add(Informers.key(s))));
        ctx.informers.pods.addEventHandler(ServiceBackends.podHandler(ctx, queue::add));
        ctx.informers.endpointSlices.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(EndpointSlice slice) {
                for (String uid : Informers.controllerUid(slice)) {
                    pendingCreates.computeIfPresent(uid, (u, n) -> n <= 1 ? null : n - 1);
                }
            }

            @Override
            public void onUpdate(EndpointSlice oldSlice, EndpointSlice newSlice) {}

            @Override
            public void onDelete(EndpointSlice slice, boolean unknown) {
                for (String uid : Informers.controllerUid(slice)) {
                    pendingCreates.remove(uid);
                }
            }
        });
    }

    /** Slices created and not yet seen, per Service uid: generateName would otherwise duplicate them. */
    private final Map<String, Integer> pendingCreates = new java.util.concurrent.ConcurrentHashMap<>();

    void start() {
        queue.start();
    }

    private record Desired(List<EndpointPort> ports, List<Endpoint> endpoints) {}

    private void sync(String key) {
        Service svc = ctx.informers.services.getStore().getByKey(key);
        if (svc == null || !ServiceBackends.managed(svc)) {
            return; // Slices of a deleted Service go with it through their ownerReference.
        }
        if (pendingCreates.containsKey(svc.getMetadata().getUid())) {
            queue.addAfter(key, java.time.Duration.ofMillis(50));
            return;
        }
        List<EndpointSlice> existing = new ArrayList<>();
        for (EndpointSlice s : ctx.informers.endpointSlices.getIndexer().byIndex(Informers.OWNER,
                svc.getMetadata().getUid())) {
            if (s.getMetadata().getLabels() != null && MANAGER.equals(s.getMetadata().getLabels().get(MANAGED_BY))) {
                existing.add(s);
            }
        }
        existing.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        List<Desired> desired = desired(svc);
        String ns = svc.getMetadata().getNamespace();
        for (int i = 0; i < desired.size(); i++) {
            Desired d = desired.get(i);
            if (i < existing.size()) {
                EndpointSlice s = existing.get(i);
                if (Objects.equals(nullIfEmpty(s.getEndpoints()), nullIfEmpty(d.endpoints()))
                        && Objects.equals(nullIfEmpty(s.getPorts()), nullIfEmpty(d.ports()))) {
                    continue;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("endpoints", d.endpoints());
                body.put("ports", d.ports());
                try {
                    ctx.patch(EndpointSlice.class, ns, s.getMetadata().getName(), body);
                } catch (KubernetesClientException e) {
                    if (!ControllerContext.isGone(e)) {
                        throw e;
                    }
                }
            } else {
                EndpointSlice slice = new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withGenerateName(svc.getMetadata().getName() + "-")
                        .withNamespace(ns)
                        .withLabels(Map.of(SERVICE_NAME, svc.getMetadata().getName(), MANAGED_BY, MANAGER))
                        .withOwnerReferences(Pods.ownerRef(svc))
                        .endMetadata()
                        .withAddressType("IPv4")
                        .withEndpoints(d.endpoints())
                        .withPorts(d.ports())
                        .build();
                try {
                    pendingCreates.merge(svc.getMetadata().getUid(), 1, Integer::sum);
                    EndpointSlice created;
                    try {
                        created = ctx.client.discovery().v1().endpointSlices().inNamespace(ns).resource(slice).create();
                    } catch (KubernetesClientException e) {
                        pendingCreates.computeIfPresent(svc.getMetadata().getUid(), (u, n) -> n <= 1 ? null : n - 1);
                        throw e;
                    }
                    ctx.events.note(COMPONENT + ": EndpointSlice " + ns + "/" + created.getMetadata().getName()
                            + " created for Service " + key + " with " + d.endpoints().size() + " endpoints");
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 403 || e.getCode() == 404) {
                        return; // The namespace is going away.
                    }
                    throw e;
                }
            }
        }
        for (int i = desired.size(); i < existing.size(); i++) {
            try {
                ctx.client.discovery().v1().endpointSlices().inNamespace(ns)
                        .withName(existing.get(i).getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (!ControllerContext.isGone(e)) {
                    throw e;
                }
            }
        }
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private List<Desired> desired(Service svc) {
        Map<List<ServiceBackends.Port>, List<Endpoint>> byPorts = new LinkedHashMap<>();
        for (ServiceBackends.Backend b : ServiceBackends.of(ctx, svc)) {
            byPorts.computeIfAbsent(b.ports(), p -> new ArrayList<>()).add(endpoint(b, svc));
        }
        List<Desired> out = new ArrayList<>();
        if (byPorts.isEmpty()) {
            // The real controller keeps one empty placeholder slice per Service.
            out.add(new Desired(List.of(), List.of()));
            return out;
        }
        for (Map.Entry<List<ServiceBackends.Port>, List<Endpoint>> e : byPorts.entrySet()) {
            List<EndpointPort> ports = new ArrayList<>();
            for (ServiceBackends.Port p : e.getKey()) {
                ports.add(new EndpointPortBuilder().withName(p.name()).withPort(p.port()).withProtocol(p.protocol())
                        .withAppProtocol(p.appProtocol()).build());
            }
            List<Endpoint> all = e.getValue();
            for (int from = 0; from < all.size(); from += MAX_ENDPOINTS) {
                out.add(new Desired(ports, all.subList(from, Math.min(all.size(), from + MAX_ENDPOINTS))));
            }
        }
        return out;
    }

    private Endpoint endpoint(ServiceBackends.Backend b, Service svc) {
        Pod pod = b.pod();
        String nodeName = Pods.nodeName(pod);
        Node node = nodeName == null ? null : ctx.informers.nodes.getStore().getByKey(nodeName);
        String zone = node == null || node.getMetadata().getLabels() == null
                ? null : node.getMetadata().getLabels().get("topology.kubernetes.io/zone");
        boolean serving = Pods.isReady(pod);
        return new EndpointBuilder()
                .withAddresses(b.ip())
                .withNewConditions()
                .withReady(b.ready() && !b.terminating())
                .withServing(serving)
                .withTerminating(b.terminating())
                .endConditions()
                .withNodeName(nodeName)
                .withZone(zone)
                .withTargetRef(b.targetRef())
                .withHostname(b.hostname(svc))
                .build();
    }

    @Override
    public void close() {
        queue.close();
    }
}
