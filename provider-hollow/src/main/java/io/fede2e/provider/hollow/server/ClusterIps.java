package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The API server's Service cluster IP allocator over 10.96.0.0/12: a Service gets its cluster IP in
 * the create response, as from the real API server, unique among live Services; {@code None} (headless)
 * and ExternalName Services get none; a requested IP is honoured when free and in range. The first IP
 * of the range belongs to {@code default/kubernetes}.
 *
 * <p>The IPs in use are read from the stored Services at each allocation (within the store's write
 * lock), so a deleted Service frees its IP without bookkeeping that could drift from the store.
 */
final class ClusterIps {

    static final ResourceType SERVICES = ResourceTypes.find("v1", "services").orElseThrow();
    /** 10.96.0.0 as an int. */
    static final int RANGE_BASE = (10 << 24) | (96 << 16);
    /** A /12: 2^20 addresses. */
    static final int RANGE_SIZE = 1 << 20;
    /** 10.96.0.1, the first usable address, which the kubernetes Service gets. */
    static final String KUBERNETES_SERVICE_IP = ip(1);
    private static final String RANGE = "10.96.0.0/12";

    /** Where the next search starts, so that a freed IP is not handed out again at once. */
    private int next = 2;

    /** Sets spec.clusterIP and spec.clusterIPs of a Service about to be created; call within the store's write lock. */
    void allocate(Store store, ObjectNode service, String name) {
        ObjectNode spec = service.with("spec");
        if ("ExternalName".equals(spec.path("type").asText())) {
            return;
        }
        if (spec.path("ipFamilies").size() == 0) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (spec.path("ipFamilyPolicy").asText("").isEmpty()) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        String requested = spec.path("clusterIP").asText("");
        if (requested.isEmpty()) {
            JsonNode ips = spec.path("clusterIPs");
            requested = ips.size() > 0 ? ips.get(0).asText("") : "";
        }
        if (requested.equals("None")) {
            set(spec, "None");
            return;
        }
        Set<Integer> used = used(store);
        if (!requested.isEmpty()) {
            int index = index(requested);
            if (index <= 0 || index >= RANGE_SIZE - 1) {
                throw ApiError.invalid(SERVICES, name, List.of("spec.clusterIPs: Invalid value: []string{\"" + requested
                        + "\"}: failed to allocate IP " + requested + ": the provided IP (" + requested
                        + ") is not in the valid range. The range of valid IPs is " + RANGE));
            }
            if (used.contains(index)) {
                throw ApiError.invalid(SERVICES, name, List.of("spec.clusterIPs: Invalid value: []string{\"" + requested
                        + "\"}: failed to allocate IP " + requested + ": provided IP is already allocated"));
            }
            set(spec, ip(index));
            return;
        }
        for (int tries = 0; tries < RANGE_SIZE; tries++) {
            int candidate = next;
            next = next + 1 >= RANGE_SIZE - 1 ? 2 : next + 1;
            if (!used.contains(candidate)) {
                set(spec, ip(candidate));
                return;
            }
        }
        throw ApiError.invalid(SERVICES, name, List.of("spec.clusterIPs: Internal error: range " + RANGE + " is full"));
    }

    /**
     * Keeps an update from dropping or changing the cluster IP: a blank one keeps the stored IP, another
     * is refused as the real API server refuses changing an immutable field.
     */
    static void keep(ObjectNode old, ObjectNode next, String name) {
        String was = old.path("spec").path("clusterIP").asText("");
        if (was.isEmpty()) {
            return;
        }
        ObjectNode spec = next.with("spec");
        String now = spec.path("clusterIP").asText("");
        if (now.isEmpty()) {
            spec.put("clusterIP", was);
            spec.set("clusterIPs", old.path("spec").path("clusterIPs").deepCopy());
        } else if (!now.equals(was) && !"ExternalName".equals(spec.path("type").asText())) {
            throw ApiError.invalid(SERVICES, name, List.of("spec.clusterIPs[0]: Invalid value: []string{\"" + now
                    + "\"}: may not change once set"));
        }
    }

    /** default/kubernetes, the Service every cluster has, pointing at the API server's {@code port}. */
    static ObjectNode kubernetesService(int port) {
        ObjectNode svc = JsonNodeFactory.instance.objectNode();
        ObjectNode meta = svc.putObject("metadata");
        meta.put("name", "kubernetes");
        meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP");
        set(spec, KUBERNETES_SERVICE_IP);
        spec.putArray("ports").addObject().put("name", "https").put("protocol", "TCP").put("port", 443)
                .put("targetPort", port);
        spec.put("sessionAffinity", "None");
        return svc;
    }

    private static void set(ObjectNode spec, String ip) {
        spec.put("clusterIP", ip);
        spec.set("clusterIPs", JsonNodeFactory.instance.arrayNode().add(ip));
    }

    private static Set<Integer> used(Store store) {
        Set<Integer> used = new HashSet<>();
        for (Store.Entry e : store.all(SERVICES)) {
            int index = index(e.object().path("spec").path("clusterIP").asText(""));
            if (index >= 0) {
                used.add(index);
            }
        }
        return used;
    }

    /** The offset of {@code ip} in the range, or -1 when it is no IPv4 address in it. */
    static int index(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
                return -1;
            }
            value = (value << 8) | Integer.parseInt(part);
        }
        long index = value - (RANGE_BASE & 0xffffffffL);
        return index >= 0 && index < RANGE_SIZE ? (int) index : -1;
    }

    static String ip(int index) {
        int value = RANGE_BASE + index;
        return ((value >>> 24) & 255) + "." + ((value >>> 16) & 255) + "." + ((value >>> 8) & 255) + "." + (value & 255);
    }
}
