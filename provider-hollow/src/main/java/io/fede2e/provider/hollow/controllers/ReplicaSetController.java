package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The ReplicaSet controller: keeps spec.replicas active pods, replaces lost ones, reports status. */
final class ReplicaSetController implements AutoCloseable {

    static final String COMPONENT = "replicaset-controller";

    private final ControllerContext ctx;
    private final WorkQueue queue;
    private final Expectations expectations = new Expectations();
    private final PodFactory pods;

    ReplicaSetController(ControllerContext ctx) {
        this.ctx = ctx;
        this.pods = new PodFactory(ctx, expectations, COMPONENT);
        this.queue = ctx.queue("replicaset", Math.max(2, ctx.settings.workerThreads() / 2), this::sync);
        ctx.informers.replicaSets.addEventHandler(Informers.onAny(rs -> queue.add(Informers.key(rs))));
        ctx.informers.replicaSets.addEventHandler(Informers.onDelete(o -> expectations.forgetOwner(o.getMetadata().getUid())));
        ctx.informers.pods.addEventHandler(pods.ownedPods("ReplicaSet", queue, ReplicaSetController::changed));
    }

    /** Only what the status counts matters: phase, readiness, deletion. */
    private static boolean changed(Pod a, Pod b) {
        return Pods.isReady(a) != Pods.isReady(b) || Pods.isTerminating(a) != Pods.isTerminating(b)
                || !Objects.equals(a.getStatus() == null ? null : a.getStatus().getPhase(),
                        b.getStatus() == null ? null : b.getStatus().getPhase())
                || !Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels());
    }

    void start() {
        queue.start();
    }

    private void sync(String key) {
        ReplicaSet rs = ctx.informers.replicaSets.getStore().getByKey(key);
        if (rs == null) {
            return;
        }
        String uid = rs.getMetadata().getUid();
        Instant now = ctx.instant();
        List<Pod> owned = ctx.informers.pods.getIndexer().byIndex(Informers.OWNER, uid);
        List<Pod> active = new ArrayList<>();
        for (Pod p : owned) {
            if (Pods.isActive(p)) {
                active.add(p);
            }
        }
        int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        if (!Pods.isTerminating(rs) && expectations.satisfied(uid, now)) {
            int diff = active.size() - desired;
            if (diff < 0 && stillExists(rs)) {
                List<Pod> toCreate = new ArrayList<>();
                for (int i = 0; i < -diff; i++) {
                    toCreate.add(pods.build(rs, rs.getSpec().getTemplate(), null, Map.of(), b -> b));
                }
                pods.create(rs, toCreate);
            } else if (diff > 0) {
                List<Pod> ranked = new ArrayList<>(active);
                ranked.sort(DELETION_ORDER);
                for (int i = 0; i < diff; i++) {
                    pods.delete(rs, ranked.get(i));
                }
            }
        }
        updateStatus(rs, active, now, key);
    }

    /**
     * A fresh read before creating: a ReplicaSet deleted with propagationPolicy=Orphan loses its
     * pods' ownerReferences first, and the informer may show those orphaned pods before it shows the
     * ReplicaSet gone, which would otherwise "replace" them with pods the garbage collector then kills.
     */
    private boolean stillExists(ReplicaSet rs) {
        ReplicaSet fresh = ctx.client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()).get();
        return fresh != null && rs.getMetadata().getUid().equals(fresh.getMetadata().getUid())
                && !Pods.isTerminating(fresh);
    }

    /** kube-controller-manager's order: unassigned, pending, not ready, then the youngest first. */
    static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod p) -> Pods.nodeName(p) != null)
            .thenComparing(p -> Pods.isRunning(p))
            .thenComparing(p -> Pods.isReady(p))
            .thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null
                    ? "" : p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder())
            .thenComparing(p -> p.getMetadata().getName());

    private void updateStatus(ReplicaSet rs, List<Pod> active, Instant now, String key) {
        int minReady = rs.getSpec().getMinReadySeconds() == null ? 0 : rs.getSpec().getMinReadySeconds();
        int ready = 0;
        int available = 0;
        int labelled = 0;
        Map<String, String> templateLabels = rs.getSpec().getTemplate().getMetadata() == null
                ? Map.of() : rs.getSpec().getTemplate().getMetadata().getLabels();
        for (Pod p : active) {
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
            if (Pods.matches(templateLabels, p.getMetadata().getLabels())) {
                labelled++;
            }
        }
        if (ready > available) {
            queue.addAfter(key, Duration.ofSeconds(1));
        }
        ReplicaSetStatus current = rs.getStatus();
        ReplicaSetStatus next = new ReplicaSetStatusBuilder()
                .withReplicas(active.size())
                .withFullyLabeledReplicas(labelled)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withObservedGeneration(rs.getMetadata().getGeneration())
                .withConditions(current == null ? null : current.getConditions())
                .build();
        if (current != null && Objects.equals(current.getReplicas(), next.getReplicas())
                && Objects.equals(current.getFullyLabeledReplicas(), next.getFullyLabeledReplicas())
                && Objects.equals(current.getReadyReplicas(), next.getReadyReplicas())
                && Objects.equals(current.getAvailableReplicas(), next.getAvailableReplicas())
                && Objects.equals(current.getObservedGeneration(), next.getObservedGeneration())) {
            return;
        }
        ctx.patchStatus(ReplicaSet.class, rs.getMetadata().getNamespace(), rs.getMetadata().getName(),
                Map.of("replicas", active.size(), "fullyLabeledReplicas", labelled, "readyReplicas", ready,
                        "availableReplicas", available,
                        "observedGeneration", rs.getMetadata().getGeneration() == null ? 0L : rs.getMetadata().getGeneration()));
    }

    @Override
    public void close() {
        queue.close();
    }
}
