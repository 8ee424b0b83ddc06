package io.fede2e.provider.hollow.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The API server's rules for changing objects, on top of {@link Store}: what create, update,
 * status update, patch, delete, binding and namespace finalization do, as the real API server does
 * them for the built-in types.
 */
final class ObjectOperations {

    /** The alphabet the API server draws generateName suffixes from (no vowels, no look-alikes). */
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int DEFAULT_POD_GRACE_SECONDS = 30;
    private static final List<ResourceType> STATUS_RESET_ON_CREATE = List.of(
            ResourceTypes.find("apps/v1", "deployments").orElseThrow(),
            ResourceTypes.find("apps/v1", "replicasets").orElseThrow(),
            ResourceTypes.find("apps/v1", "statefulsets").orElseThrow(),
            ResourceTypes.find("apps/v1", "daemonsets").orElseThrow(),
            ResourceTypes.find("batch/v1", "jobs").orElseThrow(),
            ResourceTypes.find("batch/v1", "cronjobs").orElseThrow());
    /** Resources whose PUT creates a missing object, as their registry strategies allow. */
    private static final List<String> CREATE_ON_UPDATE = List.of("endpoints", "leases", "events");
    private static final ResourceType SERVICE_ACCOUNTS = ResourceTypes.find("v1", "serviceaccounts").orElseThrow();
    private static final ResourceType SECRETS = ResourceTypes.find("v1", "secrets").orElseThrow();

    /** Options of a delete call. */
    record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
            String preconditionResourceVersion) {
        static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null);
    }

    private final Store store;
    private final Clock clock;
    private final Random random;
    private final Consumer<String> onNamespaceTerminating;
    private final ClusterIps clusterIps = new ClusterIps();
    private final Quotas quotas;
    private volatile FieldManager fields;

    ObjectOperations(Store store, Clock clock, Random random, Consumer<String> onNamespaceTerminating) {
        this.store = store;
        this.clock = clock;
        this.random = random == null ? new SecureRandom() : random;
        this.onNamespaceTerminating = onNamespaceTerminating;
        this.quotas = new Quotas(store);
        store.afterChange(quotas::sync);
    }

    Store store() {
        return store;
    }

    /** Keeps {@code metadata.managedFields} with {@code manager} on the writes that name a manager. */
    void trackFields(FieldManager manager) {
        this.fields = manager;
    }

    /** Creates {@code body} in {@code namespace} ("" for cluster-scoped types). */
    Store.Entry create(ResourceType type, String namespace, ObjectNode body, boolean dryRun) {
        return create(type, namespace, body, dryRun, null);
    }

    /**
     * Creates {@code body} in {@code namespace}, recording an {@code Update} entry of {@code manager}
     * in its managedFields (none when {@code manager} is null).
     */
    Store.Entry create(ResourceType type, String namespace, ObjectNode body, boolean dryRun, String manager) {
        return store.write(() -> {
            ObjectNode meta = metadata(body);
            String bodyNs = meta.path("namespace").asText("");
            if (type.namespaced() && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
                throw ApiError.badRequest("the namespace of the provided object (" + bodyNs
                        + ") does not match the namespace sent on the request (" + namespace + ")");
            }
            String name = meta.path("name").asText("");
            if (name.isEmpty()) {
                String generate = meta.path("generateName").asText("");
                if (generate.isEmpty()) {
                    throw ApiError.invalid(type, "", "metadata.name: Required value: name or generateName is required");
                }
                do {
                    name = generate + suffix();
                } while (store.get(type, namespace, name) != null);
            }
            validateName(type, name);
            Validation.require(type, name, Validation.onCreate(type, name, body));
            if (type.namespaced()) {
                Store.Entry ns = store.get(ResourceTypes.NAMESPACES, "", namespace);
                if (ns == null) {
                    throw ApiError.namespaceNotFound(namespace);
                }
                if (ns.object().path("metadata").has("deletionTimestamp")) {
                    throw ApiError.terminating(type, name, namespace);
                }
            }
            if (store.get(type, namespace, name) != null) {
                throw ApiError.alreadyExists(type, name);
            }
            body.put("apiVersion", type.apiVersion());
            body.put("kind", type.kind());
            meta.put("name", name);
            if (type.namespaced()) {
                meta.put("namespace", namespace);
            } else {
                meta.remove("namespace");
            }
            meta.put("uid", UUID.randomUUID().toString());
            meta.put("creationTimestamp", timestamp(clock.instant()));
            meta.remove("resourceVersion");
            meta.remove("deletionTimestamp");
            meta.remove("deletionGracePeriodSeconds");
            meta.remove("selfLink");
            if (type.statusSubresource()) {
                meta.put("generation", 1);
            }
            prepareForCreate(type, body, name);
            if (type == ResourceTypes.CUSTOM_RESOURCE_DEFINITIONS) {
                Validation.require(type, name, CustomResources.validate(body));
                body.remove("status");
                CustomResources.establish(body, clock.instant());
            }
            store.customs().prepare(type, body);
            Validation.require(type, name, store.customs().invalid(type, body));
            if (type == ClusterIps.SERVICES) {
                clusterIps.allocate(store, body, name);
            }
            FieldManager tracker = fields;
            if (tracker != null && manager != null) {
                tracker.update(type, null, body, manager);
            }
            quotas.admit(type, namespace, body);
            if (type == SERVICE_ACCOUNTS && !dryRun) {
                addTokenSecret(namespace, body);
            }
            if (dryRun) {
                return new Store.Entry(type, namespace, name, store.revision(), body.toString(), java.util.Map.of(),
                        java.util.Map.of());
            }
            Store.Entry created = store.put(type, namespace, name, body);
            if (type == ResourceTypes.NAMESPACES) {
                createDefaultServiceAccount(name);
            }
            return created;
        });
    }

    private void prepareForCreate(ResourceType type, ObjectNode body, String name) {
        if (type == ResourceTypes.PODS) {
            ObjectNode spec = body.with("spec");
            putIfAbsent(spec, "restartPolicy", "Always");
            putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
            putIfAbsent(spec, "schedulerName", "default-scheduler");
            putIfAbsent(spec, "serviceAccountName", "default");
            putIfAbsent(spec, "serviceAccount", spec.path("serviceAccountName").asText());
            if (!spec.has("terminationGracePeriodSeconds")) {
                spec.put("terminationGracePeriodSeconds", DEFAULT_POD_GRACE_SECONDS);
            }
            if (!spec.has("priority")) {
                spec.put("priority", 0);
            }
            if (!spec.has("enableServiceLinks")) {
                spec.put("enableServiceLinks", true);
            }
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.put("phase", "Pending");
            status.put("qosClass", qosClass(spec));
            body.set("status", status);
        } else if (type == ResourceTypes.NAMESPACES) {
            ObjectNode spec = body.with("spec");
            ArrayNode finalizers = JsonNodeFactory.instance.arrayNode().add("kubernetes");
            spec.set("finalizers", finalizers);
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.put("phase", "Active");
            body.set("status", status);
            metadata(body).with("labels").put("kubernetes.io/metadata.name", name);
        } else if (STATUS_RESET_ON_CREATE.contains(type)) {
            body.set("status", JsonNodeFactory.instance.objectNode());
        }
    }

    private void createDefaultServiceAccount(String namespace) {
        if (store.get(SERVICE_ACCOUNTS, namespace, "default") != null) {
            return;
        }
        ObjectNode sa = JsonNodeFactory.instance.objectNode();
        sa.put("apiVersion", "v1");
        sa.put("kind", "ServiceAccount");
        ObjectNode meta = sa.putObject("metadata");
        meta.put("name", "default");
        meta.put("namespace", namespace);
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", timestamp(clock.instant()));
        addTokenSecret(namespace, sa);
        store.put(SERVICE_ACCOUNTS, namespace, "default", sa);
    }

    /**
     * The token controller of Kubernetes up to 1.23: every ServiceAccount gets a Secret of type
     * {@code kubernetes.io/service-account-token}, listed in its {@code secrets}, in the same write as
     * the account. Clients of that era wait for it (e2e.test 1.20's framework waits, for every test
     * namespace, until {@code default} has a secret). The token is random text: the server
     * authenticates nobody, so it opens nothing.
     */
    private void addTokenSecret(String namespace, ObjectNode sa) {
        if (sa.path("secrets").size() > 0) {
            return;
        }
        ObjectNode saMeta = metadata(sa);
        String secretName;
        do {
            secretName = saMeta.path("name").asText() + "-token-" + suffix();
        } while (store.get(SECRETS, namespace, secretName) != null);
        ObjectNode secret = JsonNodeFactory.instance.objectNode();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        ObjectNode meta = secret.putObject("metadata");
        meta.put("name", secretName);
        meta.put("namespace", namespace);
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", timestamp(clock.instant()));
        ObjectNode annotations = meta.putObject("annotations");
        annotations.put("kubernetes.io/service-account.name", saMeta.path("name").asText());
        annotations.put("kubernetes.io/service-account.uid", saMeta.path("uid").asText());
        secret.put("type", "kubernetes.io/service-account-token");
        byte[] token = new byte[32];
        random.nextBytes(token);
        ObjectNode data = secret.putObject("data");
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        data.put("token", b64.encodeToString(java.util.HexFormat.of().formatHex(token)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        data.put("namespace", b64.encodeToString(namespace.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        store.put(SECRETS, namespace, secretName, secret);
        sa.putArray("secrets").addObject().put("name", secretName);
    }

    /** Replaces the object (PUT), keeping its status when status is a subresource. */
    Store.Entry update(ResourceType type, String namespace, String name, ObjectNode body) {
        return update(type, namespace, name, body, null);
    }

    /** Replaces the object (PUT) as {@code manager} (null: managedFields not tracked). */
    Store.Entry update(ResourceType type, String namespace, String name, ObjectNode body, String manager) {
        return store.write(() -> {
            if (CREATE_ON_UPDATE.contains(type.plural()) && store.get(type, namespace, name) == null) {
                metadata(body).put("name", name);
                return create(type, namespace, body, false, manager);
            }
            Store.Entry current = existing(type, namespace, name);
            checkNameAndVersion(type, name, body, current);
            ObjectNode old = current.object();
            ObjectNode next = body;
            applyMainResourceRules(type, name, old, next);
            return commit(type, namespace, name, current, old, next, manager);
        });
    }

    /** Replaces only the status (PUT .../status). */
    Store.Entry updateStatus(ResourceType type, String namespace, String name, ObjectNode body) {
        return updateStatus(type, namespace, name, body, null);
    }

    /** Replaces only the status (PUT .../status) as {@code manager}. */
    Store.Entry updateStatus(ResourceType type, String namespace, String name, ObjectNode body, String manager) {
        return store.write(() -> {
            Store.Entry current = existing(type, namespace, name);
            checkNameAndVersion(type, name, body, current);
            ObjectNode old = current.object();
            ObjectNode next = old.deepCopy();
            copyField(body, next, "status");
            return commit(type, namespace, name, current, old, next, manager);
        });
    }

    /** Applies a patch to the object ({@code subresource} null) or to its status. */
    Store.Entry patch(ResourceType type, String namespace, String name, String subresource, String contentType,
            JsonNode patch) {
        return patch(type, namespace, name, subresource, contentType, patch, null, false);
    }

    /**
     * Applies a patch as {@code manager} (null: managedFields not tracked); a server-side apply
     * ({@code application/apply-patch+yaml}) goes through the {@link FieldManager}, which may refuse
     * it with a conflict unless {@code force}.
     */
    Store.Entry patch(ResourceType type, String namespace, String name, String subresource, String contentType,
            JsonNode patch, String manager, boolean force) {
        return store.write(() -> {
            Store.Entry current = existing(type, namespace, name);
            ObjectNode old = current.object();
            FieldManager tracker = fields;
            if (tracker != null && manager != null && isApply(contentType)) {
                if (!(patch instanceof ObjectNode config)) {
                    throw ApiError.badRequest("invalid patch for " + type.qualifiedName() + " \"" + name
                            + "\": an apply configuration must be an object");
                }
                ObjectNode next = tracker.apply(type, old, config.deepCopy(), manager, force);
                checkNameAndVersion(type, name, next, current);
                if ("status".equals(subresource)) {
                    ObjectNode onlyStatus = old.deepCopy();
                    copyField(next, onlyStatus, "status");
                    metadata(onlyStatus).set("managedFields", next.path("metadata").path("managedFields"));
                    return commit(type, namespace, name, current, old, onlyStatus);
                }
                applyMainResourceRules(type, name, old, next);
                return commit(type, namespace, name, current, old, next);
            }
            JsonNode patched;
            try {
                patched = Patches.apply(contentType, patch, old.deepCopy());
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("invalid patch for " + type.qualifiedName() + " \"" + name + "\": "
                        + e.getMessage());
            } catch (RuntimeException e) {
                throw ApiError.invalid(type, name, "the patch cannot be applied: " + e.getMessage());
            }
            if (!(patched instanceof ObjectNode next)) {
                throw ApiError.invalid(type, name, "the patch does not leave an object");
            }
            checkNameAndVersion(type, name, next, current);
            if ("status".equals(subresource)) {
                ObjectNode onlyStatus = old.deepCopy();
                copyField(next, onlyStatus, "status");
                return commit(type, namespace, name, current, old, onlyStatus, manager);
            }
            applyMainResourceRules(type, name, old, next);
            return commit(type, namespace, name, current, old, next, manager);
        });
    }

    /**
     * Server-side apply of {@code config} to an object that does not exist yet: creates it, with
     * an {@code Apply} entry of {@code manager}, as the API server does.
     */
    Store.Entry applyCreate(ResourceType type, String namespace, String name, ObjectNode config, String manager,
            boolean force, boolean dryRun) {
        return store.write(() -> {
            FieldManager tracker = fields;
            ObjectNode object = tracker == null ? config : tracker.apply(type, null, config.deepCopy(), manager, force);
            metadata(object).put("name", name);
            return create(type, namespace, object, dryRun, null);
        });
    }

    static boolean isApply(String contentType) {
        return contentType != null && contentType.startsWith("application/apply-patch");
    }

    /** Sets a namespace's spec.finalizers (PUT namespaces/x/finalize). */
    Store.Entry finalizeNamespace(String name, ObjectNode body) {
        return store.write(() -> {
            Store.Entry current = existing(ResourceTypes.NAMESPACES, "", name);
            checkNameAndVersion(ResourceTypes.NAMESPACES, name, body, current);
            ObjectNode old = current.object();
            ObjectNode next = old.deepCopy();
            JsonNode finalizers = body.path("spec").path("finalizers");
            if (finalizers.isArray()) {
                next.with("spec").set("finalizers", finalizers.deepCopy());
            } else {
                next.with("spec").remove("finalizers");
            }
            return commit(ResourceTypes.NAMESPACES, "", name, current, old, next);
        });
    }

    /** Assigns a pod to a node (POST pods/x/binding). */
    void bind(String namespace, String name, ObjectNode binding) {
        store.write(() -> {
            Store.Entry current = existing(ResourceTypes.PODS, namespace, name);
            String node = binding.path("target").path("name").asText("");
            if (node.isEmpty()) {
                throw ApiError.invalid(ResourceTypes.PODS, name, "target.name: Required value");
            }
            ObjectNode pod = current.object();
            if (pod.path("metadata").has("deletionTimestamp")) {
                throw ApiError.conflict(ResourceTypes.PODS, name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String assigned = pod.path("spec").path("nodeName").asText("");
            if (!assigned.isEmpty()) {
                throw ApiError.conflict(ResourceTypes.PODS, name, "pod " + name + " is already assigned to node \""
                        + assigned + "\"");
            }
            ObjectNode next = pod.deepCopy();
            next.with("spec").put("nodeName", node);
            JsonNode annotations = binding.path("metadata").path("annotations");
            if (annotations.isObject()) {
                annotations.fields().forEachRemaining(f -> metadata(next).with("annotations").set(f.getKey(), f.getValue()));
            }
            ObjectNode condition = JsonNodeFactory.instance.objectNode();
            condition.put("type", "PodScheduled");
            condition.put("status", "True");
            condition.putNull("lastProbeTime");
            condition.put("lastTransitionTime", timestamp(clock.instant()));
            setCondition(next.with("status"), condition);
            return commit(ResourceTypes.PODS, namespace, name, current, pod, next);
        });
    }

    /**
     * Deletes an object. Objects with finalizers, pods on a node with a grace period and namespaces
     * get a deletionTimestamp and stay; everything else goes at once. Returns the object's last state.
     */
    Store.Entry delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        return store.write(() -> {
            Store.Entry current = existing(type, namespace, name);
            ObjectNode obj = current.object();
            ObjectNode meta = metadata(obj);
            if (options.preconditionUid() != null && !options.preconditionUid().equals(meta.path("uid").asText())) {
                throw ApiError.conflict(type, name, "Precondition failed: UID in precondition: "
                        + options.preconditionUid() + ", UID in object meta: " + meta.path("uid").asText());
            }
            if (options.preconditionResourceVersion() != null
                    && !options.preconditionResourceVersion().equals(meta.path("resourceVersion").asText())) {
                throw ApiError.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                        + options.preconditionResourceVersion() + ", ResourceVersion in object meta: "
                        + meta.path("resourceVersion").asText());
            }
            if ("Orphan".equals(options.propagationPolicy()) && type != ResourceTypes.NAMESPACES
                    && type != ResourceTypes.PODS) {
                // As the real API does, the owner is marked as being deleted before its dependents
                // lose their reference, so that its controller does not replace the orphans.
                if (!meta.has("deletionTimestamp")) {
                    ObjectNode marked = obj.deepCopy();
                    metadata(marked).put("deletionTimestamp", timestamp(clock.instant()));
                    metadata(marked).put("deletionGracePeriodSeconds", 0);
                    current = store.put(type, namespace, name, marked);
                    obj = current.object();
                    meta = metadata(obj);
                }
                orphanDependents(namespace, meta.path("uid").asText());
            }
            if (type != ResourceTypes.NAMESPACES) {
                GarbageCollection.addPropagationFinalizer(meta, options.propagationPolicy());
            }
            if (type == ResourceTypes.NAMESPACES) {
                if (meta.has("deletionTimestamp")) {
                    return current;
                }
                ObjectNode next = obj.deepCopy();
                metadata(next).put("deletionTimestamp", timestamp(clock.instant()));
                metadata(next).put("deletionGracePeriodSeconds", 0);
                next.with("status").put("phase", "Terminating");
                Store.Entry terminating = commit(type, namespace, name, current, obj, next);
                onNamespaceTerminating.accept(name);
                return terminating;
            }
            long grace = 0;
            if (type == ResourceTypes.PODS) {
                grace = options.gracePeriodSeconds() != null ? options.gracePeriodSeconds()
                        : obj.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_POD_GRACE_SECONDS);
                String phase = obj.path("status").path("phase").asText("");
                if (obj.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded")
                        || phase.equals("Failed")) {
                    grace = 0;
                }
                grace = Math.max(0, grace);
            }
            boolean hasFinalizers = meta.path("finalizers").size() > 0;
            if (grace == 0 && !hasFinalizers) {
                return store.remove(type, namespace, name);
            }
            if (meta.has("deletionTimestamp")) {
                long currentGrace = meta.path("deletionGracePeriodSeconds").asLong(0);
                if (grace >= currentGrace) {
                    return current;
                }
            }
            ObjectNode next = obj.deepCopy();
            metadata(next).put("deletionTimestamp", timestamp(clock.instant().plusSeconds(grace)));
            metadata(next).put("deletionGracePeriodSeconds", grace);
            return commit(type, namespace, name, current, obj, next);
        });
    }

    /**
     * One step of finalizing a terminating namespace: deletes what is left in it and, once it is empty,
     * removes the {@code kubernetes} finalizer. Returns whether the namespace is done with.
     */
    boolean finalizeNamespaceStep(String namespace) {
        boolean empty = true;
        for (ResourceType type : store.types()) {
            if (!type.namespaced()) {
                continue;
            }
            boolean typeEmpty = store.write(() -> {
                boolean none = true;
                for (Store.Entry e : store.list(type, namespace, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING,
                        null, 0)) {
                    none = false;
                    ObjectNode obj = e.object();
                    boolean hasFinalizers = obj.path("metadata").path("finalizers").size() > 0;
                    if (!hasFinalizers) {
                        store.remove(type, namespace, e.name);
                    } else if (!obj.path("metadata").has("deletionTimestamp")) {
                        ObjectNode next = obj.deepCopy();
                        metadata(next).put("deletionTimestamp", timestamp(clock.instant()));
                        metadata(next).put("deletionGracePeriodSeconds", 0);
                        store.put(type, namespace, e.name, next);
                    }
                }
                return none || store.list(type, namespace, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 1)
                        .isEmpty();
            });
            empty &= typeEmpty;
        }
        if (!empty) {
            return false;
        }
        return store.write(() -> {
            Store.Entry ns = store.get(ResourceTypes.NAMESPACES, "", namespace);
            if (ns == null) {
                return true;
            }
            ObjectNode old = ns.object();
            ObjectNode next = old.deepCopy();
            JsonNode finalizers = next.path("spec").path("finalizers");
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            finalizers.forEach(f -> {
                if (!f.asText().equals("kubernetes")) {
                    kept.add(f);
                }
            });
            next.with("spec").set("finalizers", kept);
            commit(ResourceTypes.NAMESPACES, "", namespace, ns, old, next);
            return true;
        });
    }

    private void orphanDependents(String namespace, String ownerUid) {
        if (ownerUid.isEmpty()) {
            return;
        }
        for (ResourceType type : store.types()) {
            // a namespaced owner's dependents share its namespace; a cluster-scoped owner's may be anywhere
            List<Store.Entry> candidates = namespace.isEmpty()
                    ? store.list(type, null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 0)
                    : type.namespaced()
                    ? store.list(type, namespace, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING, null, 0)
                    : List.of();
            for (Store.Entry e : candidates) {
                if (!e.json.contains(ownerUid)) {
                    continue;
                }
                ObjectNode obj = e.object();
                JsonNode refs = obj.path("metadata").path("ownerReferences");
                ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                refs.forEach(r -> {
                    if (!ownerUid.equals(r.path("uid").asText())) {
                        kept.add(r);
                    }
                });
                if (kept.size() != refs.size()) {
                    if (kept.isEmpty()) {
                        metadata(obj).remove("ownerReferences");
                    } else {
                        metadata(obj).set("ownerReferences", kept);
                    }
                    store.put(type, e.namespace, e.name, obj);
                }
            }
        }
    }

    /**
     * Stores {@code next} unless it changes nothing; removes the object instead when it is being
     * deleted and nothing holds it any more.
     */
    private Store.Entry commit(ResourceType type, String namespace, String name, Store.Entry current, ObjectNode old,
            ObjectNode next) {
        return commit(type, namespace, name, current, old, next, null);
    }

    private Store.Entry commit(ResourceType type, String namespace, String name, Store.Entry current, ObjectNode old,
            ObjectNode next, String manager) {
        ObjectNode meta = metadata(next);
        meta.put("resourceVersion", Long.toString(current.resourceVersion));
        if (type == ResourceTypes.CUSTOM_RESOURCE_DEFINITIONS) {
            Validation.require(type, name, CustomResources.validate(next));
            CustomResources.establish(next, clock.instant());
        }
        store.customs().prepare(type, next);
        Validation.require(type, name, store.customs().invalid(type, next));
        FieldManager tracker = fields;
        if (tracker != null && manager != null) {
            tracker.update(type, old, next, manager);
        }
        if (next.equals(old)) {
            return current;
        }
        if (meta.has("deletionTimestamp") && meta.path("finalizers").size() == 0) {
            boolean podWaitingForKubelet = type == ResourceTypes.PODS
                    && meta.path("deletionGracePeriodSeconds").asLong(0) > 0;
            boolean namespaceFinalizers = type == ResourceTypes.NAMESPACES
                    && next.path("spec").path("finalizers").size() > 0;
            if (!podWaitingForKubelet && !namespaceFinalizers) {
                return store.remove(type, namespace, name, next);
            }
        }
        return store.put(type, namespace, name, next);
    }

    private Store.Entry existing(ResourceType type, String namespace, String name) {
        Store.Entry current = store.get(type, namespace, name);
        if (current == null) {
            throw ApiError.notFound(type, name);
        }
        return current;
    }

    private static void checkNameAndVersion(ResourceType type, String name, ObjectNode body, Store.Entry current) {
        String bodyName = body.path("metadata").path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + name + ")");
        }
        String rv = body.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty() && !rv.equals(Long.toString(current.resourceVersion))) {
            throw ApiError.conflict(type, name);
        }
    }

    /**
     * The rules of a write to the main resource, the same for PUT and PATCH: identity carried over,
     * validated, cluster IP kept, status and namespace finalizers untouched (they have their own
     * subresources), and generation bumped when the spec changes.
     */
    private static void applyMainResourceRules(ResourceType type, String name, ObjectNode old, ObjectNode next) {
        carryOverIdentity(type, old, next);
        Validation.require(type, name, Validation.onUpdate(type, next));
        if (type == ClusterIps.SERVICES) {
            ClusterIps.keep(old, next, name);
        }
        if (type == ResourceTypes.PODS) {
            requireMutablePodFields(name, old, next);
        }
        if (type.statusSubresource()) {
            copyField(old, next, "status");
        }
        if (type == ResourceTypes.NAMESPACES) {
            // spec.finalizers only changes through the finalize subresource
            copyField(old.with("spec"), next.with("spec"), "finalizers");
        }
        if (type.statusSubresource() && !old.path("spec").equals(next.path("spec"))) {
            metadata(next).put("generation", old.path("metadata").path("generation").asLong(1) + 1);
        }
    }

    /**
     * A pod's spec is immutable but for images, activeDeadlineSeconds, tolerations and the grace
     * period, as the real API validates it (so a pod cannot change the resources a quota counted).
     */
    private static void requireMutablePodFields(String name, ObjectNode old, ObjectNode next) {
        if (!next.has("spec")) {
            return;
        }
        if (!mutableStripped(old.path("spec")).equals(mutableStripped(next.path("spec")))) {
            throw ApiError.invalid(ResourceTypes.PODS, name, "spec: Forbidden: pod updates may not change fields other "
                    + "than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, "
                    + "`spec.tolerations` (only additions to existing tolerations) or "
                    + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
        }
    }

    private static JsonNode mutableStripped(JsonNode spec) {
        if (!(spec instanceof ObjectNode o)) {
            return spec;
        }
        ObjectNode copy = o.deepCopy();
        for (String f : List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "nodeName")) {
            copy.remove(f);
        }
        for (String list : List.of("containers", "initContainers")) {
            copy.path(list).forEach(c -> {
                if (c instanceof ObjectNode container) {
                    container.remove("image");
                }
            });
        }
        return copy;
    }

    private static void carryOverIdentity(ResourceType type, ObjectNode old, ObjectNode next) {
        ObjectNode oldMeta = metadata(old);
        ObjectNode meta = metadata(next);
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "namespace", "name", "generation")) {
            copyField(oldMeta, meta, f);
        }
        next.put("apiVersion", type.apiVersion());
        next.put("kind", type.kind());
    }

    private static void copyField(ObjectNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v == null) {
            to.remove(field);
        } else {
            to.set(field, v.deepCopy());
        }
    }

    private static void setCondition(ObjectNode status, ObjectNode condition) {
        ArrayNode conditions = status.withArray("conditions");
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).path("type").asText().equals(condition.path("type").asText())) {
                conditions.set(i, condition);
                return;
            }
        }
        conditions.add(condition);
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (node.path(field).asText("").isEmpty()) {
            node.put(field, value);
        }
    }

    private static String qosClass(ObjectNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode c : spec.path("containers")) {
            JsonNode requests = c.path("resources").path("requests");
            JsonNode limits = c.path("resources").path("limits");
            if (requests.size() > 0 || limits.size() > 0) {
                any = true;
            }
            for (String r : List.of("cpu", "memory")) {
                JsonNode limit = limits.get(r);
                JsonNode request = requests.has(r) ? requests.get(r) : limit;
                if (limit == null || !limit.equals(request)) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    static ObjectNode metadata(ObjectNode obj) {
        JsonNode meta = obj.get("metadata");
        if (meta instanceof ObjectNode m) {
            return m;
        }
        return obj.putObject("metadata");
    }

    private static void validateName(ResourceType type, String name) {
        if (type == ResourceTypes.NAMESPACES) {
            if (name.length() > 63 || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                throw ApiError.invalid(type, name, "metadata.name: Invalid value: \"" + name
                        + "\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                        + "and must start and end with an alphanumeric character");
            }
            return;
        }
        if (name.length() > 253 || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
            throw ApiError.invalid(type, name, "metadata.name: Invalid value: \"" + name
                    + "\": may not be '.' or '..', contain '/' or '%', or be longer than 253 characters");
        }
    }

    private String suffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return sb.toString();
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The namespaces waiting to be finalized, for a restart of finalization. */
    List<String> terminatingNamespaces() {
        List<String> out = new ArrayList<>();
        for (Store.Entry e : store.all(ResourceTypes.NAMESPACES)) {
            if ("Terminating".equals(e.field("status.phase"))) {
                out.add(e.name);
            }
        }
        return out;
    }
}
