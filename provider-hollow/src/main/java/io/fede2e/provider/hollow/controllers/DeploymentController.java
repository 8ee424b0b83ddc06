package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Deployment controller: one ReplicaSet per pod template (named by its pod-template-hash),
 * rolling updates within maxSurge and maxUnavailable, Recreate, revisions, rollback by template,
 * history cleanup and the status with its Available and Progressing conditions.
 */
final class DeploymentController implements AutoCloseable {

    static final String COMPONENT = "deployment-controller";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String HASH_LABEL = "pod-template-hash";

    private final ControllerContext ctx;
    private final WorkQueue queue;

    DeploymentController(ControllerContext ctx) {
        this.ctx = ctx;
        this.queue = ctx.queue("deployment", Math.max(2, ctx.settings.workerThreads() / 4), this::sync);
        ctx.informers.deployments.addEventHandler(Informers.onAny(d -> queue.add(Informers.key(d))));
        ctx.informers.replicaSets.addEventHandler(Informers.onAny(rs -> {
            OwnerReference ref = Pods.controllerRef(rs);
            if (ref != null && "Deployment".equals(ref.getKind())) {
                queue.add(rs.getMetadata().getNamespace() + "/" + ref.getName());
            }
        }));
        // Recreate waits for the old pods to be gone, which no ReplicaSet event reports.
        ctx.informers.pods.addEventHandler(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {}

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {}

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                OwnerReference ref = Pods.controllerRef(pod);
                if (ref == null || !"ReplicaSet".equals(ref.getKind())) {
                    return;
                }
                ReplicaSet rs = ctx.informers.replicaSets.getStore()
                        .getByKey(pod.getMetadata().getNamespace() + "/" + ref.getName());
                OwnerReference owner = rs == null ? null : Pods.controllerRef(rs);
                if (owner != null && "Deployment".equals(owner.getKind())) {
                    queue.add(pod.getMetadata().getNamespace() + "/" + owner.getName());
                }
            }
        });
    }

    void start() {
        queue.start();
    }

    private void sync(String key) {
        Deployment d = ctx.informers.deployments.getStore().getByKey(key);
        if (d == null || Pods.isTerminating(d)) {
            return;
        }
        String ns = d.getMetadata().getNamespace();
        List<ReplicaSet> all = new ArrayList<>(
                ctx.informers.replicaSets.getIndexer().byIndex(Informers.OWNER, d.getMetadata().getUid()));
        all.sort(OLDEST_FIRST);
        ReplicaSet newRs = null;
        List<ReplicaSet> old = new ArrayList<>();
        for (ReplicaSet rs : all) {
            if (newRs == null && sameTemplate(rs.getSpec().getTemplate(), d.getSpec().getTemplate())) {
                newRs = rs;
            } else {
                old.add(rs);
            }
        }
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        String progressReason = null;
        if (paused) {
            updateStatus(d, newRs, all, desired, null);
            return;
        }
        long maxOldRevision = 0;
        for (ReplicaSet rs : old) {
            maxOldRevision = Math.max(maxOldRevision, revision(rs));
        }
        if (newRs == null) {
            newRs = createReplicaSet(d, maxOldRevision + 1, desired, old);
            if (newRs == null) {
                return; // Lost a race with ourselves: the informer will bring the existing one.
            }
            progressReason = "NewReplicaSetCreated";
            all.add(newRs);
        } else if (revision(newRs) <= maxOldRevision) {
            // Rollback to an older template: the old ReplicaSet becomes the newest revision.
            long next = maxOldRevision + 1;
            patchReplicaSet(newRs, null, Map.of(REVISION, Long.toString(next)));
            ctx.events.normal(d, "DeploymentRollback", "Rolled back deployment \"" + d.getMetadata().getName()
                    + "\" to revision " + revision(newRs), COMPONENT, null);
            newRs = withRevision(newRs, next);
            replace(all, newRs);
            progressReason = "FoundNewReplicaSet";
        }
        String revision = Long.toString(revision(newRs));
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        if (annotations == null || !revision.equals(annotations.get(REVISION))) {
            ctx.patch(Deployment.class, ns, d.getMetadata().getName(),
                    Map.of("metadata", Map.of("annotations", Map.of(REVISION, revision))));
        }
        boolean recreate = d.getSpec().getStrategy() != null
                && "Recreate".equals(d.getSpec().getStrategy().getType());
        if (recreate) {
            rolloutRecreate(d, newRs, old, desired);
        } else {
            rolloutRolling(d, newRs, old, desired);
        }
        cleanup(d, old);
        updateStatus(d, newRs, all, desired, progressReason);
    }

    // --- strategies -------------------------------------------------------------------------------

    private void rolloutRecreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, int desired) {
        boolean oldScaled = false;
        for (ReplicaSet rs : old) {
            if (replicas(rs) > 0) {
                scale(d, rs, 0, desired, desired);
                oldScaled = true;
            }
        }
        if (oldScaled) {
            return;
        }
        for (ReplicaSet rs : old) {
            for (Pod p : ctx.informers.pods.getIndexer().byIndex(Informers.OWNER, rs.getMetadata().getUid())) {
                if (!Pods.isTerminal(p)) {
                    return; // Recreate means no old pod runs beside a new one.
                }
            }
        }
        if (replicas(newRs) != desired) {
            scale(d, newRs, desired, desired, desired);
        }
    }

    private void rolloutRolling(Deployment d, ReplicaSet newRs, List<ReplicaSet> old, int desired) {
        int surge = maxSurge(d, desired);
        int unavailable = maxUnavailable(d, desired);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        int allSpec = replicas(newRs);
        for (ReplicaSet rs : old) {
            allSpec += replicas(rs);
        }
        int newSpec = replicas(newRs);
        if (newSpec > desired) {
            scale(d, newRs, desired, desired, desired + surge);
            return;
        }
        if (newSpec < desired) {
            int room = desired + surge - allSpec;
            if (room > 0) {
                scale(d, newRs, Math.min(desired, newSpec + room), desired, desired + surge);
                return;
            }
        }
        int minAvailable = desired - unavailable;
        int newUnavailable = Math.max(0, replicas(newRs) - available(newRs));
        int maxCleanup = allSpec - minAvailable - newUnavailable;
        int cleaned = 0;
        List<ReplicaSet> current = new ArrayList<>(old);
        for (int i = 0; i < current.size() && cleaned < maxCleanup; i++) {
            ReplicaSet rs = current.get(i);
            int unhealthy = replicas(rs) - available(rs);
            if (replicas(rs) == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(unhealthy, maxCleanup - cleaned);
            scale(d, rs, replicas(rs) - down, desired, desired + surge);
            current.set(i, withReplicas(rs, replicas(rs) - down));
            cleaned += down;
        }
        int availableAll = available(newRs);
        for (ReplicaSet rs : current) {
            availableAll += Math.min(available(rs), replicas(rs));
        }
        int totalDown = availableAll - minAvailable;
        for (ReplicaSet rs : current) {
            if (totalDown <= 0) {
                break;
            }
            if (replicas(rs) == 0) {
                continue;
            }
            int down = Math.min(replicas(rs), totalDown);
            scale(d, rs, replicas(rs) - down, desired, desired + surge);
            totalDown -= down;
        }
    }

    static int maxSurge(Deployment d, int desired) {
        IntOrString v = d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getRollingUpdate() == null
                ? null : d.getSpec().getStrategy().getRollingUpdate().getMaxSurge();
        return resolve(v, desired, true);
    }

    static int maxUnavailable(Deployment d, int desired) {
        IntOrString v = d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getRollingUpdate() == null
                ? null : d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable();
        return Math.min(resolve(v, desired, false), desired);
    }

    /** An int or a percentage of desired: surge rounds up, unavailable down; default 25%. */
    static int resolve(IntOrString value, int desired, boolean roundUp) {
        String text;
        if (value == null) {
            text = "25%";
        } else if (value.getIntVal() != null) {
            return Math.max(0, value.getIntVal());
        } else {
            text = value.getStrVal();
        }
        if (text != null && text.endsWith("%")) {
            try {
                double percent = Double.parseDouble(text.substring(0, text.length() - 1));
                double scaled = percent * desired / 100.0;
                return (int) Math.max(0, roundUp ? Math.ceil(scaled) : Math.floor(scaled));
            } catch (NumberFormatException e) {
                return roundUp ? 1 : 0;
            }
        }
        try {
            return Math.max(0, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // --- ReplicaSets ------------------------------------------------------------------------------

    private ReplicaSet createReplicaSet(Deployment d, long revision, int desired, List<ReplicaSet> old) {
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        PodTemplateSpec template = d.getSpec().getTemplate();
        String hash = PodFactory.templateHash(ctx.json(template), collisions);
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(HASH_LABEL, hash);
        PodTemplateSpec rsTemplate = new PodTemplateSpecBuilder(template)
                .withMetadata(new ObjectMetaBuilder(template.getMetadata() == null
                        ? new io.fabric8.kubernetes.api.model.ObjectMeta() : template.getMetadata())
                        .withLabels(labels).build())
                .build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector())
                .addToMatchLabels(HASH_LABEL, hash)
                .build();
        int surge = maxSurge(d, desired);
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(REVISION, Long.toString(revision),
                        DESIRED_REPLICAS, Integer.toString(desired),
                        MAX_REPLICAS, Integer.toString(desired + surge)))
                .withOwnerReferences(Pods.ownerRef(d))
                .endMetadata()
                .withNewSpec()
                .withReplicas(initialReplicas(d, old, desired, surge))
                .withMinReadySeconds(d.getSpec().getMinReadySeconds())
                .withSelector(selector)
                .withTemplate(rsTemplate)
                .endSpec()
                .build();
        try {
            ReplicaSet created = ctx.client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace())
                    .resource(rs).create();
            ctx.events.note(COMPONENT + ": Deployment " + Informers.key(d) + " created ReplicaSet "
                    + created.getMetadata().getName() + " (revision " + revision + ")");
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                ReplicaSet existing = ctx.client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace())
                        .withName(rs.getMetadata().getName()).get();
                if (existing != null && !isOwnedBy(existing, d)) {
                    // A hash collision with someone else's ReplicaSet: count it and hash again next time.
                    int next = collisions == null ? 1 : collisions + 1;
                    ctx.patchStatus(Deployment.class, d.getMetadata().getNamespace(), d.getMetadata().getName(),
                            Map.of("collisionCount", next));
                }
                return null;
            }
            throw e;
        }
    }

    private static boolean isOwnedBy(ReplicaSet rs, Deployment d) {
        OwnerReference ref = Pods.controllerRef(rs);
        return ref != null && d.getMetadata().getUid().equals(ref.getUid());
    }

    private void scale(Deployment d, ReplicaSet rs, int to, int desired, int max) {
        int from = replicas(rs);
        if (from == to) {
            return;
        }
        Map<String, Object> spec = Map.of("replicas", to);
        patchReplicaSet(rs, spec, Map.of(DESIRED_REPLICAS, Integer.toString(desired),
                MAX_REPLICAS, Integer.toString(max)));
        ctx.events.normal(d, "ScalingReplicaSet", "Scaled " + (to > from ? "up" : "down") + " replica set "
                + rs.getMetadata().getName() + " from " + from + " to " + to, COMPONENT, null);
    }

    private void patchReplicaSet(ReplicaSet rs, Map<String, Object> spec, Map<String, String> annotations) {
        Map<String, Object> body = new HashMap<>();
        if (spec != null) {
            body.put("spec", spec);
        }
        body.put("metadata", Map.of("annotations", annotations));
        ctx.patch(ReplicaSet.class, rs.getMetadata().getNamespace(), rs.getMetadata().getName(), body);
    }

    private void cleanup(Deployment d, List<ReplicaSet> old) {
        int limit = d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
        List<ReplicaSet> idle = new ArrayList<>();
        for (ReplicaSet rs : old) {
            if (replicas(rs) == 0 && (rs.getStatus() == null || rs.getStatus().getReplicas() == null
                    || rs.getStatus().getReplicas() == 0) && !Pods.isTerminating(rs)) {
                idle.add(rs);
            }
        }
        idle.sort(Comparator.comparingLong(DeploymentController::revision));
        for (int i = 0; i < idle.size() - limit; i++) {
            ReplicaSet rs = idle.get(i);
            try {
                ctx.client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                        .withName(rs.getMetadata().getName()).delete();
                ctx.events.note(COMPONENT + ": Deployment " + Informers.key(d) + " deleted old ReplicaSet "
                        + rs.getMetadata().getName() + " (revisionHistoryLimit " + limit + ")");
            } catch (KubernetesClientException e) {
                if (!ControllerContext.isGone(e)) {
                    throw e;
                }
            }
        }
    }

    // --- status -----------------------------------------------------------------------------------

    private void updateStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> all, int desired,
            String progressReason) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int specTotal = 0;
        for (ReplicaSet rs : all) {
            if (rs.getStatus() != null) {
                replicas += nz(rs.getStatus().getReplicas());
                ready += nz(rs.getStatus().getReadyReplicas());
                available += nz(rs.getStatus().getAvailableReplicas());
            }
            specTotal += replicas(rs);
        }
        int updated = newRs == null || newRs.getStatus() == null ? 0 : nz(newRs.getStatus().getReplicas());
        int unavailable = Math.max(0, specTotal - available);
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        String now = ctx.now();
        List<DeploymentCondition> existing = d.getStatus() == null || d.getStatus().getConditions() == null
                ? List.of() : d.getStatus().getConditions();
        boolean availableOk = available >= desired - maxUnavailable(d, desired);
        DeploymentCondition availableCondition = condition(existing, "Available",
                availableOk ? "True" : "False",
                availableOk ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                availableOk ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                now);
        boolean complete = newRs != null && updated == desired && replicas == desired && available == desired;
        DeploymentCondition progressing;
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            progressing = condition(existing, "Progressing", "Unknown", "DeploymentPaused",
                    "Deployment is paused", now);
        } else if (complete) {
            progressing = condition(existing, "Progressing", "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + newRs.getMetadata().getName() + "\" has successfully progressed.", now);
        } else if ("NewReplicaSetCreated".equals(progressReason)) {
            progressing = condition(existing, "Progressing", "True", "NewReplicaSetCreated",
                    "Created new replica set \"" + newRs.getMetadata().getName() + "\"", now);
        } else if (newRs != null) {
            progressing = condition(existing, "Progressing", "True",
                    progressReason == null ? "ReplicaSetUpdated" : progressReason,
                    "ReplicaSet \"" + newRs.getMetadata().getName() + "\" is progressing.", now);
        } else {
            progressing = null;
        }
        List<DeploymentCondition> conditions = new ArrayList<>();
        conditions.add(availableCondition);
        if (progressing != null) {
            conditions.add(progressing);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", generation);
        status.put("replicas", replicas);
        status.put("updatedReplicas", updated);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", available);
        status.put("unavailableReplicas", unavailable);
        status.put("conditions", conditions);
        if (d.getStatus() != null && d.getStatus().getCollisionCount() != null) {
            status.put("collisionCount", d.getStatus().getCollisionCount());
        }
        var cur = d.getStatus();
        if (cur != null && Objects.equals(cur.getObservedGeneration(), generation)
                && nz(cur.getReplicas()) == replicas && nz(cur.getUpdatedReplicas()) == updated
                && nz(cur.getReadyReplicas()) == ready && nz(cur.getAvailableReplicas()) == available
                && nz(cur.getUnavailableReplicas()) == unavailable && sameConditions(existing, conditions)) {
            return;
        }
        ctx.patchStatus(Deployment.class, d.getMetadata().getNamespace(), d.getMetadata().getName(), status);
    }

    private static boolean sameConditions(List<DeploymentCondition> a, List<DeploymentCondition> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (DeploymentCondition c : b) {
            boolean found = false;
            for (DeploymentCondition o : a) {
                if (o.getType().equals(c.getType()) && Objects.equals(o.getStatus(), c.getStatus())
                        && Objects.equals(o.getReason(), c.getReason()) && Objects.equals(o.getMessage(), c.getMessage())) {
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** A condition that keeps its lastTransitionTime while its status does not change. */
    private static DeploymentCondition condition(List<DeploymentCondition> existing, String type,
            String status, String reason, String message, String now) {
        String transition = now;
        for (DeploymentCondition c : existing) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                transition = c.getLastTransitionTime();
            }
        }
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(now).withLastTransitionTime(transition).build();
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** Templates are equal when they differ at most in the pod-template-hash label. */
    static boolean sameTemplate(PodTemplateSpec rsTemplate, PodTemplateSpec deploymentTemplate) {
        PodTemplateSpec a = withoutHash(rsTemplate);
        PodTemplateSpec b = withoutHash(deploymentTemplate);
        return Objects.equals(a, b);
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        if (t == null) {
            return null;
        }
        io.fabric8.kubernetes.api.model.ObjectMeta meta = t.getMetadata() == null
                ? new io.fabric8.kubernetes.api.model.ObjectMeta() : t.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.remove(HASH_LABEL);
        Map<String, String> annotations = meta.getAnnotations() == null || meta.getAnnotations().isEmpty()
                ? null : meta.getAnnotations();
        return new PodTemplateSpecBuilder(t)
                .withMetadata(new ObjectMetaBuilder(meta).withLabels(labels.isEmpty() ? null : labels)
                        .withAnnotations(annotations).build())
                .build();
    }

    static long revision(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        if (a == null || a.get(REVISION) == null) {
            return 0;
        }
        try {
            return Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ReplicaSet withRevision(ReplicaSet rs, long revision) {
        Map<String, String> a = rs.getMetadata().getAnnotations() == null
                ? new HashMap<>() : new HashMap<>(rs.getMetadata().getAnnotations());
        a.put(REVISION, Long.toString(revision));
        return new ReplicaSetBuilder(rs).editMetadata().withAnnotations(a).endMetadata().build();
    }

    /**
     * The replicas a new ReplicaSet starts with, as the real controller's NewRSNewReplicas gives them:
     * as many as the surge allows beside the old ones (all, for a first rollout), so that pods
     * exist as soon as the ReplicaSet does (e2e's orphaning test deletes the Deployment right then).
     */
    private static int initialReplicas(Deployment d, List<ReplicaSet> old, int desired, int surge) {
        int oldTotal = 0;
        for (ReplicaSet rs : old) {
            oldTotal += replicas(rs);
        }
        boolean recreate = d.getSpec().getStrategy() != null
                && "Recreate".equals(d.getSpec().getStrategy().getType());
        if (recreate) {
            return oldTotal == 0 ? desired : 0;
        }
        return Math.max(0, Math.min(desired, desired + surge - oldTotal));
    }

    private static ReplicaSet withReplicas(ReplicaSet rs, int replicas) {
        return new ReplicaSetBuilder(rs).editSpec().withReplicas(replicas).endSpec().build();
    }

    private static void replace(List<ReplicaSet> list, ReplicaSet rs) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).getMetadata().getUid().equals(rs.getMetadata().getUid())) {
                list.set(i, rs);
            }
        }
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    private static int available(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : nz(rs.getStatus().getAvailableReplicas());
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }

    private static final Comparator<ReplicaSet> OLDEST_FIRST = Comparator
            .comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp() == null
                    ? "" : rs.getMetadata().getCreationTimestamp())
            .thenComparing(rs -> rs.getMetadata().getName());

    @Override
    public void close() {
        queue.close();
    }
}
