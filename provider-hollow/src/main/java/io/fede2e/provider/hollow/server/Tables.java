package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for, with the
 * columns the Kubernetes API server's printers give each kind (names, types and which are
 * {@code -o wide} only, priority 1), cells computed as those printers compute them.
 */
final class Tables {

    /** One column: its header, type, and the cell of an object. */
    private record Column(String name, String type, int priority, String description, Function<JsonNode, Object> cell) {
    }

    private static final String NONE = "<none>";

    private final Clock clock;
    private final CustomResources customs;

    Tables(Clock clock, CustomResources customs) {
        this.clock = clock;
        this.customs = customs;
    }

    /** Whether an Accept header asks for a Table (kubectl get does, with JSON as the fallback). */
    static boolean wanted(String accept) {
        return accept != null && accept.replace(" ", "").contains("as=Table")
                && accept.replace(" ", "").contains("g=meta.k8s.io");
    }

    /**
     * The Table of {@code objects}. {@code includeObject} is the request's parameter: {@code Object}
     * puts each whole object in its row, {@code None} nothing, anything else its metadata only.
     */
    String render(ResourceType type, List<JsonNode> objects, String resourceVersion, String continueToken,
            String includeObject) {
        List<Column> columns = columns(type);
        ObjectNode table = JsonNodeFactory.instance.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        meta.put("resourceVersion", resourceVersion);
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode defs = table.putArray("columnDefinitions");
        for (Column c : columns) {
            ObjectNode d = defs.addObject();
            d.put("name", c.name());
            d.put("type", c.type().equals("name") || c.type().equals("date") ? "string" : c.type());
            d.put("format", c.type().equals("name") ? "name" : c.type().equals("date") ? "date" : "");
            d.put("description", c.description());
            d.put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Column c : columns) {
                Object v = c.cell().apply(o);
                if (v instanceof Number n) {
                    cells.add(n.longValue());
                } else {
                    cells.add(String.valueOf(v));
                }
            }
            if ("Object".equals(includeObject)) {
                row.set("object", o);
            } else if (!"None".equals(includeObject)) {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", o.path("metadata"));
            }
        }
        return table.toString();
    }

    private List<Column> columns(ResourceType t) {
        Column name = new Column("Name", "name", 0, "Name must be unique within a namespace.",
                o -> o.path("metadata").path("name").asText());
        Column age = new Column("Age", "string", 0, "CreationTimestamp is a timestamp representing the server time "
                + "when this object was created.", o -> age(o.path("metadata").path("creationTimestamp").asText("")));
        Column containers = new Column("Containers", "string", 1, "Names of each container in the template.",
                o -> join(o.path("spec").path("template").path("spec").path("containers"), "name"));
        Column images = new Column("Images", "string", 1, "Images referenced by each container in the template.",
                o -> join(o.path("spec").path("template").path("spec").path("containers"), "image"));
        Column selector = new Column("Selector", "string", 1, "Label selector for pods.",
                o -> labelSelector(o.path("spec").path("selector")));
        var custom = customs.of(t);
        if (custom.isPresent()) {
            return customColumns(name, age, custom.get().printerColumns());
        }
        String key = t.apiVersion() + "/" + t.plural();
        return switch (key) {
            case "v1/pods" -> List.of(name,
                    new Column("Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic.",
                            Tables::podReady),
                    new Column("Status", "string", 0, "The aggregate status of the containers in this pod.",
                            Tables::podStatus),
                    new Column("Restarts", "string", 0, "The number of times the containers in this pod have been "
                            + "restarted and when the last container in this pod has restarted.", Tables::podRestarts),
                    age,
                    new Column("IP", "string", 1, "IP address allocated to the pod.",
                            o -> orNone(o.path("status").path("podIP").asText(""))),
                    new Column("Node", "string", 1, "Name of the node the pod is assigned to.",
                            o -> orNone(o.path("spec").path("nodeName").asText(""))),
                    new Column("Nominated Node", "string", 1, "Name of the node the pod is nominated to, if any.",
                            o -> orNone(o.path("status").path("nominatedNodeName").asText(""))),
                    new Column("Readiness Gates", "string", 1, "The readiness gates of the pod.",
                            Tables::readinessGates));
            case "v1/nodes" -> List.of(name,
                    new Column("Status", "string", 0, "The status of the node", Tables::nodeStatus),
                    new Column("Roles", "string", 0, "The roles of the node", Tables::nodeRoles),
                    age,
                    new Column("Version", "string", 0, "Kubelet Version reported by the node.",
                            o -> o.path("status").path("nodeInfo").path("kubeletVersion").asText("")),
                    new Column("Internal-IP", "string", 1, "List of internal IPs in the node.",
                            o -> address(o, "InternalIP")),
                    new Column("External-IP", "string", 1, "List of external IPs in the node.",
                            o -> address(o, "ExternalIP")),
                    new Column("OS-Image", "string", 1, "OS image reported by the node.",
                            o -> orUnknown(o.path("status").path("nodeInfo").path("osImage").asText(""))),
                    new Column("Kernel-Version", "string", 1, "Kernel version reported by the node.",
                            o -> orUnknown(o.path("status").path("nodeInfo").path("kernelVersion").asText(""))),
                    new Column("Container-Runtime", "string", 1, "Container runtime reported by the node.",
                            o -> orUnknown(o.path("status").path("nodeInfo").path("containerRuntimeVersion").asText(""))));
            case "v1/namespaces" -> List.of(name,
                    new Column("Status", "string", 0, "The status of the namespace",
                            o -> o.path("status").path("phase").asText("Active")),
                    age);
            case "apps/v1/deployments" -> List.of(name,
                    new Column("Ready", "string", 0, "Number of the pod with ready state",
                            o -> o.path("status").path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1)),
                    new Column("Up-to-date", "integer", 0, "Total number of non-terminated pods targeted by this "
                            + "deployment that have the desired template spec.",
                            o -> o.path("status").path("updatedReplicas").asLong(0)),
                    new Column("Available", "integer", 0, "Total number of available pods (ready for at least "
                            + "minReadySeconds) targeted by this deployment.",
                            o -> o.path("status").path("availableReplicas").asLong(0)),
                    age, containers, images, selector);
            case "apps/v1/replicasets", "v1/replicationcontrollers" -> List.of(name,
                    new Column("Desired", "integer", 0, "Replicas is the number of desired replicas.",
                            o -> o.path("spec").path("replicas").asLong(1)),
                    new Column("Current", "integer", 0, "Replicas is the most recently observed number of replicas.",
                            o -> o.path("status").path("replicas").asLong(0)),
                    new Column("Ready", "integer", 0, "The number of ready replicas for this replica set.",
                            o -> o.path("status").path("readyReplicas").asLong(0)),
                    age, containers, images,
                    key.startsWith("v1/") ? new Column("Selector", "string", 1, "Label selector for pods.",
                            o -> mapSelector(o.path("spec").path("selector"))) : selector);
            case "apps/v1/statefulsets" -> List.of(name,
                    new Column("Ready", "string", 0, "Number of the pod with ready state",
                            o -> o.path("status").path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1)),
                    age, containers, images);
            case "apps/v1/daemonsets" -> List.of(name,
                    new Column("Desired", "integer", 0, "The total number of nodes that should be running the daemon pod.",
                            o -> o.path("status").path("desiredNumberScheduled").asLong(0)),
                    new Column("Current", "integer", 0, "The number of nodes that are running at least 1 daemon pod.",
                            o -> o.path("status").path("currentNumberScheduled").asLong(0)),
                    new Column("Ready", "integer", 0, "The number of nodes that should be running the daemon pod and "
                            + "have one or more of the daemon pod running and ready.",
                            o -> o.path("status").path("numberReady").asLong(0)),
                    new Column("Up-to-date", "integer", 0, "The total number of nodes that are running updated daemon pod",
                            o -> o.path("status").path("updatedNumberScheduled").asLong(0)),
                    new Column("Available", "integer", 0, "The number of nodes that should be running the daemon pod "
                            + "and have one or more of the daemon pod running and available.",
                            o -> o.path("status").path("numberAvailable").asLong(0)),
                    new Column("Node Selector", "string", 0, "NodeSelector is a selector which must be true for the "
                            + "pod to fit on a node.", o -> keyValues(o.path("spec").path("template").path("spec")
                            .path("nodeSelector"))),
                    age, containers, images, selector);
            case "batch/v1/jobs" -> List.of(name,
                    new Column("Status", "string", 0, "Status of the job.", Tables::jobStatus),
                    new Column("Completions", "string", 0, "The completion status of the job.",
                            o -> o.path("status").path("succeeded").asInt(0) + "/"
                                    + o.path("spec").path("completions").asText("1")),
                    new Column("Duration", "string", 0, "Time required to complete the job.", this::jobDuration),
                    age, containers, images, selector);
            case "v1/services" -> List.of(name,
                    new Column("Type", "string", 0, "The type of the service.",
                            o -> o.path("spec").path("type").asText("ClusterIP")),
                    new Column("Cluster-IP", "string", 0, "The cluster IP of the service.",
                            o -> orNone(o.path("spec").path("clusterIP").asText(""))),
                    new Column("External-IP", "string", 0, "The external IP of the service.", Tables::externalIps),
                    new Column("Port(s)", "string", 0, "The ports of the service.", Tables::servicePorts),
                    age,
                    new Column("Selector", "string", 1, "Label selector for pods.",
                            o -> mapSelector(o.path("spec").path("selector"))));
            case "v1/serviceaccounts" -> List.of(name,
                    new Column("Secrets", "string", 0, "Secrets is the list of secrets allowed to be used by pods "
                            + "running using this ServiceAccount.", o -> (long) o.path("secrets").size()),
                    age);
            case "v1/configmaps" -> List.of(name,
                    new Column("Data", "integer", 0, "Data contains the configuration data.",
                            o -> (long) (o.path("data").size() + o.path("binaryData").size())),
                    age);
            case "v1/secrets" -> List.of(name,
                    new Column("Type", "string", 0, "The type of the secret", o -> o.path("type").asText("Opaque")),
                    new Column("Data", "integer", 0, "The number of keys in the secret.",
                            o -> (long) o.path("data").size()),
                    age);
            case "v1/endpoints" -> List.of(name,
                    new Column("Endpoints", "string", 0, "Endpoints of the service.", Tables::endpoints),
                    age);
            case "coordination.k8s.io/v1/leases" -> List.of(name,
                    new Column("Holder", "string", 0, "The holder of the lease.",
                            o -> o.path("spec").path("holderIdentity").asText("")),
                    age);
            default -> List.of(name, new Column("Created At", "date", 0, "CreationTimestamp is a timestamp "
                    + "representing the server time when this object was created.",
                    o -> o.path("metadata").path("creationTimestamp").asText("")));
        };
    }

    /**
     * A custom resource's columns, as the apiextensions server prints them: the name, then the
     * version's additionalPrinterColumns, or Age when it declares none. Column paths are read as
     * dotted paths ({@code .spec.replicas}), the form CRDs use; JSONPath filters are not evaluated.
     */
    private List<Column> customColumns(Column name, Column age, JsonNode declared) {
        if (declared.size() == 0) {
            return List.of(name, age);
        }
        List<Column> out = new ArrayList<>();
        out.add(name);
        for (JsonNode c : declared) {
            String type = c.path("type").asText("string");
            String path = c.path("jsonPath").asText("");
            String description = c.path("description").asText("Custom resource definition column (in JSONPath "
                    + "format): " + path);
            out.add(new Column(c.path("name").asText(), type.equals("date") ? "string" : type,
                    c.path("priority").asInt(0), description, o -> {
                        JsonNode v = CustomResources.at(o, path);
                        if (v.isMissingNode() || v.isNull()) {
                            return "<none>";
                        }
                        if (type.equals("date")) {
                            return age(v.asText());
                        }
                        return v.isNumber() && type.equals("integer") ? (Object) v.longValue()
                                : v.isValueNode() ? v.asText() : v.toString();
                    }));
        }
        return out;
    }

    // ---- cells, as the API server's printers compute them

    private static Object podReady(JsonNode o) {
        JsonNode statuses = o.path("status").path("containerStatuses");
        int ready = 0;
        for (JsonNode s : statuses) {
            if (s.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return ready + "/" + o.path("spec").path("containers").size();
    }

    private static Object podStatus(JsonNode o) {
        String reason = o.path("status").path("phase").asText("");
        if (o.path("status").has("reason")) {
            reason = o.path("status").path("reason").asText();
        }
        for (JsonNode s : o.path("status").path("containerStatuses")) {
            JsonNode state = s.path("state");
            if (state.path("waiting").has("reason")) {
                reason = state.path("waiting").path("reason").asText();
            } else if (state.path("terminated").has("reason")) {
                reason = state.path("terminated").path("reason").asText();
            }
        }
        if (o.path("metadata").has("deletionTimestamp")) {
            reason = "Terminating";
        }
        return reason;
    }

    private static Object podRestarts(JsonNode o) {
        long restarts = 0;
        for (JsonNode s : o.path("status").path("containerStatuses")) {
            restarts += s.path("restartCount").asLong(0);
        }
        return String.valueOf(restarts);
    }

    private static Object readinessGates(JsonNode o) {
        JsonNode gates = o.path("spec").path("readinessGates");
        if (gates.isEmpty()) {
            return NONE;
        }
        int ready = 0;
        for (JsonNode g : gates) {
            for (JsonNode c : o.path("status").path("conditions")) {
                if (c.path("type").asText().equals(g.path("conditionType").asText())
                        && c.path("status").asText().equals("True")) {
                    ready++;
                }
            }
        }
        return ready + "/" + gates.size();
    }

    private static Object nodeStatus(JsonNode o) {
        String status = "Unknown";
        for (JsonNode c : o.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                status = c.path("status").asText().equals("True") ? "Ready" : "NotReady";
            }
        }
        if (o.path("spec").path("unschedulable").asBoolean(false)) {
            status += ",SchedulingDisabled";
        }
        return status;
    }

    private static Object nodeRoles(JsonNode o) {
        List<String> roles = new ArrayList<>();
        o.path("metadata").path("labels").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("node-role.kubernetes.io/")) {
                roles.add(k.substring("node-role.kubernetes.io/".length()));
            } else if (k.equals("kubernetes.io/role")) {
                roles.add(o.path("metadata").path("labels").path(k).asText());
            }
        });
        roles.sort(null);
        return roles.isEmpty() ? NONE : String.join(",", roles);
    }

    private static Object address(JsonNode o, String type) {
        List<String> ips = new ArrayList<>();
        for (JsonNode a : o.path("status").path("addresses")) {
            if (a.path("type").asText().equals(type)) {
                ips.add(a.path("address").asText());
            }
        }
        return ips.isEmpty() ? NONE : String.join(",", ips);
    }

    private static Object jobStatus(JsonNode o) {
        for (JsonNode c : o.path("status").path("conditions")) {
            if (c.path("status").asText().equals("True")) {
                String type = c.path("type").asText();
                if (type.equals("Complete") || type.equals("Failed") || type.equals("Suspended")) {
                    return type;
                }
                if (type.equals("FailureTarget")) {
                    return "FailureTarget";
                }
            }
        }
        return o.path("metadata").has("deletionTimestamp") ? "Terminating" : "Running";
    }

    private Object jobDuration(JsonNode o) {
        Instant start = instant(o.path("status").path("startTime").asText(""));
        if (start == null) {
            return "";
        }
        Instant end = instant(o.path("status").path("completionTime").asText(""));
        return humanDuration(Duration.between(start, end == null ? clock.instant() : end));
    }

    private static Object externalIps(JsonNode o) {
        String type = o.path("spec").path("type").asText("ClusterIP");
        List<String> ips = new ArrayList<>();
        o.path("spec").path("externalIPs").forEach(ip -> ips.add(ip.asText()));
        switch (type) {
            case "ExternalName" -> {
                return o.path("spec").path("externalName").asText("");
            }
            case "LoadBalancer" -> {
                o.path("status").path("loadBalancer").path("ingress").forEach(i ->
                        ips.add(i.has("ip") ? i.path("ip").asText() : i.path("hostname").asText()));
                return ips.isEmpty() ? "<pending>" : String.join(",", ips);
            }
            default -> {
                return ips.isEmpty() ? NONE : String.join(",", ips);
            }
        }
    }

    private static Object servicePorts(JsonNode o) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : o.path("spec").path("ports")) {
            String port = p.path("port").asText() + (p.has("nodePort") ? ":" + p.path("nodePort").asText() : "")
                    + "/" + p.path("protocol").asText("TCP");
            ports.add(port);
        }
        return ports.isEmpty() ? NONE : String.join(",", ports);
    }

    private static Object endpoints(JsonNode o) {
        List<String> list = new ArrayList<>();
        int total = 0;
        for (JsonNode subset : o.path("subsets")) {
            for (JsonNode a : subset.path("addresses")) {
                if (subset.path("ports").isEmpty()) {
                    total++;
                    if (list.size() < 3) {
                        list.add(a.path("ip").asText());
                    }
                }
                for (JsonNode p : subset.path("ports")) {
                    total++;
                    if (list.size() < 3) {
                        list.add(a.path("ip").asText() + ":" + p.path("port").asText());
                    }
                }
            }
        }
        if (list.isEmpty()) {
            return NONE;
        }
        String s = String.join(",", list);
        return total > list.size() ? s + " + " + (total - list.size()) + " more..." : s;
    }

    private static String join(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.path(field).asText()));
        return String.join(",", out);
    }

    /** A LabelSelector as text: {@code app=web,tier in (a,b)}; no selector is {@code <none>}. */
    private static String labelSelector(JsonNode selector) {
        if (selector.isMissingNode() || selector.isNull()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<String, String>(textMap(selector.path("matchLabels"))).forEach((k, v) -> parts.add(k + "=" + v));
        for (JsonNode r : selector.path("matchExpressions")) {
            String key = r.path("key").asText();
            List<String> values = new ArrayList<>();
            r.path("values").forEach(v -> values.add(v.asText()));
            switch (r.path("operator").asText()) {
                case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> { }
            }
        }
        return parts.isEmpty() ? NONE : String.join(",", parts);
    }

    private static String mapSelector(JsonNode selector) {
        return selector.isObject() && !selector.isEmpty() ? keyValues(selector) : NONE;
    }

    private static String keyValues(JsonNode map) {
        if (!map.isObject() || map.isEmpty()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<String, String>(textMap(map)).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    private static Map<String, String> textMap(JsonNode map) {
        Map<String, String> out = new TreeMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String orNone(String s) {
        return s.isEmpty() ? NONE : s;
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }

    private String age(String timestamp) {
        Instant t = instant(timestamp);
        return t == null ? "<unknown>" : humanDuration(Duration.between(t, clock.instant()));
    }

    private static Instant instant(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Kubernetes' {@code duration.HumanDuration}: {@code 45s}, {@code 3m20s}, {@code 2d4h}, {@code 3y}. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
