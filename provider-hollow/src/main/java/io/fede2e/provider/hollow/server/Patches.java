package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The three patch formats of the API, applied to a JSON object. */
final class Patches {

    /**
     * Merge keys of the lists that strategic merge patch merges by element (as the built-in types
     * declare them with {@code patchMergeKey}); other lists are replaced whole.
     */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("conditions", "type"),
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("containerStatuses", "name"),
            Map.entry("initContainerStatuses", "name"),
            Map.entry("volumes", "name"),
            Map.entry("env", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("addresses", "type"),
            Map.entry("podIPs", "ip"),
            Map.entry("hostIPs", "ip"),
            Map.entry("taints", "key"));

    /** Lists of scalars that strategic merge patch merges as sets. */
    private static final List<String> MERGED_SCALAR_LISTS = List.of("finalizers");

    private Patches() {
    }

    /** The JSON patch content types fabric8 and kubectl send, mapped to how they apply. */
    static JsonNode apply(String contentType, JsonNode patch, ObjectNode target) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json-patch+json")) {
            if (!patch.isArray()) {
                throw new IllegalArgumentException("a JSON patch must be an array of operations");
            }
            return JsonPatch.apply(patch, target);
        }
        if (!patch.isObject()) {
            throw new IllegalArgumentException("a merge patch must be a JSON object");
        }
        if (type.startsWith("application/strategic-merge-patch+json")) {
            return strategicMerge(target.deepCopy(), (ObjectNode) patch);
        }
        // merge-patch and apply-patch (server-side apply, approximated as a merge)
        return mergePatch(target.deepCopy(), patch);
    }

    /** RFC 7386 JSON merge patch. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }

    private static ObjectNode strategicMerge(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            if (key.startsWith("$setElementOrder/") || key.startsWith("$retainKeys") || key.equals("$patch")) {
                continue;
            }
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String list = key.substring("$deleteFromPrimitiveList/".length());
                JsonNode existing = target.get(list);
                if (existing != null && existing.isArray() && value.isArray()) {
                    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                    existing.forEach(e -> {
                        if (!contains(value, e)) {
                            kept.add(e);
                        }
                    });
                    target.set(list, kept);
                }
                continue;
            }
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject()) {
                if ("replace".equals(value.path("$patch").asText())) {
                    ObjectNode copy = ((ObjectNode) value).deepCopy();
                    copy.remove("$patch");
                    target.set(key, copy);
                } else if ("delete".equals(value.path("$patch").asText())) {
                    target.remove(key);
                } else {
                    ObjectNode base = current != null && current.isObject() ? (ObjectNode) current
                            : JsonNodeFactory.instance.objectNode();
                    target.set(key, strategicMerge(base, (ObjectNode) value));
                }
            } else if (value.isArray() && current != null && current.isArray()) {
                target.set(key, mergeList(key, (ArrayNode) current, (ArrayNode) value));
            } else {
                target.set(key, stripDirectives(value));
            }
        }
        return target;
    }

    private static ArrayNode mergeList(String key, ArrayNode current, ArrayNode patch) {
        if (MERGED_SCALAR_LISTS.contains(key)) {
            ArrayNode out = current.deepCopy();
            patch.forEach(v -> {
                if (!contains(out, v)) {
                    out.add(v);
                }
            });
            return out;
        }
        String mergeKey = MERGE_KEYS.get(key);
        for (JsonNode p : patch) {
            if ("replace".equals(p.path("$patch").asText())) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                patch.forEach(e -> {
                    if (!e.has("$patch")) {
                        out.add(e);
                    }
                });
                return out;
            }
        }
        if (mergeKey == null) {
            return (ArrayNode) stripDirectives(patch);
        }
        List<JsonNode> out = new ArrayList<>();
        current.forEach(out::add);
        for (JsonNode p : patch) {
            if (!p.isObject() || !p.has(mergeKey)) {
                out.add(p.deepCopy());
                continue;
            }
            JsonNode id = p.get(mergeKey);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (id.equals(out.get(i).get(mergeKey))) {
                    at = i;
                    break;
                }
            }
            boolean delete = "delete".equals(p.path("$patch").asText());
            if (delete) {
                if (at >= 0) {
                    out.remove(at);
                }
            } else if (at >= 0 && out.get(at).isObject()) {
                out.set(at, strategicMerge(((ObjectNode) out.get(at)).deepCopy(), (ObjectNode) p));
            } else {
                out.add(stripDirectives(p));
            }
        }
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        out.forEach(result::add);
        return result;
    }

    private static JsonNode stripDirectives(JsonNode value) {
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(f -> {
                if (!f.getKey().startsWith("$")) {
                    copy.set(f.getKey(), stripDirectives(f.getValue()));
                }
            });
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> copy.add(stripDirectives(v)));
            return copy;
        }
        return value;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode e : array) {
            if (e.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
