package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resources that CustomResourceDefinitions define, as the apiextensions API server serves them:
 * one {@link ResourceType} per served version of each established CRD, their names for discovery,
 * the structural schema of each version (pruning of unknown fields, {@code default} values) and the
 * paths of the {@code scale} subresource.
 *
 * <p>Definitions change only within the store's write lock (the store calls {@link #define} and
 * {@link #forget} when it stores or removes a CRD), and are read without it: the maps are concurrent
 * and every value is immutable.
 */
final class CustomResources {

    /** The finalizer-free condition types the server sets on every CRD it accepts. */
    private static final List<String> SERVER_CONDITIONS = List.of("NamesAccepted", "Established");

    /** Where a custom resource keeps what its {@code scale} subresource shows. */
    record ScalePaths(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {
    }

    /**
     * One served version of a CRD.
     *
     * @param type the resource at this version
     * @param crdName the CRD's name ({@code <plural>.<group>})
     * @param storage whether objects are stored at this version
     * @param shortNames short names for discovery
     * @param categories categories for discovery
     * @param singular the singular name
     * @param listKind the kind of its lists
     * @param schema the version's openAPIV3Schema, or a missing node
     * @param printerColumns the version's additionalPrinterColumns (an empty or missing node: none)
     * @param scale the scale subresource's paths, or null when it is not declared
     */
    record Definition(ResourceType type, String crdName, boolean storage, List<String> shortNames,
            List<String> categories, String singular, String listKind, JsonNode schema, JsonNode printerColumns,
            ScalePaths scale) {
    }

    /** {@code apiVersion/plural} to its definition. */
    private final Map<String, Definition> byPath = new ConcurrentHashMap<>();
    /** CRD name to the definitions of its served versions, in the CRD's order. */
    private final Map<String, List<Definition>> byCrd = new ConcurrentHashMap<>();

    /** The definition of {@code plural} at {@code apiVersion}, if a CRD serves it. */
    Optional<Definition> find(String apiVersion, String plural) {
        return Optional.ofNullable(byPath.get(apiVersion + "/" + plural));
    }

    /** The definition behind {@code type}, empty for built-in types. */
    Optional<Definition> of(ResourceType type) {
        Definition d = byPath.get(type.apiVersion() + "/" + type.plural());
        return d != null && d.type().equals(type) ? Optional.of(d) : Optional.empty();
    }

    /** The served versions of the CRD {@code crdName}, empty when it is not defined. */
    List<Definition> versions(String crdName) {
        return byCrd.getOrDefault(crdName, List.of());
    }

    /** The storage version's type of every CRD, in CRD name order: one per stored resource. */
    List<ResourceType> storageTypes() {
        List<ResourceType> out = new ArrayList<>();
        byCrd.keySet().stream().sorted().forEach(name -> byCrd.get(name).stream().filter(Definition::storage)
                .findFirst().ifPresent(d -> out.add(d.type())));
        return out;
    }

    /** The served custom group versions, each with its resources, sorted by group version. */
    Map<String, List<ResourceType>> byGroupVersion() {
        Map<String, List<ResourceType>> out = new LinkedHashMap<>();
        byCrd.keySet().stream().sorted().forEach(name -> byCrd.get(name).forEach(d ->
                out.computeIfAbsent(d.type().apiVersion(), k -> new ArrayList<>()).add(d.type())));
        return out;
    }

    /**
     * Takes the (stored) CRD's served versions as what is served now. Returns the definitions it
     * replaces, so that the store can move the objects of a version whose type changed.
     */
    List<Definition> define(JsonNode crd) {
        String name = crd.path("metadata").path("name").asText();
        List<Definition> defs = definitions(crd);
        List<Definition> old = forget(name);
        defs.forEach(d -> byPath.put(d.type().apiVersion() + "/" + d.type().plural(), d));
        byCrd.put(name, List.copyOf(defs));
        return old;
    }

    /** Stops serving the CRD {@code crdName}; returns what it served. */
    List<Definition> forget(String crdName) {
        List<Definition> old = byCrd.remove(crdName);
        if (old == null) {
            return List.of();
        }
        old.forEach(d -> byPath.remove(d.type().apiVersion() + "/" + d.type().plural(), d));
        return old;
    }

    private static List<Definition> definitions(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        JsonNode names = spec.path("names");
        String plural = names.path("plural").asText();
        String kind = names.path("kind").asText();
        String singular = names.path("singular").asText(kind.toLowerCase(java.util.Locale.ROOT));
        boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
        List<Definition> out = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(false)) {
                continue;
            }
            JsonNode subs = v.path("subresources");
            JsonNode scale = subs.path("scale");
            ResourceType type = new ResourceType(group, v.path("name").asText(), plural, kind, namespaced,
                    subs.has("status"), scale.isObject() ? List.of("scale") : List.of());
            ScalePaths paths = scale.isObject() ? new ScalePaths(scale.path("specReplicasPath").asText(".spec.replicas"),
                    scale.path("statusReplicasPath").asText(".status.replicas"),
                    scale.path("labelSelectorPath").asText("")) : null;
            out.add(new Definition(type, crd.path("metadata").path("name").asText(), v.path("storage").asBoolean(false),
                    texts(names.path("shortNames")), texts(names.path("categories")), singular,
                    names.path("listKind").asText(kind + "List"),
                    v.path("schema").path("openAPIV3Schema"), v.path("additionalPrinterColumns"), paths));
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /**
     * Checks a CRD as the apiextensions API server does on create and update, in the part hollow
     * relies on: its name is {@code <plural>.<group>}, it names a kind and a plural, its scope is
     * known, and exactly one version is the storage version. Returns the field errors, one a line.
     */
    static List<String> validate(JsonNode crd) {
        List<String> errors = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText("");
        String plural = spec.path("names").path("plural").asText("");
        String name = crd.path("metadata").path("name").asText("");
        if (group.isEmpty()) {
            errors.add("spec.group: Required value");
        } else if (!group.contains(".")) {
            errors.add("spec.group: Invalid value: \"" + group + "\": should be a domain with at least one dot");
        }
        if (plural.isEmpty()) {
            errors.add("spec.names.plural: Required value");
        }
        if (spec.path("names").path("kind").asText("").isEmpty()) {
            errors.add("spec.names.kind: Required value");
        }
        if (!group.isEmpty() && !plural.isEmpty() && !name.equals(plural + "." + group)) {
            errors.add("metadata.name: Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group");
        }
        String scope = spec.path("scope").asText("");
        if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
            errors.add("spec.scope: Unsupported value: \"" + scope + "\": supported values: \"Cluster\", \"Namespaced\"");
        }
        int storage = 0;
        for (JsonNode v : spec.path("versions")) {
            storage += v.path("storage").asBoolean(false) ? 1 : 0;
        }
        if (spec.path("versions").size() == 0) {
            errors.add("spec.versions: Invalid value: null: must have exactly one version marked as storage version");
        } else if (storage != 1) {
            errors.add("spec.versions: Invalid value: " + spec.path("versions").size()
                    + ": must have exactly one version marked as storage version");
        }
        return errors;
    }

    /**
     * Brings the server-owned part of a CRD's status up to date: the accepted names, the stored
     * versions, and the {@code NamesAccepted} and {@code Established} conditions, which hollow grants at
     * once (the real server's controllers do so within moments, and clients wait for them). Other
     * conditions are left as they are.
     */
    static void establish(ObjectNode crd, Instant now) {
        ObjectNode status = crd.with("status");
        JsonNode names = crd.path("spec").path("names");
        ObjectNode accepted = names.deepCopy();
        if (!accepted.has("singular")) {
            accepted.put("singular", names.path("kind").asText().toLowerCase(java.util.Locale.ROOT));
        }
        if (!accepted.has("listKind")) {
            accepted.put("listKind", names.path("kind").asText() + "List");
        }
        status.set("acceptedNames", accepted);
        ArrayNode stored = status.withArray("storedVersions");
        for (JsonNode v : crd.path("spec").path("versions")) {
            String version = v.path("name").asText();
            boolean known = false;
            for (JsonNode s : stored) {
                known |= s.asText().equals(version);
            }
            if (v.path("storage").asBoolean(false) && !known) {
                stored.add(version);
            }
        }
        ArrayNode conditions = status.withArray("conditions");
        for (String type : SERVER_CONDITIONS) {
            boolean present = false;
            for (JsonNode c : conditions) {
                present |= type.equals(c.path("type").asText());
            }
            if (!present) {
                ObjectNode c = conditions.addObject();
                c.put("type", type);
                c.put("status", "True");
                c.put("lastTransitionTime", ObjectOperations.timestamp(now));
                c.put("reason", type.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
                c.put("message", type.equals("Established") ? "the initial names have been accepted"
                        : "no conflicts found");
            }
        }
    }

    /**
     * Prepares a custom resource for storage as the API server does on every write: fields its
     * schema does not declare are pruned and missing fields with a {@code default} are set.
     */
    void prepare(ResourceType type, ObjectNode object) {
        of(type).ifPresent(d -> {
            if (!d.schema().isMissingNode()) {
                prune(object, d.schema());
                applyDefaults(object, d.schema());
            }
        });
    }

    /**
     * A stored custom resource as served at {@code type}'s version: with that apiVersion and the
     * defaults of the current schema applied (as the API server applies them when it reads from
     * storage, so that a default added to a CRD shows on objects stored before). Built-in objects
     * and objects that need nothing are returned as they are.
     */
    String read(ResourceType type, String json) {
        Optional<Definition> d = of(type);
        if (d.isEmpty()) {
            return json;
        }
        ObjectNode object = Store.Json.parseObject(json);
        object.put("apiVersion", type.apiVersion());
        if (!d.get().schema().isMissingNode()) {
            applyDefaults(object, d.get().schema());
        }
        return object.toString();
    }

    /** A watch event ({@code {"type":..,"object":..}}) whose object is read as {@link #read} does. */
    String readEvent(ResourceType type, String event) {
        if (of(type).isEmpty()) {
            return event;
        }
        ObjectNode frame = Store.Json.parseObject(event);
        JsonNode object = frame.path("object");
        if (!object.isObject() || "Status".equals(object.path("kind").asText())) {
            return event;
        }
        return Store.frame(frame.path("type").asText(), read(type, object.toString()));
    }

    /** Sets every missing property that has a {@code default}, at every depth of {@code value}. */
    static void applyDefaults(JsonNode value, JsonNode schema) {
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!object.has(p.getKey()) && p.getValue().has("default")) {
                    object.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (object.has(p.getKey()) && !p.getKey().equals("metadata")) {
                    applyDefaults(object.get(p.getKey()), p.getValue());
                }
            }
            JsonNode additional = schema.path("additionalProperties");
            if (additional.isObject()) {
                object.fields().forEachRemaining(f -> {
                    if (!properties.has(f.getKey())) {
                        applyDefaults(f.getValue(), additional);
                    }
                });
            }
        } else if (value instanceof ArrayNode array && schema.path("items").isObject()) {
            array.forEach(item -> applyDefaults(item, schema.path("items")));
        }
    }

    /**
     * Drops the fields of {@code object} that {@code schema} does not declare, unless the schema keeps
     * unknown fields ({@code x-kubernetes-preserve-unknown-fields}); at the root, apiVersion, kind
     * and metadata always stay.
     */
    static void prune(JsonNode object, JsonNode schema) {
        unknown(object, schema, "", true, new ArrayList<>());
    }

    /**
     * The fields of a custom resource (or a merge patch of one) that its schema does not declare,
     * as dotted paths ({@code spec.colur}): what {@code fieldValidation=Strict} refuses and a write
     * would prune. Empty for built-in types.
     */
    List<String> unknownFields(ResourceType type, JsonNode object) {
        List<String> out = new ArrayList<>();
        of(type).filter(d -> !d.schema().isMissingNode()).ifPresent(d -> unknown(object, d.schema(), "", false, out));
        return out;
    }

    /** Finds (and with {@code remove} drops) undeclared fields below {@code path} ("" is the root). */
    private static void unknown(JsonNode value, JsonNode schema, String path, boolean remove, List<String> found) {
        boolean root = path.isEmpty();
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                    || additional.isBoolean() && additional.asBoolean();
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String child = root ? f.getKey() : path + "." + f.getKey();
                if (root && (f.getKey().equals("apiVersion") || f.getKey().equals("kind")
                        || f.getKey().equals("metadata"))) {
                    continue;
                }
                if (properties.has(f.getKey())) {
                    unknown(f.getValue(), properties.get(f.getKey()), child, remove, found);
                } else if (additional.isObject()) {
                    unknown(f.getValue(), additional, child, remove, found);
                } else if (!preserve) {
                    found.add(child);
                    if (remove) {
                        it.remove();
                    }
                }
            }
        } else if (value instanceof ArrayNode array && schema.path("items").isObject()) {
            for (int i = 0; i < array.size(); i++) {
                unknown(array.get(i), schema.path("items"), path + "[" + i + "]", remove, found);
            }
        }
    }

    /**
     * The field errors of a custom resource against its version's schema, worded as the API server
     * words them: {@code type} (with {@code x-kubernetes-int-or-string}), {@code required} and
     * {@code enum}, at every depth. Other keywords (formats, bounds, patterns, CEL rules) are not
     * checked. Empty for built-in types.
     */
    List<String> invalid(ResourceType type, JsonNode object) {
        List<String> errors = new ArrayList<>();
        of(type).filter(d -> !d.schema().isMissingNode()).ifPresent(d -> check(object, d.schema(), "", errors));
        return errors;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
        String type = schema.path("type").asText("");
        String actual = value.isObject() ? "object" : value.isArray() ? "array" : value.isTextual() ? "string"
                : value.isIntegralNumber() ? "integer" : value.isNumber() ? "number" : value.isBoolean() ? "boolean"
                : "null";
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean matches = type.isEmpty() || type.equals(actual) || type.equals("number") && actual.equals("integer")
                || intOrString && (actual.equals("integer") || actual.equals("string"));
        if (!path.isEmpty() && !matches && !(actual.equals("null") && schema.path("nullable").asBoolean(false))) {
            errors.add(path + ": Invalid value: \"" + actual + "\": " + path + " in body must be of type "
                    + (intOrString ? "integer or string" : type) + ": \"" + actual + "\"");
            return;
        }
        JsonNode allowed = schema.path("enum");
        if (allowed.isArray() && allowed.size() > 0 && !path.isEmpty()) {
            boolean listed = false;
            for (JsonNode a : allowed) {
                listed |= a.equals(value);
            }
            if (!listed) {
                List<String> values = new ArrayList<>();
                allowed.forEach(a -> values.add(a.toString()));
                errors.add(path + ": Unsupported value: " + value + ": supported values: " + String.join(", ", values));
            }
        }
        if (value instanceof ObjectNode object) {
            for (JsonNode r : schema.path("required")) {
                if (!object.has(r.asText()) || object.get(r.asText()).isNull()) {
                    errors.add((path.isEmpty() ? "" : path + ".") + r.asText() + ": Required value");
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            object.fields().forEachRemaining(f -> {
                if (path.isEmpty() && List.of("apiVersion", "kind", "metadata").contains(f.getKey())) {
                    return;
                }
                String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                if (properties.has(f.getKey())) {
                    check(f.getValue(), properties.get(f.getKey()), child, errors);
                } else if (additional.isObject()) {
                    check(f.getValue(), additional, child, errors);
                }
            });
        } else if (value instanceof ArrayNode array && schema.path("items").isObject()) {
            for (int i = 0; i < array.size(); i++) {
                check(array.get(i), schema.path("items"), path + "[" + i + "]", errors);
            }
        }
    }

    /** The text at a JSON path such as {@code .spec.replicas}, or a missing node. */
    static JsonNode at(JsonNode object, String path) {
        JsonNode n = object;
        for (String part : path.replaceFirst("^\\.", "").split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    /** A merge patch that sets {@code path} ({@code .spec.replicas}) to {@code value}. */
    static ObjectNode mergePatchAt(String path, int value) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ObjectNode n = patch;
        String[] parts = path.replaceFirst("^\\.", "").split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            n = n.putObject(parts[i]);
        }
        n.put(parts[parts.length - 1], value);
        return patch;
    }
}
