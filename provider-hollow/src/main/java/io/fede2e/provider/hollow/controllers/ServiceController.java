package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.net.URL;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives Services what the API server's allocators would: a ClusterIP from 10.96.0.0/12 and node
 * ports from 30000-32767, unless the Service has them already or the API server set them. Also
 * creates the default/kubernetes Service that points at the API server.
 */
final class ServiceController implements AutoCloseable {

    static final String COMPONENT = "service-ip-allocator";
    static final String KUBERNETES_SERVICE_IP = "10.96.0.1";
    private static final int RANGE_BASE = (10 << 24) | (96 << 16);
    private static final int RANGE_SIZE = 1 << 20;
    private static final int NODE_PORT_MIN = 30000;
    private static final int NODE_PORT_MAX = 32767;

    private final ControllerContext ctx;
    private final WorkQueue queue;
    private final BitSet usedIps = new BitSet(RANGE_SIZE);
    private final BitSet usedNodePorts = new BitSet(NODE_PORT_MAX + 1);
    private int nextIp = 10;
    private int nextNodePort = NODE_PORT_MIN;

    ServiceController(ControllerContext ctx) {
        this.ctx = ctx;
        this.queue = ctx.queue("services", 1, this::sync);
        synchronized (this) {
            usedIps.set(0);
            usedIps.set(1);
        }
        ctx.informers.services.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service svc) {
                claim(svc, true);
                queue.add(Informers.key(svc));
            }

            @Override
            public void onUpdate(Service oldSvc, Service newSvc) {
                claim(newSvc, true);
                queue.add(Informers.key(newSvc));
            }

            @Override
            public void onDelete(Service svc, boolean unknown) {
                claim(svc, false);
            }
        });
    }

    void start() {
        ensureKubernetesService();
        queue.start();
    }

    private synchronized void claim(Service svc, boolean used) {
        String ip = svc.getSpec() == null ? null : svc.getSpec().getClusterIP();
        int index = index(ip);
        if (index >= 0) {
            usedIps.set(index, used);
        }
        if (svc.getSpec() != null && svc.getSpec().getPorts() != null) {
            for (ServicePort p : svc.getSpec().getPorts()) {
                if (p.getNodePort() != null && p.getNodePort() >= NODE_PORT_MIN && p.getNodePort() <= NODE_PORT_MAX) {
                    usedNodePorts.set(p.getNodePort(), used);
                }
            }
        }
    }

    private static int index(String ip) {
        if (ip == null || ip.isEmpty() || "None".equals(ip)) {
            return -1;
        }
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            return -1;
        }
        try {
            int value = 0;
            for (String part : parts) {
                value = (value << 8) | Integer.parseInt(part);
            }
            int index = value - RANGE_BASE;
            return index >= 0 && index < RANGE_SIZE ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private synchronized String allocateIp() {
        for (int tries = 0; tries < RANGE_SIZE; tries++) {
            int candidate = nextIp;
            nextIp = nextIp + 1 >= RANGE_SIZE - 1 ? 2 : nextIp + 1;
            if (!usedIps.get(candidate)) {
                usedIps.set(candidate);
                int value = RANGE_BASE + candidate;
                return ((value >>> 24) & 255) + "." + ((value >>> 16) & 255) + "." + ((value >>> 8) & 255) + "."
                        + (value & 255);
            }
        }
        throw new IllegalStateException("the service IP range 10.96.0.0/12 is full");
    }

    private synchronized int allocateNodePort() {
        for (int tries = 0; tries <= NODE_PORT_MAX - NODE_PORT_MIN; tries++) {
            int candidate = nextNodePort;
            nextNodePort = nextNodePort == NODE_PORT_MAX ? NODE_PORT_MIN : nextNodePort + 1;
            if (!usedNodePorts.get(candidate)) {
                usedNodePorts.set(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("the node port range 30000-32767 is full");
    }

    private void sync(String key) {
        Service svc = ctx.informers.services.getStore().getByKey(key);
        if (svc == null || svc.getSpec() == null || Pods.isTerminating(svc)) {
            return;
        }
        String type = svc.getSpec().getType() == null ? "ClusterIP" : svc.getSpec().getType();
        if ("ExternalName".equals(type)) {
            return;
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        String ip = svc.getSpec().getClusterIP();
        if (ip == null || ip.isEmpty()) {
            String allocated = allocateIp();
            spec.put("clusterIP", allocated);
            spec.put("clusterIPs", List.of(allocated));
            spec.put("ipFamilies", List.of("IPv4"));
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        if (("NodePort".equals(type) || "LoadBalancer".equals(type)) && svc.getSpec().getPorts() != null) {
            List<Map<String, Object>> ports = new ArrayList<>();
            boolean changed = false;
            for (ServicePort p : svc.getSpec().getPorts()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> port = ctx.client.getKubernetesSerialization().convertValue(p, Map.class);
                if (p.getNodePort() == null || p.getNodePort() == 0) {
                    port.put("nodePort", allocateNodePort());
                    changed = true;
                }
                ports.add(port);
            }
            if (changed) {
                spec.put("ports", ports);
            }
        }
        if (spec.isEmpty()) {
            return;
        }
        try {
            ctx.patch(Service.class, svc.getMetadata().getNamespace(), svc.getMetadata().getName(), Map.of("spec", spec));
            ctx.events.note(COMPONENT + ": Service " + key + " allocated " + spec.keySet().stream()
                    .filter(k -> k.equals("clusterIP") || k.equals("ports")).map(k -> k.equals("ports") ? "node ports"
                            : "clusterIP " + spec.get("clusterIP")).toList());
        } catch (KubernetesClientException e) {
            if (!ControllerContext.isGone(e)) {
                throw e;
            }
        }
    }

    /** default/kubernetes: the Service every cluster has, with the API server as its endpoint. */
    private void ensureKubernetesService() {
        URL master = ctx.client.getMasterUrl();
        int port = master.getPort() > 0 ? master.getPort() : master.getDefaultPort();
        String host = master.getHost();
        try {
            if (ctx.client.services().inNamespace("default").withName("kubernetes").get() == null) {
                synchronized (this) {
                    usedIps.set(index(KUBERNETES_SERVICE_IP));
                }
                Service svc = new ServiceBuilder()
                        .withNewMetadata().withName("kubernetes").withNamespace("default")
                        .withLabels(Map.of("component", "apiserver", "provider", "kubernetes")).endMetadata()
                        .withNewSpec().withType("ClusterIP").withClusterIP(KUBERNETES_SERVICE_IP)
                        .withClusterIPs(KUBERNETES_SERVICE_IP)
                        .addNewPort().withName("https").withPort(443).withProtocol("TCP")
                        .withNewTargetPort(port).endPort()
                        .endSpec()
                        .build();
                ctx.client.services().inNamespace("default").resource(svc).create();
            }
            if (ctx.client.endpoints().inNamespace("default").withName("kubernetes").get() == null) {
                String ip = host.matches("[0-9.]+") ? host : "127.0.0.1";
                Endpoints ep = new EndpointsBuilder()
                        .withNewMetadata().withName("kubernetes").withNamespace("default").endMetadata()
                        .addNewSubset().addNewAddress().withIp(ip).endAddress()
                        .addNewPort().withName("https").withPort(port).withProtocol("TCP").endPort().endSubset()
                        .build();
                ctx.client.endpoints().inNamespace("default").resource(ep).create();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        queue.close();
    }
}
