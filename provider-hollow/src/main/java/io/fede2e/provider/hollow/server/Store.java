package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The object store behind the hollow API: per resource, namespace -> name -> object, a label index,
 * one resourceVersion counter for everything (as etcd's revision) and a bounded event history per
 * resource from which watches resume.
 *
 * <p>Objects are kept as their JSON text plus the few values selectors read, so that a stored
 * object costs little memory and list responses are concatenations. Compound operations run in
 * {@link #write(Supplier)}; every change is fanned out to matching watches under the same lock so
 * that each watch sees changes in resourceVersion order.
 */
final class Store {

    private java.util.function.BiConsumer<ResourceType, String> afterChange = (type, namespace) -> { };

    /** Field paths whose values are kept beside each object, so that selectors on them parse nothing. */
    private static final List<String> INDEXED_FIELDS = List.of("metadata.name", "metadata.namespace", "spec.nodeName",
            "status.phase", "involvedObject.kind", "involvedObject.name", "involvedObject.namespace",
            "involvedObject.uid", "reason", "type", "spec.schedulerName", "regarding.name", "regarding.kind");

    /** One stored object. Immutable. */
    static final class Entry {
        final ResourceType type;
        final String namespace;
        final String name;
        final long resourceVersion;
        final String json;
        final Map<String, String> labels;
        final Map<String, String> fields;

        Entry(ResourceType type, String namespace, String name, long resourceVersion, String json,
                Map<String, String> labels, Map<String, String> fields) {
            this.type = type;
            this.namespace = namespace;
            this.name = name;
            this.resourceVersion = resourceVersion;
            this.json = json;
            this.labels = labels;
            this.fields = fields;
        }

        /** A fresh, mutable copy of the object. */
        ObjectNode object() {
            return Json.parseObject(json);
        }

        String field(String path) {
            String v = fields.get(path);
            if (v != null || INDEXED_FIELDS.contains(path)) {
                return v == null ? "" : v;
            }
            return Json.text(object(), path);
        }

        String key() {
            return namespace + "/" + name;
        }
    }

    /** What a watch is told. */
    interface WatchSink {
        /** One watch event, already serialized ({@code {"type":...,"object":...}}). */
        void send(String event);
    }

    /** A registered watch. */
    static final class Watch {
        final ResourceType type;
        final String namespace;
        final LabelSelector labels;
        final FieldSelector fields;
        final WatchSink sink;
        /** The table it is registered with (a CRD's table outlives the CRD's types). */
        Table table;
        /** What ends the watch from the server's side (its CRD went), or null. */
        volatile Runnable onEnd;

        Watch(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, WatchSink sink) {
            this.type = type;
            this.namespace = namespace;
            this.labels = labels;
            this.fields = fields;
            this.sink = sink;
        }

        boolean matches(Entry e) {
            return e != null && (namespace == null || namespace.equals(e.namespace))
                    && labels.matches(e.labels) && fields.matches(e::field);
        }
    }

    private static final class Event {
        final long resourceVersion;
        final Entry before;
        final Entry after;
        final Entry tombstone;

        Event(long resourceVersion, Entry before, Entry after, Entry tombstone) {
            this.resourceVersion = resourceVersion;
            this.before = before;
            this.after = after;
            this.tombstone = tombstone;
        }

        /** The event as {@code watch} sees it, or null when it concerns the watch neither before nor after. */
        String render(Watch w) {
            boolean was = w.matches(before);
            boolean is = w.matches(after);
            if (was && is) {
                return frame("MODIFIED", after.json);
            }
            if (is) {
                return frame("ADDED", after.json);
            }
            if (was) {
                return frame("DELETED", tombstone != null ? tombstone.json : after.json);
            }
            return null;
        }
    }

    private static final class Table {
        final NavigableMap<String, NavigableMap<String, Entry>> byNamespace = new TreeMap<>();
        final Map<String, Map<String, Set<String>>> labelIndex = new HashMap<>();
        final ArrayDeque<Event> history = new ArrayDeque<>();
        final List<Watch> watches = new ArrayList<>();
        long compactedRevision;
        int size;
    }

    private static final Table NO_TABLE = new Table();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<ResourceType, Table> tables = new HashMap<>();
    /** The objects of each CRD, by CRD name; every served version's type maps to its table. */
    private final Map<String, Table> crdTables = new HashMap<>();
    private final CustomResources customs = new CustomResources();
    private final List<java.util.function.Consumer<ResourceType>> newTypeListeners = new ArrayList<>();
    private final int historyPerResource;
    private long revision;

    Store(int historyPerResource) {
        if (historyPerResource < 1) {
            throw new IllegalArgumentException("history size " + historyPerResource + " must be at least 1");
        }
        this.historyPerResource = historyPerResource;
        for (ResourceType t : ResourceTypes.all()) {
            tables.put(t, new Table());
        }
    }

    /** The resources that CRDs define, served beside the built-in ones. */
    CustomResources customs() {
        return customs;
    }

    /**
     * Every stored resource: the built-in ones, then the storage version of each CRD (one type per
     * set of objects, whatever the number of versions served).
     */
    List<ResourceType> types() {
        List<ResourceType> custom = customs.storageTypes();
        if (custom.isEmpty()) {
            return ResourceTypes.all();
        }
        List<ResourceType> all = new ArrayList<>(ResourceTypes.all());
        all.addAll(custom);
        return all;
    }

    /**
     * Runs {@code listener} (within the write) whenever a CRD starts to be served, with its storage
     * version's type, so that what watches every resource (garbage collection) watches it too.
     */
    void onNewType(java.util.function.Consumer<ResourceType> listener) {
        write(() -> newTypeListeners.add(listener));
    }

    /** The table of {@code type}; an empty one, never written, for a type that is not (or no longer) served. */
    private Table table(ResourceType type) {
        return tables.getOrDefault(type, NO_TABLE);
    }

    /** Runs {@code op} holding the write lock: the unit of atomicity of every API call that changes state. */
    <T> T write(Supplier<T> op) {
        lock.writeLock().lock();
        try {
            return op.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code op} holding the read lock. */
    <T> T read(Supplier<T> op) {
        lock.readLock().lock();
        try {
            return op.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The current revision, the resourceVersion of the newest change. */
    long revision() {
        return read(() -> revision);
    }

    Entry get(ResourceType type, String namespace, String name) {
        lock.readLock().lock();
        try {
            NavigableMap<String, Entry> ns = table(type).byNamespace.get(namespace);
            return ns == null ? null : ns.get(name);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many objects of {@code type} are stored. */
    int size(ResourceType type) {
        return read(() -> table(type).size);
    }

    /**
     * Objects of {@code type} in {@code namespace} (null: all) that match both selectors, sorted by
     * namespace then name, starting after {@code afterKey} ({@code namespace/name}, or null).
     */
    List<Entry> list(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields,
            String afterKey, int limit) {
        lock.readLock().lock();
        try {
            Table table = table(type);
            List<Entry> out = new ArrayList<>();
            String exactName = fields.exactName();
            var equality = labels.firstEquality();
            if (exactName != null) {
                for (var ns : namespaces(table, namespace)) {
                    Entry e = ns.get(exactName);
                    if (e != null && accepts(e, labels, fields, afterKey)) {
                        out.add(e);
                    }
                }
                return cut(out, limit);
            }
            if (equality.isPresent()) {
                Map<String, Set<String>> byValue = table.labelIndex.getOrDefault(equality.get().key(), Map.of());
                List<String> keys = new ArrayList<>();
                for (String v : equality.get().values()) {
                    keys.addAll(byValue.getOrDefault(v, Set.of()));
                }
                keys.sort(Store::compareKeys);
                for (String key : keys) {
                    int slash = key.indexOf('/');
                    String ns = key.substring(0, slash);
                    if (namespace != null && !namespace.equals(ns)) {
                        continue;
                    }
                    Entry e = table.byNamespace.get(ns).get(key.substring(slash + 1));
                    if (accepts(e, labels, fields, afterKey)) {
                        out.add(e);
                        if (limit > 0 && out.size() > limit) {
                            break;
                        }
                    }
                }
                return cut(out, limit);
            }
            String afterNs = afterKey == null ? null : afterKey.substring(0, afterKey.indexOf('/'));
            String afterName = afterKey == null ? null : afterKey.substring(afterKey.indexOf('/') + 1);
            for (var ns : namespaces(table, namespace)) {
                Collection<Entry> entries = ns.values();
                if (afterNs != null && !ns.isEmpty()) {
                    int c = ns.firstEntry().getValue().namespace.compareTo(afterNs);
                    if (c < 0) {
                        continue;
                    }
                    if (c == 0) {
                        entries = ns.tailMap(afterName, false).values();
                    }
                }
                for (Entry e : entries) {
                    if (labels.matches(e.labels) && fields.matches(e::field)) {
                        out.add(e);
                        if (limit > 0 && out.size() > limit) {
                            return cut(out, limit);
                        }
                    }
                }
            }
            return cut(out, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every stored object of every resource, sorted by resource, namespace and name. */
    List<Entry> all(ResourceType type) {
        return list(type, null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 0);
    }

    private static List<Entry> cut(List<Entry> out, int limit) {
        // one more than the limit tells the caller that there is a continuation
        return limit > 0 && out.size() > limit + 1 ? new ArrayList<>(out.subList(0, limit + 1)) : out;
    }

    /** Orders {@code namespace/name} keys by namespace, then name, as lists are sorted. */
    static int compareKeys(String a, String b) {
        int sa = a.indexOf('/');
        int sb = b.indexOf('/');
        int c = a.substring(0, sa).compareTo(b.substring(0, sb));
        return c != 0 ? c : a.substring(sa + 1).compareTo(b.substring(sb + 1));
    }

    private static boolean accepts(Entry e, LabelSelector labels, FieldSelector fields, String afterKey) {
        return (afterKey == null || compareKeys(e.key(), afterKey) > 0) && labels.matches(e.labels)
                && fields.matches(e::field);
    }

    private static Collection<NavigableMap<String, Entry>> namespaces(Table table, String namespace) {
        if (namespace == null) {
            return table.byNamespace.values();
        }
        NavigableMap<String, Entry> ns = table.byNamespace.get(namespace);
        return ns == null ? List.of() : List.of(ns);
    }

    /**
     * Stores {@code object} (creating or replacing), stamping a new resourceVersion into it. Call within
     * {@link #write}.
     */
    Entry put(ResourceType type, String namespace, String name, ObjectNode object) {
        requireWriteLock();
        Table table = tables.get(type);
        if (table == null) {
            throw ApiError.notFound(type, name);
        }
        long rv = ++revision;
        ((ObjectNode) object.with("metadata")).put("resourceVersion", Long.toString(rv));
        Entry entry = toEntry(type, namespace, name, rv, object);
        Entry before = table.byNamespace.computeIfAbsent(namespace, k -> new TreeMap<>()).put(name, entry);
        if (before == null) {
            table.size++;
        } else {
            unindex(table, before);
        }
        index(table, entry);
        record(table, new Event(rv, before, entry, null));
        if (type == ResourceTypes.CUSTOM_RESOURCE_DEFINITIONS) {
            define(name, object);
        }
        afterChange.accept(type, namespace);
        return entry;
    }

    /**
     * Runs {@code listener} after every change, within the same write (so that what it derives, such
     * as quota usage, changes atomically with its cause).
     */
    void afterChange(java.util.function.BiConsumer<ResourceType, String> listener) {
        this.afterChange = listener;
    }

    /** Removes an object, telling watches with a tombstone at a new resourceVersion. Call within {@link #write}. */
    Entry remove(ResourceType type, String namespace, String name) {
        return remove(type, namespace, name, null);
    }

    /**
     * Removes an object whose final state is {@code lastState} (null: as stored), as when an update
     * removes its last finalizer. Call within {@link #write}.
     */
    Entry remove(ResourceType type, String namespace, String name, ObjectNode lastState) {
        requireWriteLock();
        Table table = table(type);
        if (type == ResourceTypes.CUSTOM_RESOURCE_DEFINITIONS && table.byNamespace.containsKey(namespace)
                && table.byNamespace.get(namespace).containsKey(name)) {
            undefine(name);
        }
        NavigableMap<String, Entry> ns = table.byNamespace.get(namespace);
        Entry before = ns == null ? null : ns.remove(name);
        if (before == null) {
            return null;
        }
        if (ns.isEmpty()) {
            table.byNamespace.remove(namespace);
        }
        table.size--;
        unindex(table, before);
        long rv = ++revision;
        ObjectNode last = lastState != null ? lastState : before.object();
        ((ObjectNode) last.with("metadata")).put("resourceVersion", Long.toString(rv));
        Entry tombstone = toEntry(type, namespace, name, rv, last);
        record(table, new Event(rv, before, null, tombstone));
        afterChange.accept(type, namespace);
        return tombstone;
    }

    /**
     * Registers a watch. With {@code fromRevision} null or 0 it first receives every matching object as
     * ADDED; otherwise every change after that revision.
     *
     * @throws ApiError 410 when that revision is older than the history kept
     */
    Watch watch(ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, Long fromRevision,
            WatchSink sink) {
        return write(() -> {
            Table table = table(type);
            Watch w = new Watch(type, namespace, labels, fields, sink);
            w.table = table;
            if (fromRevision == null || fromRevision == 0) {
                for (var ns : namespaces(table, namespace)) {
                    for (Entry e : ns.values()) {
                        if (w.matches(e)) {
                            sink.send(frame("ADDED", e.json));
                        }
                    }
                }
            } else {
                if (fromRevision < table.compactedRevision) {
                    throw ApiError.gone("too old resource version: " + fromRevision + " (" + table.compactedRevision + ")");
                }
                for (Event ev : table.history) {
                    if (ev.resourceVersion > fromRevision) {
                        String text = ev.render(w);
                        if (text != null) {
                            sink.send(text);
                        }
                    }
                }
            }
            table.watches.add(w);
            return w;
        });
    }

    /** Stops telling {@code watch} about changes. */
    void unwatch(Watch watch) {
        if (watch != null) {
            write(() -> watch.table.watches.remove(watch));
        }
    }

    /** How many watches are registered, over all resources. */
    int watchCount() {
        return read(() -> tables.values().stream().distinct().mapToInt(t -> t.watches.size()).sum());
    }

    /** Serves what a stored CRD defines: its versions' types share one table, made when the CRD is new. */
    private void define(String crdName, ObjectNode crd) {
        List<CustomResources.Definition> old = customs.define(crd);
        old.forEach(d -> tables.remove(d.type()));
        boolean isNew = !crdTables.containsKey(crdName);
        Table table = crdTables.computeIfAbsent(crdName, k -> new Table());
        for (CustomResources.Definition d : customs.versions(crdName)) {
            tables.put(d.type(), table);
        }
        if (isNew) {
            customs.versions(crdName).stream().filter(CustomResources.Definition::storage).findFirst()
                    .ifPresent(d -> newTypeListeners.forEach(l -> l.accept(d.type())));
        }
    }

    /**
     * Deletes the objects of a CRD that is going (watches see each one DELETED, as when the real
     * server's finalizer deletes them) and stops serving its types.
     */
    private void undefine(String crdName) {
        List<CustomResources.Definition> versions = customs.versions(crdName);
        ResourceType storage = versions.stream().filter(CustomResources.Definition::storage)
                .map(CustomResources.Definition::type).findFirst().orElse(null);
        if (storage != null) {
            for (Entry e : list(storage, null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 0)) {
                remove(storage, e.namespace, e.name);
            }
        }
        customs.forget(crdName).forEach(d -> tables.remove(d.type()));
        Table table = crdTables.remove(crdName);
        if (table != null) {
            // as the real server does, the watches of the resource end (after their DELETED events)
            for (Watch w : List.copyOf(table.watches)) {
                if (w.onEnd != null) {
                    w.onEnd.run();
                }
            }
        }
    }

    private void record(Table table, Event event) {
        table.history.addLast(event);
        while (table.history.size() > historyPerResource) {
            table.compactedRevision = table.history.removeFirst().resourceVersion;
        }
        for (Watch w : table.watches) {
            String text = event.render(w);
            if (text != null) {
                w.sink.send(text);
            }
        }
    }

    private static void index(Table table, Entry e) {
        String key = e.key();
        e.labels.forEach((k, v) -> table.labelIndex.computeIfAbsent(k, x -> new HashMap<>())
                .computeIfAbsent(v, x -> new HashSet<>()).add(key));
    }

    private static void unindex(Table table, Entry e) {
        String key = e.key();
        e.labels.forEach((k, v) -> {
            Map<String, Set<String>> byValue = table.labelIndex.get(k);
            if (byValue == null) {
                return;
            }
            Set<String> keys = byValue.get(v);
            if (keys != null) {
                keys.remove(key);
                if (keys.isEmpty()) {
                    byValue.remove(v);
                    if (byValue.isEmpty()) {
                        table.labelIndex.remove(k);
                    }
                }
            }
        });
    }

    private static Entry toEntry(ResourceType type, String namespace, String name, long rv, ObjectNode object) {
        Map<String, String> labels = Map.of();
        JsonNode l = object.path("metadata").path("labels");
        if (l.isObject() && l.size() > 0) {
            Map<String, String> m = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = l.fields();
            while (it.hasNext()) {
                var f = it.next();
                m.put(f.getKey(), f.getValue().asText());
            }
            labels = Map.copyOf(m);
        }
        Map<String, String> fields = new HashMap<>();
        for (String path : INDEXED_FIELDS) {
            String v = Json.text(object, path);
            if (!v.isEmpty()) {
                fields.put(path, v);
            }
        }
        try {
            return new Entry(type, namespace, name, rv, Json.MAPPER.writeValueAsString(object), labels,
                    Map.copyOf(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + type + " " + namespace + "/" + name, e);
        }
    }

    private void requireWriteLock() {
        if (!lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("store changes must run within Store.write");
        }
    }

    static String frame(String type, String json) {
        return "{\"type\":\"" + type + "\",\"object\":" + json + "}";
    }

    /** Shared JSON helpers. */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }

        static ObjectNode parseObject(String json) {
            try {
                JsonNode n = MAPPER.readTree(json);
                if (!(n instanceof ObjectNode o)) {
                    throw new IllegalArgumentException("expected a JSON object");
                }
                return o;
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
            }
        }

        /** The text at a dotted path, "" when missing. */
        static String text(JsonNode node, String path) {
            JsonNode n = node;
            int start = 0;
            while (start <= path.length()) {
                int dot = path.indexOf('.', start);
                String part = dot < 0 ? path.substring(start) : path.substring(start, dot);
                n = n.path(part);
                if (n.isMissingNode() || n.isNull()) {
                    return "";
                }
                if (dot < 0) {
                    break;
                }
                start = dot + 1;
            }
            return n.isValueNode() ? n.asText() : "";
        }
    }
}
