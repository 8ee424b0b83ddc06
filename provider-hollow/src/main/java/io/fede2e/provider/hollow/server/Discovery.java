package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents as a real API server gives them, so that kubectl resolves {@code ns},
 * {@code deploy}, {@code all} and friends: the legacy ones ({@code /api}, {@code /apis},
 * {@code /apis/<group>}, {@code /api/v1}, {@code /apis/<group>/<version>}) and the aggregated one
 * ({@code apidiscovery.k8s.io/v2} {@code APIGroupDiscoveryList}) that kubectl 1.26 and newer ask for
 * first. Short names, categories and verbs are those of the Kubernetes 1.33 API for each kind.
 */
final class Discovery {

    /** A discovery answer: its media type and JSON text. */
    record Document(String contentType, String json) {
    }

    static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    static final String AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");
    /** Kinds without deletecollection in the real API. */
    private static final List<String> NO_DELETE_COLLECTION = List.of("v1/namespaces", "v1/services");
    private static final Map<String, List<String>> SHORT_NAMES = Map.ofEntries(
            Map.entry("v1/pods", List.of("po")), Map.entry("v1/services", List.of("svc")),
            Map.entry("v1/replicationcontrollers", List.of("rc")), Map.entry("v1/configmaps", List.of("cm")),
            Map.entry("v1/endpoints", List.of("ep")), Map.entry("v1/events", List.of("ev")),
            Map.entry("v1/limitranges", List.of("limits")), Map.entry("v1/namespaces", List.of("ns")),
            Map.entry("v1/nodes", List.of("no")), Map.entry("v1/persistentvolumeclaims", List.of("pvc")),
            Map.entry("v1/persistentvolumes", List.of("pv")), Map.entry("v1/resourcequotas", List.of("quota")),
            Map.entry("v1/serviceaccounts", List.of("sa")), Map.entry("apps/v1/deployments", List.of("deploy")),
            Map.entry("apps/v1/replicasets", List.of("rs")), Map.entry("apps/v1/statefulsets", List.of("sts")),
            Map.entry("apps/v1/daemonsets", List.of("ds")), Map.entry("batch/v1/cronjobs", List.of("cj")),
            Map.entry("events.k8s.io/v1/events", List.of("ev")),
            Map.entry("networking.k8s.io/v1/networkpolicies", List.of("netpol")),
            Map.entry("networking.k8s.io/v1/ingresses", List.of("ing")),
            Map.entry("policy/v1/poddisruptionbudgets", List.of("pdb")),
            Map.entry("autoscaling/v2/horizontalpodautoscalers", List.of("hpa")),
            Map.entry("scheduling.k8s.io/v1/priorityclasses", List.of("pc")),
            Map.entry("storage.k8s.io/v1/storageclasses", List.of("sc")),
            Map.entry("apiextensions.k8s.io/v1/customresourcedefinitions", List.of("crd", "crds")));
    /** The kinds in the {@code all} category, as {@code kubectl get all} lists them. */
    private static final List<String> CATEGORY_ALL = List.of("v1/pods", "v1/services", "v1/replicationcontrollers",
            "apps/v1/deployments", "apps/v1/replicasets", "apps/v1/statefulsets", "apps/v1/daemonsets",
            "batch/v1/jobs", "batch/v1/cronjobs", "autoscaling/v2/horizontalpodautoscalers");

    private final String gitVersion;
    private final CustomResources customs;

    Discovery(String gitVersion, CustomResources customs) {
        this.gitVersion = gitVersion;
        this.customs = customs;
    }

    /** The built-in group versions, then those that CRDs serve now. */
    private Map<String, List<ResourceType>> byGroupVersion() {
        Map<String, List<ResourceType>> custom = customs.byGroupVersion();
        if (custom.isEmpty()) {
            return ResourceTypes.byGroupVersion();
        }
        Map<String, List<ResourceType>> all = new LinkedHashMap<>(ResourceTypes.byGroupVersion());
        custom.forEach((gv, types) -> all.merge(gv, types, (a, b) -> {
            List<ResourceType> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return all;
    }

    private List<String> shortNamesOf(ResourceType t) {
        return customs.of(t).map(CustomResources.Definition::shortNames).orElseGet(() -> shortNames(t));
    }

    private List<String> categoriesOf(ResourceType t) {
        return customs.of(t).map(CustomResources.Definition::categories).orElseGet(() -> categories(t));
    }

    private String singularOf(ResourceType t) {
        return customs.of(t).map(CustomResources.Definition::singular).orElseGet(t::singular);
    }

    /** The document at {@code path} in the form {@code accept} asks for, or empty when there is none. */
    Optional<Document> answer(String path, String accept) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        String aggregated = aggregatedType(accept);
        switch (p) {
            case "/version" -> {
                return json(versionJson());
            }
            case "/api" -> {
                return aggregated != null ? Optional.of(new Document(aggregated, aggregatedList(true, aggregated)))
                        : json(apiVersions());
            }
            case "/apis" -> {
                return aggregated != null ? Optional.of(new Document(aggregated, aggregatedList(false, aggregated)))
                        : json(groupList());
            }
            case "/api/v1" -> {
                return json(resourceList("v1", byGroupVersion().get("v1")).toString());
            }
            default -> {
                if (!p.startsWith("/apis/")) {
                    return Optional.empty();
                }
                String[] parts = p.substring(6).split("/");
                Map<String, List<String>> groups = groupsByName();
                if (parts.length == 1 && groups.containsKey(parts[0])) {
                    return json(groupJson(parts[0], groups.get(parts[0])).toString());
                }
                if (parts.length == 2) {
                    List<ResourceType> types = byGroupVersion().get(parts[0] + "/" + parts[1]);
                    if (types != null) {
                        return json(resourceList(parts[0] + "/" + parts[1], types).toString());
                    }
                }
                return Optional.empty();
            }
        }
    }

    /** The short names of a kind ({@code deploy} for deployments), empty if it has none. */
    static List<String> shortNames(ResourceType t) {
        return SHORT_NAMES.getOrDefault(t.apiVersion() + "/" + t.plural(), List.of());
    }

    /** The categories of a kind ({@code all}), empty if it has none. */
    static List<String> categories(ResourceType t) {
        return CATEGORY_ALL.contains(t.apiVersion() + "/" + t.plural()) ? List.of("all") : List.of();
    }

    /** The verbs the server answers for a kind. */
    static List<String> verbs(ResourceType t) {
        if (NO_DELETE_COLLECTION.contains(t.apiVersion() + "/" + t.plural())) {
            return ALL_VERBS.stream().filter(v -> !v.equals("deletecollection")).toList();
        }
        return ALL_VERBS;
    }

    /** The aggregated media type a client asks for first, or null when it wants the legacy documents. */
    private static String aggregatedType(String accept) {
        if (accept == null) {
            return null;
        }
        for (String part : accept.split(",")) {
            String compact = part.replace(" ", "");
            if (compact.contains("g=apidiscovery.k8s.io") && compact.contains("as=APIGroupDiscoveryList")) {
                if (compact.contains("v=v2beta1")) {
                    return AGGREGATED_V2BETA1;
                }
                if (compact.contains("v=v2")) {
                    return AGGREGATED_V2;
                }
            }
        }
        return null;
    }

    private static Optional<Document> json(String text) {
        return Optional.of(new Document("application/json", text));
    }

    private static String apiVersions() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ObjectNode addr = n.putArray("serverAddressByClientCIDRs").addObject();
        addr.put("clientCIDR", "0.0.0.0/0");
        addr.put("serverAddress", "127.0.0.1");
        return n.toString();
    }

    private String groupList() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        groupsByName().forEach((group, versions) -> groups.add(groupJson(group, versions)));
        return n.toString();
    }

    private String aggregatedList(boolean core, String mediaType) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "APIGroupDiscoveryList");
        n.put("apiVersion", mediaType.equals(AGGREGATED_V2) ? "apidiscovery.k8s.io/v2" : "apidiscovery.k8s.io/v2beta1");
        n.putObject("metadata");
        ArrayNode items = n.putArray("items");
        Map<String, List<String>> groups = new LinkedHashMap<>();
        if (core) {
            groups.put("", List.of("v1"));
        } else {
            groups.putAll(groupsByName());
        }
        groups.forEach((group, versions) -> {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!group.isEmpty()) {
                meta.put("name", group);
            }
            ArrayNode vs = item.putArray("versions");
            for (String version : versions) {
                ObjectNode v = vs.addObject();
                v.put("version", version);
                ArrayNode resources = v.putArray("resources");
                for (ResourceType t : byGroupVersion().get(group.isEmpty() ? version : group + "/" + version)) {
                    resources.add(aggregatedResource(t));
                }
                v.put("freshness", "Current");
            }
        });
        return n.toString();
    }

    private ObjectNode aggregatedResource(ResourceType t) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("resource", t.plural());
        ObjectNode kind = r.putObject("responseKind");
        kind.put("group", t.group());
        kind.put("version", t.version());
        kind.put("kind", t.kind());
        r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
        r.put("singularResource", singularOf(t));
        ArrayNode verbs = r.putArray("verbs");
        verbs(t).forEach(verbs::add);
        if (!shortNamesOf(t).isEmpty()) {
            ArrayNode sn = r.putArray("shortNames");
            shortNamesOf(t).forEach(sn::add);
        }
        if (!categoriesOf(t).isEmpty()) {
            ArrayNode cs = r.putArray("categories");
            categoriesOf(t).forEach(cs::add);
        }
        List<String> subs = subresources(t);
        if (!subs.isEmpty()) {
            ArrayNode sr = r.putArray("subresources");
            for (String sub : subs) {
                ObjectNode s = sr.addObject();
                s.put("subresource", sub);
                ObjectNode k = s.putObject("responseKind");
                String[] gvk = subresourceKind(t, sub);
                k.put("group", gvk[0]);
                k.put("version", gvk[1]);
                k.put("kind", gvk[2]);
                ArrayNode sv = s.putArray("verbs");
                subresourceVerbs(sub).forEach(sv::add);
            }
        }
        return r;
    }

    private static List<String> subresources(ResourceType t) {
        List<String> subs = new ArrayList<>(t.subresources());
        if (t.statusSubresource()) {
            subs.add(0, "status");
        }
        return subs;
    }

    private static String[] subresourceKind(ResourceType t, String sub) {
        return switch (sub) {
            case "scale" -> new String[] {"autoscaling", "v1", "Scale"};
            case "binding" -> new String[] {"", "v1", "Binding"};
            case "eviction" -> new String[] {"policy", "v1", "Eviction"};
            default -> new String[] {t.group(), t.version(), t.kind()};
        };
    }

    private static List<String> subresourceVerbs(String sub) {
        return switch (sub) {
            case "binding", "eviction" -> List.of("create");
            case "finalize" -> List.of("update");
            default -> List.of("get", "patch", "update");
        };
    }

    private Map<String, List<String>> groupsByName() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        byGroupVersion().forEach((gv, types) -> {
            ResourceType t = types.get(0);
            if (!t.group().isEmpty()) {
                groups.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t.version());
            }
        });
        return groups;
    }

    private static ObjectNode groupJson(String group, List<String> versions) {
        ObjectNode g = JsonNodeFactory.instance.objectNode();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", group);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
        }
        g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
        return g;
    }

    private ObjectNode resourceList(String groupVersion, List<ResourceType> types) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", groupVersion);
        ArrayNode resources = n.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", singularOf(t));
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            verbs(t).forEach(verbs::add);
            if (!shortNamesOf(t).isEmpty()) {
                ArrayNode sn = r.putArray("shortNames");
                shortNamesOf(t).forEach(sn::add);
            }
            if (!categoriesOf(t).isEmpty()) {
                ArrayNode cs = r.putArray("categories");
                categoriesOf(t).forEach(cs::add);
            }
            for (String sub : subresources(t)) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                String[] gvk = subresourceKind(t, sub);
                if (!gvk[0].equals(t.group())) {
                    s.put("group", gvk[0]);
                    s.put("version", gvk[1]);
                }
                s.put("kind", gvk[2]);
                ArrayNode sv = s.putArray("verbs");
                subresourceVerbs(sub).forEach(sv::add);
            }
        }
        return n;
    }

    private String versionJson() {
        String v = gitVersion.startsWith("v") ? gitVersion.substring(1) : gitVersion;
        String[] parts = v.split("[.+-]");
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("major", parts.length > 0 ? parts[0] : "1");
        n.put("minor", parts.length > 1 ? parts[1] : "0");
        n.put("gitVersion", gitVersion);
        n.put("gitCommit", "hollow");
        n.put("gitTreeState", "clean");
        n.put("buildDate", "1970-01-01T00:00:00Z");
        n.put("goVersion", "none");
        n.put("compiler", "hollow");
        n.put("platform", "linux/amd64");
        return n.toString();
    }
}
