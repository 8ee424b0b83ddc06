package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The StatefulSet controller: pods name-0..name-(N-1); with OrderedReady each is created only once
 * every lower ordinal is Running and Ready, and scale-down removes the highest ordinal first, one
 * at a time. Parallel creates and deletes at once. Rolling updates go from the highest ordinal
 * down to the partition.
 */
final class StatefulSetController implements AutoCloseable {

    static final String COMPONENT = "statefulset-controller";
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private final ControllerContext ctx;
    private final WorkQueue queue;
    private final Expectations expectations = new Expectations();
    private final PodFactory pods;

    StatefulSetController(ControllerContext ctx) {
        this.ctx = ctx;
        this.pods = new PodFactory(ctx, expectations, COMPONENT);
        this.queue = ctx.queue("statefulset", 2, this::sync);
        ctx.informers.statefulSets.addEventHandler(Informers.onAny(s -> queue.add(Informers.key(s))));
        ctx.informers.statefulSets.addEventHandler(Informers.onDelete(o -> expectations.forgetOwner(o.getMetadata().getUid())));
        ctx.informers.pods.addEventHandler(pods.ownedPods("StatefulSet", queue));
    }

    void start() {
        queue.start();
    }

    private void sync(String key) {
        StatefulSet sts = ctx.informers.statefulSets.getStore().getByKey(key);
        if (sts == null || Pods.isTerminating(sts)) {
            return;
        }
        String name = sts.getMetadata().getName();
        String uid = sts.getMetadata().getUid();
        Instant now = ctx.instant();
        int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        String updateRevision = name + "-" + PodFactory.templateHash(ctx.json(sts.getSpec().getTemplate()),
                sts.getStatus() == null ? null : sts.getStatus().getCollisionCount());
        TreeMap<Integer, Pod> byOrdinal = new TreeMap<>();
        for (Pod p : ctx.informers.pods.getIndexer().byIndex(Informers.OWNER, uid)) {
            int ordinal = ordinal(name, p.getMetadata().getName());
            if (ordinal >= 0) {
                byOrdinal.put(ordinal, p);
            }
        }
        boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());
        if (expectations.satisfied(uid, now)) {
            act(sts, replicas, byOrdinal, updateRevision, parallel);
        }
        writeStatus(sts, replicas, byOrdinal, updateRevision);
    }

    private void act(StatefulSet sts, int replicas, TreeMap<Integer, Pod> byOrdinal, String revision,
            boolean parallel) {
        List<Pod> create = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Pod p = byOrdinal.get(i);
            if (p == null) {
                create.add(newPod(sts, i, revision));
                if (!parallel) {
                    break;
                }
                continue;
            }
            if (Pods.isTerminal(p) && !Pods.isTerminating(p)) {
                pods.delete(sts, p); // Replaced by a fresh pod of the same name once it is gone.
                if (!parallel) {
                    return;
                }
                continue;
            }
            if (!parallel && (Pods.isTerminating(p) || !Pods.isRunning(p) || !Pods.isReady(p))) {
                if (!create.isEmpty()) {
                    break;
                }
                return; // OrderedReady: wait for this ordinal before touching the next.
            }
        }
        if (!create.isEmpty()) {
            pods.create(sts, create);
            return;
        }
        List<Integer> excess = new ArrayList<>(byOrdinal.descendingMap().keySet());
        excess.removeIf(i -> i < replicas);
        for (int i : excess) {
            Pod p = byOrdinal.get(i);
            if (Pods.isTerminating(p)) {
                if (!parallel) {
                    return;
                }
                continue;
            }
            pods.delete(sts, p);
            if (!parallel) {
                return;
            }
        }
        if (!excess.isEmpty()) {
            return;
        }
        boolean onDelete = sts.getSpec().getUpdateStrategy() != null
                && "OnDelete".equals(sts.getSpec().getUpdateStrategy().getType());
        if (onDelete) {
            return;
        }
        int partition = 0;
        if (sts.getSpec().getUpdateStrategy() != null && sts.getSpec().getUpdateStrategy().getRollingUpdate() != null
                && sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition() != null) {
            partition = sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
        }
        for (int i = replicas - 1; i >= partition; i--) {
            Pod p = byOrdinal.get(i);
            if (p == null || Pods.isTerminating(p)) {
                return;
            }
            if (!revision.equals(revisionOf(p))) {
                pods.delete(sts, p);
                return;
            }
        }
    }

    private Pod newPod(StatefulSet sts, int ordinal, String revision) {
        String podName = sts.getMetadata().getName() + "-" + ordinal;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DaemonSetController.REVISION_LABEL, revision);
        labels.put(POD_NAME_LABEL, podName);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        return pods.build(sts, sts.getSpec().getTemplate(), podName, labels, b -> {
            b.withHostname(podName);
            if (sts.getSpec().getServiceName() != null && !sts.getSpec().getServiceName().isEmpty()) {
                b.withSubdomain(sts.getSpec().getServiceName());
            }
            return b;
        });
    }

    static int ordinal(String setName, String podName) {
        if (podName == null || !podName.startsWith(setName + "-")) {
            return -1;
        }
        String suffix = podName.substring(setName.length() + 1);
        if (suffix.isEmpty() || suffix.length() > 9 || !suffix.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(suffix);
    }

    private static String revisionOf(Pod p) {
        return p.getMetadata().getLabels() == null ? null
                : p.getMetadata().getLabels().get(DaemonSetController.REVISION_LABEL);
    }

    private void writeStatus(StatefulSet sts, int replicas, TreeMap<Integer, Pod> byOrdinal, String updateRevision) {
        int count = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        String currentRevision = sts.getStatus() == null || sts.getStatus().getCurrentRevision() == null
                ? updateRevision : sts.getStatus().getCurrentRevision();
        int current = 0;
        Instant now = ctx.instant();
        int minReady = sts.getSpec().getMinReadySeconds() == null ? 0 : sts.getSpec().getMinReadySeconds();
        for (Pod p : byOrdinal.values()) {
            if (Pods.isTerminating(p)) {
                continue;
            }
            count++;
            if (Pods.isReady(p)) {
                ready++;
            }
            if (Pods.isAvailable(p, minReady, now)) {
                available++;
            }
            String rev = revisionOf(p);
            if (updateRevision.equals(rev)) {
                updated++;
            }
            if (currentRevision.equals(rev)) {
                current++;
            }
        }
        if (updated == replicas && count == replicas) {
            currentRevision = updateRevision;
            current = updated;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", sts.getMetadata().getGeneration() == null ? 0L : sts.getMetadata().getGeneration());
        status.put("replicas", count);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", available);
        status.put("currentReplicas", current);
        status.put("updatedReplicas", updated);
        status.put("currentRevision", currentRevision);
        status.put("updateRevision", updateRevision);
        status.put("collisionCount", sts.getStatus() == null || sts.getStatus().getCollisionCount() == null
                ? 0 : sts.getStatus().getCollisionCount());
        var cur = sts.getStatus();
        if (cur != null && nz(cur.getReplicas()) == count && nz(cur.getReadyReplicas()) == ready
                && nz(cur.getAvailableReplicas()) == available && nz(cur.getCurrentReplicas()) == current
                && nz(cur.getUpdatedReplicas()) == updated && Objects.equals(cur.getCurrentRevision(), currentRevision)
                && Objects.equals(cur.getUpdateRevision(), updateRevision)
                && Objects.equals(cur.getObservedGeneration(), status.get("observedGeneration"))) {
            return;
        }
        ctx.patchStatus(StatefulSet.class, sts.getMetadata().getNamespace(), sts.getMetadata().getName(), status);
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }

    @Override
    public void close() {
        queue.close();
    }
}
