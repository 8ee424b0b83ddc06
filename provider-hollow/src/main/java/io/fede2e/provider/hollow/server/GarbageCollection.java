package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The garbage collector, inside the API server so that it sees every kind: it follows each stored
 * object's ownerReferences through an owner-uid index fed by a watch on every resource, and does what
 * the real collector does for any kind:
 *
 * <ul>
 *   <li>background: an object whose owners (by uid) are all gone is deleted, whether they went
 *       before or after it was created;</li>
 *   <li>foreground: an owner deleted with {@code propagationPolicy=Foreground} carries the
 *       {@code foregroundDeletion} finalizer; its dependents are deleted and the finalizer goes once
 *       no dependent with {@code blockOwnerDeletion} is left;</li>
 *   <li>orphan: an owner being deleted with the {@code orphan} finalizer has its reference removed
 *       from its dependents, then loses the finalizer ({@code propagationPolicy=Orphan} itself is
 *       done synchronously by {@link ObjectOperations#delete}).</li>
 * </ul>
 *
 * <p>Events reach one thread in revision order (the watches are fed under the store's write lock), so
 * an owner is always indexed before any dependent naming it; a uid never comes back, so "every owner
 * is gone" is final and safe to act on.
 */
final class GarbageCollection implements AutoCloseable {

    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";
    private static final Logger LOG = Logger.getLogger(GarbageCollection.class.getName());
    private static final String STOP = "";

    /** What the index keeps of an object. */
    private record Node(ResourceType type, String namespace, String name, List<String> owners,
            Set<String> blocking, boolean deleting, List<String> finalizers) {
    }

    private final ObjectOperations ops;
    private final Store store;
    private final LinkedBlockingQueue<Object[]> events = new LinkedBlockingQueue<>();
    private final List<Store.Watch> watches = new ArrayList<>();
    private final Thread thread;
    /** Live objects by uid; touched by the collector's thread only. */
    private final Map<String, Node> nodes = new HashMap<>();
    /** Dependent uids by owner uid; touched by the collector's thread only. */
    private final Map<String, Set<String>> dependents = new HashMap<>();

    GarbageCollection(ObjectOperations ops) {
        this.ops = ops;
        this.store = ops.store();
        for (ResourceType type : store.types()) {
            watchAll(type);
        }
        // the objects of CRDs created later are collected as well
        store.onNewType(this::watchAll);
        this.thread = new Thread(this::run, "hollow-garbage-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void watchAll(ResourceType type) {
        Store.Watch w = store.watch(type, null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null,
                text -> events.add(new Object[] {type, text}));
        synchronized (watches) {
            watches.add(w);
        }
    }

    /**
     * Adds the finalizer a delete's propagation policy asks for to the object's metadata: the
     * collector then finishes the deletion. Returns whether it added one.
     */
    static boolean addPropagationFinalizer(ObjectNode meta, String propagationPolicy) {
        if (!"Foreground".equals(propagationPolicy)) {
            return false;
        }
        ArrayNode finalizers = meta.withArray("finalizers");
        for (JsonNode f : finalizers) {
            if (FOREGROUND.equals(f.asText())) {
                return false;
            }
        }
        finalizers.add(FOREGROUND);
        return true;
    }

    private void run() {
        while (true) {
            Object[] first;
            try {
                first = events.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            if (first[1] == STOP) {
                return;
            }
            List<Object[]> batch = new ArrayList<>();
            batch.add(first);
            events.drainTo(batch);
            Set<String> dirtyDependents = new LinkedHashSet<>();
            Set<String> dirtyOwners = new LinkedHashSet<>();
            boolean stop = false;
            for (Object[] e : batch) {
                if (e[1] == STOP) {
                    stop = true;
                    break;
                }
                index((ResourceType) e[0], (String) e[1], dirtyDependents, dirtyOwners);
            }
            if (stop) {
                return;
            }
            try {
                dirtyOwners.forEach(this::finishOwner);
                dirtyDependents.forEach(this::collectDependent);
            } catch (RuntimeException e) {
                // A failed step is retried at the next change of these objects; the collector goes on.
                LOG.log(Level.FINE, "garbage collection step failed", e);
            }
        }
    }

    private void index(ResourceType type, String frame, Set<String> dirtyDependents, Set<String> dirtyOwners) {
        ObjectNode event = Store.Json.parseObject(frame);
        String kind = event.path("type").asText();
        JsonNode obj = event.path("object");
        JsonNode meta = obj.path("metadata");
        String uid = meta.path("uid").asText("");
        if (uid.isEmpty()) {
            return;
        }
        Node old = nodes.remove(uid);
        if (old != null) {
            for (String owner : old.owners()) {
                Set<String> deps = dependents.get(owner);
                if (deps != null) {
                    deps.remove(uid);
                    if (deps.isEmpty()) {
                        dependents.remove(owner);
                    }
                }
            }
        }
        if (kind.equals("DELETED")) {
            if (old != null) {
                dirtyOwners.addAll(old.owners());
            }
            dirtyDependents.addAll(dependents.getOrDefault(uid, Set.of()));
            return;
        }
        List<String> owners = new ArrayList<>();
        Set<String> blocking = new LinkedHashSet<>();
        for (JsonNode ref : meta.path("ownerReferences")) {
            String ownerUid = ref.path("uid").asText("");
            if (!ownerUid.isEmpty()) {
                owners.add(ownerUid);
                if (ref.path("blockOwnerDeletion").asBoolean(false)) {
                    blocking.add(ownerUid);
                }
            }
        }
        List<String> finalizers = new ArrayList<>();
        meta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
        Node node = new Node(type, obj.path("metadata").path("namespace").asText(""), meta.path("name").asText(),
                owners, blocking, meta.has("deletionTimestamp"), finalizers);
        nodes.put(uid, node);
        for (String owner : owners) {
            dependents.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(uid);
        }
        // The owners of a changed dependent may be waiting for it; a removed reference frees them too.
        dirtyOwners.addAll(owners);
        if (old != null) {
            dirtyOwners.addAll(old.owners());
        }
        if (!owners.isEmpty()) {
            dirtyDependents.add(uid);
        }
        if (node.deleting() && (finalizers.contains(FOREGROUND) || finalizers.contains(ORPHAN))) {
            dirtyOwners.add(uid);
        }
    }

    /** Deletes a dependent whose owners are all gone. */
    private void collectDependent(String uid) {
        Node node = nodes.get(uid);
        if (node == null || node.deleting() || node.owners().isEmpty()) {
            return;
        }
        for (String owner : node.owners()) {
            if (nodes.containsKey(owner)) {
                return;
            }
        }
        delete(uid, node, null);
    }

    /** Moves an owner's foreground or orphan deletion on, and ends it once nothing holds the owner. */
    private void finishOwner(String uid) {
        Node owner = nodes.get(uid);
        if (owner == null || !owner.deleting()) {
            return;
        }
        if (owner.finalizers().contains(ORPHAN)) {
            for (String dep : List.copyOf(dependents.getOrDefault(uid, Set.of()))) {
                dropOwnerReference(dep, uid);
            }
            removeFinalizer(uid, owner, ORPHAN);
            return;
        }
        if (!owner.finalizers().contains(FOREGROUND)) {
            return;
        }
        boolean blocked = false;
        for (String dep : List.copyOf(dependents.getOrDefault(uid, Set.of()))) {
            Node d = nodes.get(dep);
            if (d == null) {
                continue;
            }
            if (d.blocking().contains(uid)) {
                blocked = true;
            }
            if (!d.deleting()) {
                // A blocking dependent goes in the foreground too, so that its own dependents go first.
                delete(dep, d, d.blocking().contains(uid) ? "Foreground" : null);
            }
        }
        if (!blocked) {
            removeFinalizer(uid, owner, FOREGROUND);
        }
    }

    private void delete(String uid, Node node, String policy) {
        try {
            ops.delete(node.type(), node.namespace(), node.name(),
                    new ObjectOperations.DeleteOptions(null, policy, uid, null));
        } catch (ApiError e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }

    private void removeFinalizer(String uid, Node node, String finalizer) {
        removeFromList(uid, node, "finalizers", f -> finalizer.equals(f.asText()), false);
    }

    private void dropOwnerReference(String uid, String ownerUid) {
        Node node = nodes.get(uid);
        if (node != null) {
            removeFromList(uid, node, "ownerReferences", r -> ownerUid.equals(r.path("uid").asText()), true);
        }
    }

    /**
     * Merge-patches a metadata list of the object without the entries {@code drop} matches, if the
     * object is still the one with {@code uid} (a namesake created since is left alone); an
     * emptied list is removed when {@code removeWhenEmpty}, as Kubernetes leaves no empty
     * ownerReferences behind.
     */
    private void removeFromList(String uid, Node node, String field, Predicate<JsonNode> drop,
            boolean removeWhenEmpty) {
        try {
            store.write(() -> {
                Store.Entry current = store.get(node.type(), node.namespace(), node.name());
                if (current == null) {
                    return null;
                }
                ObjectNode obj = current.object();
                if (!uid.equals(obj.path("metadata").path("uid").asText())) {
                    return null;
                }
                ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                obj.path("metadata").path(field).forEach(e -> {
                    if (!drop.test(e)) {
                        kept.add(e);
                    }
                });
                ObjectNode patch = JsonNodeFactory.instance.objectNode();
                if (kept.isEmpty() && removeWhenEmpty) {
                    patch.putObject("metadata").putNull(field);
                } else {
                    patch.putObject("metadata").set(field, kept);
                }
                return ops.patch(node.type(), node.namespace(), node.name(), null, "application/merge-patch+json",
                        patch);
            });
        } catch (ApiError e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        List<Store.Watch> open;
        synchronized (watches) {
            open = new ArrayList<>(watches);
        }
        open.forEach(store::unwatch);
        events.add(new Object[] {null, STOP});
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
