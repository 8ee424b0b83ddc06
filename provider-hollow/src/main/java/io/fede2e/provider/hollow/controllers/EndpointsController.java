package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Endpoints controller: for every Service with a selector, an Endpoints object of the same
 * name listing ready pods as addresses and unready ones as notReadyAddresses, grouped into subsets
 * by the ports they serve.
 */
final class EndpointsController implements AutoCloseable {

    static final String COMPONENT = "endpoint-controller";

    private final ControllerContext ctx;
    private final WorkQueue queue;

    EndpointsController(ControllerContext ctx) {
        this.ctx = ctx;
        this.queue = ctx.queue("endpoints", 2, this::sync);
        ctx.informers.services.addEventHandler(Informers.onAny(s -> queue.add(Informers.key(s))));
        ctx.informers.pods.addEventHandler(ServiceBackends.podHandler(ctx, queue::add));
    }

    void start() {
        queue.start();
    }

    private void sync(String key) {
        Service svc = ctx.informers.services.getStore().getByKey(key);
        Endpoints existing = ctx.informers.endpoints.getStore().getByKey(key);
        if (svc == null) {
            if (existing != null && managedBy(existing)) {
                delete(existing);
            }
            return;
        }
        if (!ServiceBackends.managed(svc)) {
            return; // Without a selector the user manages the Endpoints.
        }
        List<EndpointSubset> subsets = subsets(ServiceBackends.of(ctx, svc), svc);
        Map<String, String> labels = new LinkedHashMap<>();
        if (svc.getMetadata().getLabels() != null) {
            labels.putAll(svc.getMetadata().getLabels());
        }
        if ("None".equals(svc.getSpec().getClusterIP())) {
            labels.put("service.kubernetes.io/headless", "");
        }
        if (existing == null) {
            Endpoints ep = new EndpointsBuilder()
                    .withNewMetadata().withName(svc.getMetadata().getName())
                    .withNamespace(svc.getMetadata().getNamespace()).withLabels(labels)
                    .addToAnnotations("endpoints.kubernetes.io/last-change-trigger-time", ctx.now())
                    .endMetadata()
                    .withSubsets(subsets)
                    .build();
            try {
                ctx.client.endpoints().inNamespace(svc.getMetadata().getNamespace()).resource(ep).create();
                ctx.events.note(COMPONENT + ": Endpoints " + key + " created with " + count(subsets) + " addresses");
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    queue.addAfter(key, java.time.Duration.ofMillis(100));
                    return;
                }
                if (e.getCode() == 403 || e.getCode() == 404) {
                    return; // The namespace is going away.
                }
                throw e;
            }
            return;
        }
        List<EndpointSubset> current = existing.getSubsets() == null ? List.of() : existing.getSubsets();
        Map<String, String> existingLabels = existing.getMetadata().getLabels() == null
                ? Map.of() : existing.getMetadata().getLabels();
        if (Objects.equals(current, subsets) && existingLabels.equals(labels)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metadata", Map.of("labels", labels,
                "annotations", Map.of("endpoints.kubernetes.io/last-change-trigger-time", ctx.now())));
        body.put("subsets", subsets);
        try {
            ctx.patch(Endpoints.class, svc.getMetadata().getNamespace(), svc.getMetadata().getName(), body);
        } catch (KubernetesClientException e) {
            if (!ControllerContext.isGone(e)) {
                throw e;
            }
        }
    }

    private static boolean managedBy(Endpoints ep) {
        return ep.getMetadata().getAnnotations() != null
                && ep.getMetadata().getAnnotations().containsKey("endpoints.kubernetes.io/last-change-trigger-time");
    }

    private void delete(Endpoints ep) {
        try {
            ctx.client.endpoints().inNamespace(ep.getMetadata().getNamespace()).withName(ep.getMetadata().getName())
                    .delete();
        } catch (KubernetesClientException e) {
            if (!ControllerContext.isGone(e)) {
                throw e;
            }
        }
    }

    static List<EndpointSubset> subsets(List<ServiceBackends.Backend> backends, Service svc) {
        Map<List<ServiceBackends.Port>, List<ServiceBackends.Backend>> byPorts = new LinkedHashMap<>();
        for (ServiceBackends.Backend b : backends) {
            if (b.terminating() && !Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses())) {
                continue;
            }
            byPorts.computeIfAbsent(b.ports(), p -> new ArrayList<>()).add(b);
        }
        List<EndpointSubset> subsets = new ArrayList<>();
        for (Map.Entry<List<ServiceBackends.Port>, List<ServiceBackends.Backend>> e : byPorts.entrySet()) {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            for (ServiceBackends.Backend b : e.getValue()) {
                (b.ready() ? ready : notReady).add(address(b, svc));
            }
            List<EndpointPort> ports = new ArrayList<>();
            for (ServiceBackends.Port p : e.getKey()) {
                ports.add(new EndpointPortBuilder().withName(p.name()).withPort(p.port()).withProtocol(p.protocol())
                        .withAppProtocol(p.appProtocol()).build());
            }
            subsets.add(new EndpointSubsetBuilder()
                    .withAddresses(ready.isEmpty() ? null : ready)
                    .withNotReadyAddresses(notReady.isEmpty() ? null : notReady)
                    .withPorts(ports.isEmpty() ? null : ports)
                    .build());
        }
        return subsets;
    }

    private static EndpointAddress address(ServiceBackends.Backend b, Service svc) {
        return new EndpointAddressBuilder()
                .withIp(b.ip())
                .withNodeName(Pods.nodeName(b.pod()))
                .withTargetRef(b.targetRef())
                .withHostname(b.hostname(svc))
                .build();
    }

    private static int count(List<EndpointSubset> subsets) {
        int n = 0;
        for (EndpointSubset s : subsets) {
            n += s.getAddresses() == null ? 0 : s.getAddresses().size();
        }
        return n;
    }

    @Override
    public void close() {
        queue.close();
    }
}
