package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ResourceQuota, as the quota controller and the quota admission plugin give it: {@code status.hard}
 * and {@code status.used} kept current in the same write as every change in the namespace, and
 * creations that would exceed a quota refused with 403 ({@code exceeded quota: ...}), pods that do
 * not state a constrained resource too ({@code must specify ...}). Tracked: object counts
 * ({@code pods}, {@code services}, {@code secrets}, {@code configmaps}, {@code replicationcontrollers},
 * {@code resourcequotas}, {@code persistentvolumeclaims}, {@code count/<resource>[.<group>]}), pod
 * requests and limits (cpu, memory, ephemeral-storage, extended resources), service node ports and
 * load balancers, claimed storage (also per storage class), and the scopes Terminating,
 * NotTerminating, BestEffort, NotBestEffort and PriorityClass (scope selectors In, NotIn, Exists,
 * DoesNotExist).
 */
final class Quotas {

    private static final ResourceType QUOTAS = ResourceTypes.find("v1", "resourcequotas").orElseThrow();
    private static final Pattern QUANTITY = Pattern.compile("([+-]?[0-9.]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?");
    private static final LabelSelector EVERYTHING = LabelSelector.parse(null);
    private static final FieldSelector NO_FIELDS = FieldSelector.parse(null);

    private final Store store;
    private boolean syncing;

    Quotas(Store store) {
        this.store = store;
    }

    /**
     * Refuses creating {@code object} in {@code namespace} when a quota there would be exceeded, as
     * the admission plugin does. Call within {@link Store#write}.
     */
    void admit(ResourceType type, String namespace, ObjectNode object) {
        if (namespace.isEmpty() || !hasQuotas(namespace)) {
            return;
        }
        String name = object.path("metadata").path("name").asText();
        for (Store.Entry q : store.list(QUOTAS, namespace, EVERYTHING, NO_FIELDS, null, 0)) {
            ObjectNode quota = q.object();
            if (!matchesScopes(quota, type, object)) {
                continue;
            }
            JsonNode hard = quota.path("spec").path("hard");
            Map<String, BigDecimal> delta = usage(type, object);
            if (type == ResourceTypes.PODS) {
                List<String> missing = new ArrayList<>();
                for (String r : List.of("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
                    if (hard.has(r) && !specifiesForEveryContainer(object, r)) {
                        missing.add(r);
                    }
                }
                if (!missing.isEmpty()) {
                    throw forbidden(type, name, "failed quota: " + q.name + ": must specify " + String.join(",", missing));
                }
            }
            Map<String, BigDecimal> used = used(quota, namespace);
            List<String> requested = new ArrayList<>();
            List<String> usedText = new ArrayList<>();
            List<String> limited = new ArrayList<>();
            new TreeMap<>(fields(hard)).forEach((resource, limitText) -> {
                BigDecimal d = delta.get(resource);
                if (d == null || d.signum() <= 0) {
                    return;
                }
                BigDecimal limit = parse(limitText);
                BigDecimal now = used.getOrDefault(resource, BigDecimal.ZERO);
                if (now.add(d).compareTo(limit) > 0) {
                    requested.add(resource + "=" + format(d));
                    usedText.add(resource + "=" + format(now));
                    limited.add(resource + "=" + limitText);
                }
            });
            if (!requested.isEmpty()) {
                throw forbidden(type, name, "exceeded quota: " + q.name + ", requested: " + String.join(",", requested)
                        + ", used: " + String.join(",", usedText) + ", limited: " + String.join(",", limited));
            }
        }
    }

    /** Brings every quota's status in {@code namespace} up to date. Call within {@link Store#write}, after a change. */
    void sync(ResourceType changed, String namespace) {
        if (syncing || namespace == null || namespace.isEmpty() || !hasQuotas(namespace)) {
            return;
        }
        syncing = true;
        try {
            for (Store.Entry q : store.list(QUOTAS, namespace, EVERYTHING, NO_FIELDS, null, 0)) {
                ObjectNode quota = q.object();
                if (quota.path("metadata").has("deletionTimestamp")) {
                    continue;
                }
                ObjectNode status = JsonNodeFactory.instance.objectNode();
                JsonNode hard = quota.path("spec").path("hard");
                status.set("hard", hard.deepCopy());
                ObjectNode usedNode = status.putObject("used");
                Map<String, BigDecimal> used = used(quota, namespace);
                fields(hard).keySet().stream().sorted().forEach(r -> usedNode.put(r,
                        format(used.getOrDefault(r, BigDecimal.ZERO))));
                if (!status.equals(quota.path("status"))) {
                    quota.set("status", status);
                    store.put(QUOTAS, namespace, q.name, quota);
                }
            }
        } finally {
            syncing = false;
        }
    }

    private boolean hasQuotas(String namespace) {
        return !store.list(QUOTAS, namespace, EVERYTHING, NO_FIELDS, null, 1).isEmpty();
    }

    private Map<String, BigDecimal> used(ObjectNode quota, String namespace) {
        Map<String, BigDecimal> total = new TreeMap<>();
        JsonNode hard = quota.path("spec").path("hard");
        for (ResourceType type : store.types()) {
            if (!type.namespaced() || !tracks(hard, type)) {
                continue;
            }
            for (Store.Entry e : store.list(type, namespace, EVERYTHING, NO_FIELDS, null, 0)) {
                ObjectNode object = e.object();
                if (matchesScopes(quota, type, object)) {
                    usage(type, object).forEach((k, v) -> total.merge(k, v, BigDecimal::add));
                }
            }
        }
        return total;
    }

    /** Whether a quota with these hard limits counts anything of {@code type}. */
    private static boolean tracks(JsonNode hard, ResourceType type) {
        if (hard.has(countName(type))) {
            return true;
        }
        return switch (type.plural()) {
            case "pods" -> true;
            case "services", "secrets", "configmaps", "replicationcontrollers", "resourcequotas" ->
                    fields(hard).keySet().stream().anyMatch(k -> k.startsWith(type.plural()));
            case "persistentvolumeclaims" -> fields(hard).keySet().stream()
                    .anyMatch(k -> k.contains("persistentvolumeclaims") || k.contains("requests.storage"));
            default -> false;
        };
    }

    private static String countName(ResourceType type) {
        return "count/" + type.plural() + (type.group().isEmpty() ? "" : "." + type.group());
    }

    /** What one object uses, by quota resource name. */
    static Map<String, BigDecimal> usage(ResourceType type, JsonNode object) {
        Map<String, BigDecimal> u = new TreeMap<>();
        u.put(countName(type), BigDecimal.ONE);
        switch (type.plural()) {
            case "pods" -> {
                String phase = object.path("status").path("phase").asText("");
                if (phase.equals("Succeeded") || phase.equals("Failed")) {
                    return Map.of();
                }
                u.put("pods", BigDecimal.ONE);
                podResources(object, "requests").forEach((r, v) -> {
                    u.put("requests." + r, v);
                    if (!r.contains("/") && !r.startsWith("hugepages-")) {
                        u.put(r, v);
                    }
                });
                podResources(object, "limits").forEach((r, v) -> {
                    if (!r.contains("/")) {
                        u.put("limits." + r, v);
                    }
                });
            }
            case "services" -> {
                u.put("services", BigDecimal.ONE);
                String t = object.path("spec").path("type").asText("ClusterIP");
                if (t.equals("NodePort") || t.equals("LoadBalancer")) {
                    u.put("services.nodeports", BigDecimal.valueOf(object.path("spec").path("ports").size()));
                }
                if (t.equals("LoadBalancer")) {
                    u.put("services.loadbalancers", BigDecimal.ONE);
                }
            }
            case "persistentvolumeclaims" -> {
                u.put("persistentvolumeclaims", BigDecimal.ONE);
                BigDecimal storage = parse(object.path("spec").path("resources").path("requests").path("storage")
                        .asText("0"));
                u.put("requests.storage", storage);
                String sc = object.path("spec").path("storageClassName").asText("");
                if (!sc.isEmpty()) {
                    u.put(sc + ".storageclass.storage.k8s.io/requests.storage", storage);
                    u.put(sc + ".storageclass.storage.k8s.io/persistentvolumeclaims", BigDecimal.ONE);
                }
            }
            case "secrets", "configmaps", "replicationcontrollers", "resourcequotas" ->
                    u.put(type.plural(), BigDecimal.ONE);
            default -> { }
        }
        return u;
    }

    /** The pod's effective requests or limits: the containers' sum, or the largest init container's if more. */
    private static Map<String, BigDecimal> podResources(JsonNode pod, String kind) {
        Map<String, BigDecimal> sum = new TreeMap<>();
        for (JsonNode c : pod.path("spec").path("containers")) {
            fields(c.path("resources").path(kind)).forEach((r, v) -> sum.merge(r, parse(v), BigDecimal::add));
        }
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            fields(c.path("resources").path(kind)).forEach((r, v) -> sum.merge(r, parse(v), BigDecimal::max));
        }
        return sum;
    }

    private static boolean specifiesForEveryContainer(JsonNode pod, String quotaResource) {
        String kind = quotaResource.startsWith("limits.") ? "limits" : "requests";
        String r = quotaResource.contains(".") ? quotaResource.substring(quotaResource.indexOf('.') + 1) : quotaResource;
        for (JsonNode c : pod.path("spec").path("containers")) {
            if (!c.path("resources").path(kind).has(r)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the quota's scopes select the object; scoped quotas select only pods. */
    private static boolean matchesScopes(ObjectNode quota, ResourceType type, JsonNode object) {
        List<String[]> scopes = new ArrayList<>();
        quota.path("spec").path("scopes").forEach(s -> scopes.add(new String[] {s.asText(), "Exists", null}));
        for (JsonNode e : quota.path("spec").path("scopeSelector").path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            scopes.add(new String[] {e.path("scopeName").asText(), e.path("operator").asText(), String.join("\n", values)});
        }
        if (scopes.isEmpty()) {
            return true;
        }
        if (type != ResourceTypes.PODS) {
            return false;
        }
        JsonNode spec = object.path("spec");
        for (String[] s : scopes) {
            boolean terminating = spec.has("activeDeadlineSeconds") && spec.path("activeDeadlineSeconds").asLong(-1) >= 0;
            boolean bestEffort = podResources(object, "requests").isEmpty() && podResources(object, "limits").isEmpty();
            String pc = spec.path("priorityClassName").asText("");
            List<String> values = s[2] == null || s[2].isEmpty() ? List.of() : List.of(s[2].split("\n"));
            boolean ok = switch (s[0]) {
                case "Terminating" -> terminating == !s[1].equals("DoesNotExist");
                case "NotTerminating" -> !terminating == !s[1].equals("DoesNotExist");
                case "BestEffort" -> bestEffort == !s[1].equals("DoesNotExist");
                case "NotBestEffort" -> !bestEffort == !s[1].equals("DoesNotExist");
                case "PriorityClass" -> switch (s[1]) {
                    case "In" -> values.contains(pc);
                    case "NotIn" -> !values.contains(pc);
                    case "Exists" -> !pc.isEmpty();
                    case "DoesNotExist" -> pc.isEmpty();
                    default -> false;
                };
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static ApiError forbidden(ResourceType type, String name, String why) {
        return new ApiError(403, "Forbidden", type.qualifiedName() + " \"" + name + "\" is forbidden: " + why,
                type.plural(), name);
    }

    private static Map<String, String> fields(JsonNode map) {
        Map<String, String> out = new TreeMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A Kubernetes quantity's value: {@code 500m}, {@code 252Mi}, {@code 1e3}, {@code 2}. */
    static BigDecimal parse(String text) {
        Matcher m = QUANTITY.matcher(text.trim());
        if (!m.matches()) {
            throw ApiError.badRequest("quantity '" + text + "' is not a Kubernetes quantity like 500m, 2Gi or 1.5");
        }
        BigDecimal v = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        if (suffix.startsWith("e") || suffix.startsWith("E") && suffix.length() > 1) {
            return v.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        return switch (suffix) {
            case "n" -> v.scaleByPowerOfTen(-9);
            case "u" -> v.scaleByPowerOfTen(-6);
            case "m" -> v.scaleByPowerOfTen(-3);
            case "k" -> v.scaleByPowerOfTen(3);
            case "M" -> v.scaleByPowerOfTen(6);
            case "G" -> v.scaleByPowerOfTen(9);
            case "T" -> v.scaleByPowerOfTen(12);
            case "P" -> v.scaleByPowerOfTen(15);
            case "E" -> v.scaleByPowerOfTen(18);
            case "Ki" -> v.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> v.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> v.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> v.multiply(BigDecimal.valueOf(1L << 40));
            case "Pi" -> v.multiply(BigDecimal.valueOf(1L << 50));
            case "Ei" -> v.multiply(BigDecimal.valueOf(1L << 60));
            default -> v;
        };
    }

    /** A value as a quantity: an integer as is, else in thousandths ({@code 500m}), rounded up as Kubernetes does. */
    static String format(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() <= 0) {
            return s.toBigInteger().toString();
        }
        return v.scaleByPowerOfTen(3).setScale(0, RoundingMode.CEILING).toBigInteger() + "m";
    }
}
