package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's validation of what is written, worded as the real one words its field errors: a
 * refused object gets a 422 Invalid whose {@code details.causes} name each offending field.
 *
 * <p>It covers what clients and the e2e suite rely on: object names (DNS-1123 subdomains, or labels
 * for the kinds whose names become DNS labels), pods without containers and workloads whose selector
 * does not select their own pod template.
 */
final class Validation {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    /** Kinds whose names are DNS-1123 labels, as their registries validate them. */
    private static final Set<String> LABEL_NAMED = Set.of("namespaces");
    /** Kinds whose names only must be valid path segments (RBAC names such as system:controller:x). */
    private static final Set<String> PATH_SEGMENT_NAMED = Set.of("roles", "rolebindings", "clusterroles",
            "clusterrolebindings");
    /** Kinds with a spec.selector that must select spec.template.metadata.labels. */
    private static final Set<String> SELECTING_WORKLOADS = Set.of("deployments", "replicasets", "daemonsets",
            "statefulsets", "jobs");
    /** A {@code field: message} error inside a 422 message; the field is a path such as spec.containers[0].name. */
    private static final Pattern ERROR = Pattern.compile("([a-z][A-Za-z0-9_.\\[\\]-]*): (.*)", Pattern.DOTALL);
    private static final Pattern ERROR_SEPARATOR = Pattern.compile(", (?=[a-z][A-Za-z0-9_.\\[\\]-]*: )");

    private Validation() {
    }

    /** The field errors of {@code object} about to be created under {@code name}; empty when valid. */
    static List<String> onCreate(ResourceType type, String name, ObjectNode object) {
        List<String> errors = new ArrayList<>(name(type, name));
        errors.addAll(spec(type, object));
        return errors;
    }

    /** The field errors of an update's new state. */
    static List<String> onUpdate(ResourceType type, ObjectNode object) {
        return spec(type, object);
    }

    /** Throws the 422 the real API server answers when {@code errors} is not empty. */
    static void require(ResourceType type, String name, List<String> errors) {
        if (!errors.isEmpty()) {
            throw ApiError.invalid(type, name, errors);
        }
    }

    static List<String> name(ResourceType type, String name) {
        if (PATH_SEGMENT_NAMED.contains(type.plural())) {
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                return List.of("metadata.name: Invalid value: \"" + name + "\": may not be '.' or '..', "
                        + "and may not contain '/' or '%'");
            }
            return List.of();
        }
        if (type == ResourceTypes.EVENTS || type.plural().equals("events")) {
            // Event names embed the involved object's name and a hex suffix; any subdomain-like name goes.
            return name.contains("/") || name.contains("%")
                    ? List.of("metadata.name: Invalid value: \"" + name + "\": may not contain '/' or '%'") : List.of();
        }
        if (type.plural().equals("services")) {
            if (name.length() > 63 || !DNS1035_LABEL.matcher(name).matches()) {
                return List.of("metadata.name: Invalid value: \"" + name + "\": a DNS-1035 label must consist of lower"
                        + " case alphanumeric characters or '-', start with an alphabetic character, and end with an"
                        + " alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                        + " '[a-z]([-a-z0-9]*[a-z0-9])?')");
            }
            return List.of();
        }
        if (LABEL_NAMED.contains(type.plural())) {
            if (name.length() > 63 || !DNS1123_LABEL.matcher(name).matches()) {
                return List.of("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 label must consist"
                        + " of lower case alphanumeric characters or '-', and must start and end with an alphanumeric"
                        + " character (e.g. 'my-name',  or '123-abc', regex used for validation is"
                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
            }
            return List.of();
        }
        if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
            return List.of("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain must consist"
                    + " of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
                    + " character (e.g. 'example.com', regex used for validation is"
                    + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
        return List.of();
    }

    private static List<String> spec(ResourceType type, ObjectNode object) {
        List<String> errors = new ArrayList<>();
        if (type == ResourceTypes.PODS) {
            podSpec("spec", object.path("spec"), errors);
        } else if (SELECTING_WORKLOADS.contains(type.plural())) {
            JsonNode spec = object.path("spec");
            JsonNode template = spec.path("template");
            podSpec("spec.template.spec", template.path("spec"), errors);
            JsonNode selector = spec.path("selector");
            boolean hasSelector = selector.path("matchLabels").size() > 0 || selector.path("matchExpressions").size() > 0;
            if (hasSelector) {
                Map<String, String> labels = labels(template.path("metadata").path("labels"));
                if (!selects(selector, labels)) {
                    errors.add("spec.template.metadata.labels: Invalid value: " + goMap(labels)
                            + ": `selector` does not match template `labels`");
                }
            }
        } else if (type.plural().equals("secrets") || type.plural().equals("configmaps")) {
            for (String field : List.of("data", "binaryData", "stringData")) {
                object.path(field).fieldNames().forEachRemaining(key -> {
                    if (key.length() > 253 || !CONFIG_KEY.matcher(key).matches()) {
                        errors.add(field + "[" + key + "]: Invalid value: \"" + key + "\": a valid config key must "
                                + "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
                                + "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
                    }
                });
            }
        }
        return errors;
    }

    private static void podSpec(String path, JsonNode spec, List<String> errors) {
        if (spec.path("containers").size() == 0) {
            errors.add(path + ".containers: Required value");
        }
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        return labels;
    }

    /** Whether a metav1.LabelSelector (matchLabels and matchExpressions) selects {@code labels}. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        var it = selector.path("matchLabels").fields();
        while (it.hasNext()) {
            var f = it.next();
            if (!f.getValue().asText().equals(labels.get(f.getKey()))) {
                return false;
            }
        }
        for (JsonNode e : selector.path("matchExpressions")) {
            String key = e.path("key").asText();
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (e.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String goMap(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder("map[string]string{");
        String sep = "";
        for (var e : labels.entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    /**
     * The {@code details.causes} of a 422 message ({@code Kind "name" is invalid: field: message} or a
     * bracketed list of such errors): one cause per field error, with the reason the real server
     * derives from the error type.
     */
    static List<ObjectNode> causes(String message) {
        int at = message.indexOf(" is invalid: ");
        if (at < 0) {
            return List.of();
        }
        String body = message.substring(at + " is invalid: ".length());
        if (body.startsWith("[") && body.endsWith("]")) {
            body = body.substring(1, body.length() - 1);
        }
        List<ObjectNode> causes = new ArrayList<>();
        for (String error : ERROR_SEPARATOR.split(body)) {
            Matcher m = ERROR.matcher(error);
            if (!m.matches()) {
                continue;
            }
            String text = m.group(2);
            ObjectNode cause = JsonNodeFactory.instance.objectNode();
            cause.put("reason", text.startsWith("Required value") ? "FieldValueRequired"
                    : text.startsWith("Forbidden") ? "FieldValueForbidden"
                    : text.startsWith("Unsupported value") ? "FieldValueNotSupported"
                    : text.startsWith("Duplicate value") ? "FieldValueDuplicate" : "FieldValueInvalid");
            cause.put("message", text);
            cause.put("field", m.group(1));
            causes.add(cause);
        }
        return causes;
    }
}
