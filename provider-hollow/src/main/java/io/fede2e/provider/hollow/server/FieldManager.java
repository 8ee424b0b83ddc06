package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Field ownership as the API server keeps it in {@code metadata.managedFields}, and server-side
 * apply on top of it (structured-merge-diff's {@code Updater}): every write records, for its
 * manager, an {@code Update} entry with the fields it changed (taking them from other managers); an
 * apply records an {@code Apply} entry with exactly the fields of the applied configuration,
 * merges that configuration into the object by the schema's list and map types, removes what the
 * manager applied before and no longer applies (when nobody else owns it), and is refused with
 * {@code 409 Conflict} when it changes a field another manager owns, unless forced.
 */
final class FieldManager {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    /** Fields nobody owns: set by the server, or identifying the object (the API server's stripMeta). */
    private static final FieldSet STRIPPED = stripped();
    /**
     * Fields that Go's zero object of a kind already holds (struct and list fields without
     * {@code omitempty}): the API server compares a created object with that zero object, so these
     * are never "added" as a whole on create and get no {@code "."} entry. Guessed by name, since
     * the OpenAPI document does not say which fields are {@code omitempty}.
     */
    private static final Set<String> ZERO_VALUED = Set.of("metadata", "spec", "status", "template", "strategy",
            "updateStrategy", "containers");

    private enum Kind { LEAF, STRUCT, MAP, SET, ASSOCIATIVE }

    /** One entry of {@code managedFields}. */
    private static final class Entry {
        final String manager;
        final String operation;
        final String apiVersion;
        String time;
        FieldSet fields;

        Entry(String manager, String operation, String apiVersion, String time, FieldSet fields) {
            this.manager = manager;
            this.operation = operation;
            this.apiVersion = apiVersion;
            this.time = time;
            this.fields = fields;
        }

        boolean is(String manager, String operation, String apiVersion) {
            return this.manager.equals(manager) && this.operation.equals(operation)
                    && (operation.equals("Apply") || this.apiVersion.equals(apiVersion));
        }

        /** How conflicts name the manager: {@code "m"}, or {@code "m" using apps/v1} for an Update entry. */
        String printed() {
            return operation.equals("Update") ? "\"" + manager + "\" using " + apiVersion : "\"" + manager + "\"";
        }
    }

    private final Function<ResourceType, JsonNode> schemas;
    private final Supplier<JsonNode> definitionsSource;
    private volatile JsonNode definitions;
    private final Clock clock;

    /**
     * @param schemas the root schema of each kind (a missing node when it has none)
     * @param definitions the OpenAPI v2 definitions that {@code $ref}s point into (read at the first
     *     write that needs them: the document is large)
     */
    FieldManager(Function<ResourceType, JsonNode> schemas, Supplier<JsonNode> definitions, Clock clock) {
        this.schemas = schemas;
        this.definitionsSource = definitions;
        this.clock = clock;
    }

    /**
     * Records a non-apply write ({@code old} null for a create) of {@code manager} in {@code next}'s
     * {@code managedFields}. {@code managedFields} that the client sent are taken when valid (the
     * API server lets clients reset ownership this way), else the stored ones are kept.
     */
    void update(ResourceType type, ObjectNode old, ObjectNode next, String manager) {
        List<Entry> entries;
        JsonNode sent = next.path("metadata").path("managedFields");
        JsonNode stored = old == null ? null : old.path("metadata").path("managedFields");
        try {
            entries = sent.isArray() && sent.size() > 0 && !sent.equals(stored) ? decode(sent) : decodeLenient(stored);
        } catch (IllegalArgumentException e) {
            entries = decodeLenient(stored);
        }
        JsonNode schema = schemas.apply(type);
        ObjectNode before = old == null ? F.objectNode() : withoutManagedFields(old);
        Comparison c = compare(before, withoutManagedFields(next), schema);
        FieldSet changed = c.modified.union(c.added);
        Entry me = null;
        for (Entry e : entries) {
            if (e.is(manager, "Update", type.apiVersion())) {
                me = e;
            } else {
                e.fields = e.fields.difference(changed).difference(c.removed);
            }
        }
        if (me == null) {
            me = new Entry(manager, "Update", type.apiVersion(), null, new FieldSet());
            entries.add(me);
        }
        FieldSet mine = me.fields.union(changed).difference(c.removed);
        if (!mine.equals(me.fields) || me.time == null) {
            me.time = ObjectOperations.timestamp(clock.instant());
        }
        me.fields = mine;
        write(next, entries);
    }

    /**
     * Server-side apply of {@code config} by {@code manager} to {@code live} (null when the object
     * does not exist yet): the object to store, with its {@code managedFields}.
     *
     * @throws ApiError 409 naming each conflicting field and its manager, 400 for a configuration
     *     that carries {@code managedFields}
     */
    ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode config, String manager, boolean force) {
        JsonNode sentFields = config.path("metadata").path("managedFields");
        if (!sentFields.isMissingNode() && !sentFields.isNull()) {
            throw ApiError.badRequest("metadata.managedFields must be nil");
        }
        JsonNode schema = schemas.apply(type);
        List<Entry> entries = live == null ? new ArrayList<>()
                : decodeLenient(live.path("metadata").path("managedFields"));
        ObjectNode before = live == null ? F.objectNode() : withoutManagedFields(live);
        FieldSet applied = new FieldSet();
        toSet(config, schema, applied);
        applied = applied.difference(STRIPPED);
        ObjectNode merged = (ObjectNode) merge(before, config, schema);
        Entry me = null;
        FieldSet others = new FieldSet();
        for (Entry e : entries) {
            if (e.is(manager, "Apply", null)) {
                me = e;
            } else {
                others = others.union(e.fields);
            }
        }
        if (me != null) {
            prune(merged, schema, me.fields.difference(applied), applied, others, 0);
        }
        Comparison c = compare(before, merged, schema);
        FieldSet changed = c.modified.union(c.added);
        Map<Entry, FieldSet> conflicts = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e != me) {
                FieldSet conflict = e.fields.intersection(changed);
                if (!conflict.isEmpty()) {
                    conflicts.put(e, conflict);
                }
            }
        }
        if (!force && !conflicts.isEmpty()) {
            Map<Entry, FieldSet> remaining = withoutLastApplied(conflicts, live, manager, schema);
            if (!remaining.isEmpty()) {
                throw conflictError(remaining);
            }
        }
        for (Entry e : entries) {
            if (e != me) {
                FieldSet lost = conflicts.get(e);
                e.fields = (lost == null ? e.fields : e.fields.difference(lost)).difference(c.removed);
            }
        }
        if (me == null) {
            me = new Entry(manager, "Apply", type.apiVersion(), null, new FieldSet());
            entries.add(me);
        }
        if (!applied.equals(me.fields) || me.time == null) {
            me.time = ObjectOperations.timestamp(clock.instant());
        }
        me.fields = applied;
        write(merged, entries);
        return merged;
    }

    /**
     * The API server's upgrade path from client-side to server-side apply (its
     * {@code lastAppliedManager}): for the manager {@code kubectl}, conflicts on fields that the
     * {@code kubectl.kubernetes.io/last-applied-configuration} annotation holds with their live
     * value are no conflicts (the apply then takes them, as forced); any other conflict stands.
     * Returns the conflicts that remain (all of them when any one is not allowed, as upstream).
     */
    private Map<Entry, FieldSet> withoutLastApplied(Map<Entry, FieldSet> conflicts, ObjectNode live, String manager,
            JsonNode schema) {
        String text = live == null ? "" : live.path("metadata").path("annotations")
                .path("kubectl.kubernetes.io/last-applied-configuration").asText("");
        if (!manager.equals("kubectl") || text.isEmpty()) {
            return conflicts;
        }
        JsonNode lastApplied;
        try {
            lastApplied = Store.Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            return conflicts;
        }
        if (!lastApplied.isObject()) {
            return conflicts;
        }
        FieldSet allowed = new FieldSet();
        toSet(lastApplied, schema, allowed);
        Comparison c = compare(lastApplied, withoutManagedFields(live), schema);
        allowed = allowed.difference(c.modified).difference(c.removed);
        for (FieldSet conflict : conflicts.values()) {
            if (!conflict.difference(allowed).isEmpty()) {
                Map<Entry, FieldSet> remaining = new LinkedHashMap<>();
                for (Map.Entry<Entry, FieldSet> e : conflicts.entrySet()) {
                    FieldSet left = e.getValue().difference(allowed);
                    if (!left.isEmpty()) {
                        remaining.put(e.getKey(), left);
                    }
                }
                return remaining;
            }
        }
        return Map.of();
    }

    private static ApiError conflictError(Map<Entry, FieldSet> conflicts) {
        // the API server sorts the managers in its message; causes follow the same order here
        List<Map.Entry<Entry, FieldSet>> sorted = new ArrayList<>(conflicts.entrySet());
        sorted.sort(Comparator.comparing(e -> e.getKey().manager + "\0" + e.getKey().operation));
        List<String> lines = new ArrayList<>();
        List<ObjectNode> causes = new ArrayList<>();
        for (Map.Entry<Entry, FieldSet> e : sorted) {
            lines.add("conflicts with " + e.getKey().printed() + ":");
            for (List<String> path : e.getValue().paths()) {
                String field = FieldSet.describe(path);
                lines.add("- " + field);
                ObjectNode cause = F.objectNode();
                cause.put("reason", "FieldManagerConflict");
                cause.put("message", "conflict with " + e.getKey().printed());
                cause.put("field", field);
                causes.add(cause);
            }
        }
        String message = causes.size() == 1
                ? "Apply failed with 1 conflict: conflict with " + sorted.get(0).getKey().printed() + ": "
                        + causes.get(0).path("field").asText()
                : "Apply failed with " + causes.size() + " conflicts: " + String.join("\n", lines);
        return ApiError.applyConflict(message, causes);
    }

    private static ObjectNode withoutManagedFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return copy;
    }

    private void write(ObjectNode object, List<Entry> entries) {
        List<Entry> kept = new ArrayList<>();
        for (Entry e : entries) {
            e.fields = e.fields.difference(STRIPPED);
            if (!e.fields.isEmpty()) {
                kept.add(e);
            }
        }
        // the API server's order: Apply before Update, then by time, manager and apiVersion
        kept.sort(Comparator.comparing((Entry e) -> e.operation).thenComparing(e -> e.time)
                .thenComparing(e -> e.manager).thenComparing(e -> e.apiVersion));
        ObjectNode meta = ObjectOperations.metadata(object);
        if (kept.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        ArrayNode out = meta.putArray("managedFields");
        for (Entry e : kept) {
            ObjectNode n = out.addObject();
            n.put("manager", e.manager);
            n.put("operation", e.operation);
            n.put("apiVersion", e.apiVersion);
            n.put("time", e.time);
            n.put("fieldsType", "FieldsV1");
            n.set("fieldsV1", e.fields.toJson());
        }
    }

    private static List<Entry> decode(JsonNode managedFields) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode n : managedFields) {
            String operation = n.path("operation").asText("");
            if (!operation.equals("Apply") && !operation.equals("Update")) {
                throw new IllegalArgumentException("operation must be Apply or Update");
            }
            if (!n.path("fieldsType").asText("").equals("FieldsV1")) {
                throw new IllegalArgumentException("fieldsType must be FieldsV1");
            }
            out.add(new Entry(n.path("manager").asText(""), operation, n.path("apiVersion").asText(""),
                    n.path("time").asText(null), FieldSet.fromJson(n.path("fieldsV1"))));
        }
        return out;
    }

    private static List<Entry> decodeLenient(JsonNode managedFields) {
        if (managedFields == null || !managedFields.isArray()) {
            return new ArrayList<>();
        }
        try {
            return decode(managedFields);
        } catch (IllegalArgumentException e) {
            return new ArrayList<>();
        }
    }

    private static FieldSet stripped() {
        FieldSet s = new FieldSet();
        s.child("f:apiVersion").member(true);
        s.child("f:kind").member(true);
        FieldSet meta = s.child("f:metadata");
        for (String f : List.of("name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName",
                "generation", "managedFields", "resourceVersion")) {
            meta.child("f:" + f).member(true);
        }
        return s;
    }

    // --- the schema's view of a value ---------------------------------------------------------

    private JsonNode defs() {
        JsonNode d = definitions;
        if (d == null) {
            d = definitionsSource.get();
            definitions = d;
        }
        return d;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 32 && s != null; i++) {
            if (s.has("$ref")) {
                String ref = s.path("$ref").asText();
                s = defs().path(ref.substring(ref.lastIndexOf('/') + 1));
            } else if (s.path("allOf").size() == 1) {
                s = s.path("allOf").get(0);
            } else {
                break;
            }
        }
        return s == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : s;
    }

    private Kind kind(JsonNode schema, JsonNode value) {
        JsonNode s = resolve(schema);
        if (s.isMissingNode() || s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                && !s.has("properties") && !s.has("items")) {
            // no schema: structured-merge-diff deduces maps as granular and lists as atomic
            return value != null && value.isObject() ? Kind.MAP : Kind.LEAF;
        }
        if ("atomic".equals(s.path("x-kubernetes-map-type").asText())) {
            return Kind.LEAF;
        }
        if (s.has("properties")) {
            return Kind.STRUCT;
        }
        if (s.path("additionalProperties").isObject()) {
            return Kind.MAP;
        }
        if (s.has("items") || "array".equals(s.path("type").asText())) {
            String listType = s.path("x-kubernetes-list-type").asText("");
            switch (listType) {
                case "atomic":
                    return Kind.LEAF;
                case "set":
                    return Kind.SET;
                case "map":
                    return Kind.ASSOCIATIVE;
                default:
                    break;
            }
            if (s.path("x-kubernetes-patch-strategy").asText("").contains("merge")) {
                return s.has("x-kubernetes-patch-merge-key") ? Kind.ASSOCIATIVE : Kind.SET;
            }
            return Kind.LEAF;
        }
        if ("object".equals(s.path("type").asText()) || s.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            return value != null && value.isObject() ? Kind.MAP : Kind.LEAF;
        }
        return Kind.LEAF;
    }

    private JsonNode fieldSchema(JsonNode schema, String field, boolean root) {
        if (root && field.equals("metadata")) {
            return defs().path(OBJECT_META);
        }
        JsonNode s = resolve(schema);
        JsonNode p = s.path("properties").path(field);
        return p.isMissingNode() && s.path("additionalProperties").isObject() ? s.path("additionalProperties") : p;
    }

    private List<String> keys(JsonNode listSchema) {
        JsonNode s = resolve(listSchema);
        List<String> keys = new ArrayList<>();
        if (s.path("x-kubernetes-list-map-keys").isArray()) {
            s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
        } else if (s.has("x-kubernetes-patch-merge-key")) {
            keys.add(s.path("x-kubernetes-patch-merge-key").asText());
        }
        return keys;
    }

    /** The path element of a list item: {@code k:{"name":"c"}}, {@code v:"x"} or {@code i:3}. */
    private String element(JsonNode item, JsonNode listSchema, Kind kind, int index) {
        if (kind == Kind.ASSOCIATIVE && item.isObject()) {
            TreeMap<String, JsonNode> key = new TreeMap<>();
            for (String k : keys(listSchema)) {
                if (item.has(k)) {
                    key.put(k, item.get(k));
                }
            }
            if (!key.isEmpty()) {
                ObjectNode json = F.objectNode();
                key.forEach(json::set);
                return "k:" + json;
            }
        }
        if (kind == Kind.SET && item.isValueNode()) {
            return "v:" + item;
        }
        return "i:" + index;
    }

    private Map<String, JsonNode> items(JsonNode list, JsonNode listSchema, Kind kind) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                out.putIfAbsent(element(list.get(i), listSchema, kind, i), list.get(i));
            }
        }
        return out;
    }

    // --- the field set of a configuration (ToFieldSet) -----------------------------------------

    private void toSet(JsonNode value, JsonNode schema, FieldSet node) {
        toSet(value, schema, node, true);
    }

    private void toSet(JsonNode value, JsonNode schema, FieldSet node, boolean root) {
        Kind kind = kind(schema, value);
        if (value == null || value.isNull() || kind == Kind.LEAF) {
            node.member(true);
            return;
        }
        if (kind == Kind.STRUCT || kind == Kind.MAP) {
            if (!value.isObject()) {
                node.member(true);
                return;
            }
            value.fields().forEachRemaining(f -> {
                FieldSet c = node.child("f:" + f.getKey());
                toSet(f.getValue(), fieldSchema(schema, f.getKey(), root), c, false);
                JsonNode v = f.getValue();
                if (v.isNull() || v.isObject() && v.isEmpty() || kind == Kind.MAP) {
                    c.member(true);
                }
            });
            return;
        }
        if (!value.isArray()) {
            node.member(true);
            return;
        }
        JsonNode itemSchema = resolve(schema).path("items");
        items(value, schema, kind).forEach((e, item) -> {
            FieldSet c = node.child(e);
            toSet(item, itemSchema, c, false);
            c.member(true);
        });
    }

    // --- comparing two objects (Compare) ------------------------------------------------------

    private record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    }

    private Comparison compare(JsonNode before, JsonNode after, JsonNode schema) {
        Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        compare(before, after, schema, c.added, c.modified, c.removed, true);
        return new Comparison(c.added.difference(STRIPPED), c.modified.difference(STRIPPED),
                c.removed.difference(STRIPPED));
    }

    private void compare(JsonNode l, JsonNode r, JsonNode schema, FieldSet a, FieldSet m, FieldSet rm, boolean root) {
        Kind kind = kind(schema, r != null ? r : l);
        boolean container = kind != Kind.LEAF && (l == null || l.isContainerNode() || l.isNull())
                && (r == null || r.isContainerNode() || r.isNull());
        boolean empty = (l == null || l.isNull() || l.isEmpty()) && (r == null || r.isNull() || r.isEmpty());
        if (!container || empty) {
            if (l == null) {
                a.member(true);
            } else if (r == null) {
                rm.member(true);
            } else if (!l.equals(r)) {
                m.member(true);
            }
            return;
        }
        if (kind == Kind.STRUCT || kind == Kind.MAP) {
            Map<String, Boolean> names = new LinkedHashMap<>();
            if (l != null) {
                l.fieldNames().forEachRemaining(n -> names.put(n, true));
            }
            if (r != null) {
                r.fieldNames().forEachRemaining(n -> names.put(n, true));
            }
            for (String n : names.keySet()) {
                JsonNode lc = l == null ? null : l.get(n);
                JsonNode rc = r == null ? null : r.get(n);
                if (lc == null && rc != null && rc.isContainerNode() && ZERO_VALUED.contains(n)) {
                    lc = rc.isObject() ? F.objectNode() : F.arrayNode();
                }
                String e = "f:" + n;
                compare(lc, rc, fieldSchema(schema, n, root), a.child(e), m.child(e), rm.child(e), false);
            }
        } else {
            JsonNode itemSchema = resolve(schema).path("items");
            Map<String, JsonNode> li = items(l, schema, kind);
            Map<String, JsonNode> ri = items(r, schema, kind);
            Map<String, Boolean> all = new LinkedHashMap<>();
            li.keySet().forEach(k -> all.put(k, true));
            ri.keySet().forEach(k -> all.put(k, true));
            for (String e : all.keySet()) {
                compare(li.get(e), ri.get(e), itemSchema, a.child(e), m.child(e), rm.child(e), false);
            }
        }
        if (l == null) {
            a.member(true);
        } else if (r == null) {
            rm.member(true);
        }
    }

    // --- merging a configuration into an object (Merge) -------------------------------------

    private JsonNode merge(JsonNode l, JsonNode r, JsonNode schema) {
        return merge(l, r, schema, true);
    }

    private JsonNode merge(JsonNode l, JsonNode r, JsonNode schema, boolean root) {
        if (l == null || l.isNull()) {
            return r.deepCopy();
        }
        Kind kind = kind(schema, r);
        if ((kind == Kind.STRUCT || kind == Kind.MAP) && l.isObject() && r.isObject()) {
            ObjectNode out = ((ObjectNode) l).deepCopy();
            r.fields().forEachRemaining(f -> out.set(f.getKey(),
                    merge(out.get(f.getKey()), f.getValue(), fieldSchema(schema, f.getKey(), root), false)));
            return out;
        }
        if ((kind == Kind.SET || kind == Kind.ASSOCIATIVE) && l.isArray() && r.isArray()) {
            JsonNode itemSchema = resolve(schema).path("items");
            Map<String, JsonNode> out = new LinkedHashMap<>();
            items(l, schema, kind).forEach((e, v) -> out.put(e, v.deepCopy()));
            items(r, schema, kind).forEach((e, v) -> out.put(e, merge(out.get(e), v, itemSchema, false)));
            ArrayNode list = F.arrayNode();
            out.values().forEach(list::add);
            return list;
        }
        return r.deepCopy();
    }

    // --- removing what a manager stopped applying (prune) ---------------------------------------

    /**
     * Removes from {@code value} the paths of {@code dropped} (what the manager applied before and
     * no longer applies) that nobody else owns, at or below, and that the new configuration does not
     * reach into.
     */
    private void prune(JsonNode value, JsonNode schema, FieldSet dropped, FieldSet applied, FieldSet others,
            int depth) {
        if (value == null || dropped == null || !value.isContainerNode()) {
            return;
        }
        Kind kind = kind(schema, value);
        for (Map.Entry<String, FieldSet> d : new ArrayList<>(dropped.children().entrySet())) {
            String e = d.getKey();
            FieldSet drop = d.getValue();
            FieldSet keep = applied == null ? null : applied.get(e);
            FieldSet owned = others == null ? null : others.get(e);
            boolean named = e.startsWith("f:") && depth > 0;
            boolean removable = (drop.member() || named) && (keep == null || keep.isEmpty())
                    && (owned == null || owned.isEmpty());
            if (e.startsWith("f:") && value.isObject()) {
                String field = e.substring(2);
                if (removable) {
                    ((ObjectNode) value).remove(field);
                } else {
                    prune(value.get(field), fieldSchema(schema, field, depth == 0), drop, keep, owned, depth + 1);
                }
            } else if (value.isArray()) {
                ArrayNode list = (ArrayNode) value;
                for (int i = 0; i < list.size(); i++) {
                    if (element(list.get(i), schema, kind, i).equals(e)) {
                        if (removable) {
                            list.remove(i);
                        } else {
                            prune(list.get(i), resolve(schema).path("items"), drop, keep, owned, depth + 1);
                        }
                        break;
                    }
                }
            }
        }
    }
}
