package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DaemonSet controller: one pod on every node that the pod's nodeSelector, node affinity and
 * tolerations allow, placed directly on its node; template changes roll out within maxUnavailable.
 */
final class DaemonSetController implements AutoCloseable {

    static final String COMPONENT = "daemonset-controller";
    static final String REVISION_LABEL = "controller-revision-hash";

    /** The tolerations the real controller adds to every daemon pod. */
    static final List<Toleration> DEFAULT_TOLERATIONS = List.of(
            toleration("node.kubernetes.io/not-ready", "NoExecute"),
            toleration("node.kubernetes.io/unreachable", "NoExecute"),
            toleration("node.kubernetes.io/disk-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/memory-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/pid-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/unschedulable", "NoSchedule"),
            toleration(NodeFit.NOT_READY_TAINT, "NoSchedule"));

    private final ControllerContext ctx;
    private final WorkQueue queue;
    private final Expectations expectations = new Expectations();
    private final PodFactory pods;

    DaemonSetController(ControllerContext ctx) {
        this.ctx = ctx;
        this.pods = new PodFactory(ctx, expectations, COMPONENT);
        this.queue = ctx.queue("daemonset", 2, this::sync);
        ctx.informers.daemonSets.addEventHandler(Informers.onAny(ds -> queue.add(Informers.key(ds))));
        ctx.informers.daemonSets.addEventHandler(Informers.onDelete(o -> expectations.forgetOwner(o.getMetadata().getUid())));
        ctx.informers.nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueAll();
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                if (!Objects.equals(oldNode.getSpec(), newNode.getSpec())
                        || !Objects.equals(oldNode.getMetadata().getLabels(), newNode.getMetadata().getLabels())
                        || NodeFit.isReady(oldNode) != NodeFit.isReady(newNode)) {
                    enqueueAll();
                }
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                enqueueAll();
            }
        });
        ctx.informers.pods.addEventHandler(pods.ownedPods("DaemonSet", queue));
    }

    private static Toleration toleration(String key, String effect) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
    }

    private void enqueueAll() {
        for (DaemonSet ds : ctx.informers.daemonSets.getStore().list()) {
            queue.add(Informers.key(ds));
        }
    }

    void start() {
        queue.start();
    }

    private void sync(String key) {
        DaemonSet ds = ctx.informers.daemonSets.getStore().getByKey(key);
        if (ds == null || Pods.isTerminating(ds)) {
            return;
        }
        String uid = ds.getMetadata().getUid();
        Instant now = ctx.instant();
        String hash = PodFactory.templateHash(ctx.json(ds.getSpec().getTemplate()), ds.getStatus() == null
                ? null : ds.getStatus().getCollisionCount());
        Map<String, List<Pod>> byNode = new HashMap<>();
        List<Pod> orphans = new ArrayList<>();
        for (Pod p : ctx.informers.pods.getIndexer().byIndex(Informers.OWNER, uid)) {
            String node = Pods.nodeName(p);
            if (node == null) {
                orphans.add(p);
            } else {
                byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(p);
            }
        }
        Pod probe = pods.build(ds, ds.getSpec().getTemplate(), null, Map.of(), this::withTolerations);
        List<String> wanted = new ArrayList<>();
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        List<Pod> toDelete = new ArrayList<>();
        List<Pod> outdated = new ArrayList<>();
        int unavailableNow = 0;
        for (Node node : ctx.informers.nodes.getStore().list()) {
            String name = node.getMetadata().getName();
            boolean shouldRun = NodeFit.matchesAffinity(probe, node) && NodeFit.untoleratedTaint(probe, node) == null;
            List<Pod> here = new ArrayList<>();
            for (Pod p : byNode.getOrDefault(name, List.of())) {
                if (Pods.isTerminal(p) && "Failed".equals(p.getStatus().getPhase()) && !Pods.isTerminating(p)) {
                    toDelete.add(p); // A failed daemon pod is replaced.
                } else if (!Pods.isTerminating(p) && !Pods.isTerminal(p)) {
                    here.add(p);
                }
            }
            if (shouldRun) {
                desired++;
                if (here.isEmpty()) {
                    wanted.add(name);
                    unavailableNow++;
                } else {
                    current++;
                    here.sort(ReplicaSetController.DELETION_ORDER.reversed());
                    Pod keep = here.get(0);
                    toDelete.addAll(here.subList(1, here.size()));
                    if (Pods.isReady(keep)) {
                        ready++;
                    }
                    if (Pods.isAvailable(keep, minReady, now)) {
                        available++;
                    } else {
                        unavailableNow++;
                    }
                    if (hash.equals(label(keep))) {
                        updated++;
                    } else {
                        outdated.add(keep);
                    }
                }
            } else if (!here.isEmpty()) {
                misscheduled += here.size();
                toDelete.addAll(here);
            }
        }
        toDelete.addAll(orphans);
        if (expectations.satisfied(uid, now)) {
            for (Pod p : toDelete) {
                pods.delete(ds, p);
            }
            List<Pod> toCreate = new ArrayList<>();
            for (String node : wanted) {
                toCreate.add(pods.build(ds, ds.getSpec().getTemplate(), null, Map.of(REVISION_LABEL, hash),
                        b -> withTolerations(b).withNodeName(node)));
            }
            pods.create(ds, toCreate);
            boolean onDelete = ds.getSpec().getUpdateStrategy() != null
                    && "OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
            if (!onDelete) {
                int maxUnavailable = maxUnavailable(ds, desired);
                for (Pod p : outdated) {
                    if (unavailableNow >= maxUnavailable) {
                        break;
                    }
                    pods.delete(ds, p);
                    unavailableNow++;
                }
            }
        }
        if (available < ready) {
            queue.addAfter(key, java.time.Duration.ofSeconds(1));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("desiredNumberScheduled", desired);
        status.put("currentNumberScheduled", current);
        status.put("numberMisscheduled", misscheduled);
        status.put("numberReady", ready);
        status.put("numberAvailable", available);
        status.put("numberUnavailable", Math.max(0, desired - available));
        status.put("updatedNumberScheduled", updated);
        status.put("observedGeneration", ds.getMetadata().getGeneration() == null ? 0L : ds.getMetadata().getGeneration());
        var cur = ds.getStatus();
        if (cur != null && nz(cur.getDesiredNumberScheduled()) == desired
                && nz(cur.getCurrentNumberScheduled()) == current && nz(cur.getNumberMisscheduled()) == misscheduled
                && nz(cur.getNumberReady()) == ready && nz(cur.getNumberAvailable()) == available
                && nz(cur.getUpdatedNumberScheduled()) == updated
                && Objects.equals(cur.getObservedGeneration(), status.get("observedGeneration"))
                && nz(cur.getNumberUnavailable()) == Math.max(0, desired - available)) {
            return;
        }
        ctx.patchStatus(DaemonSet.class, ds.getMetadata().getNamespace(), ds.getMetadata().getName(), status);
    }

    private io.fabric8.kubernetes.api.model.PodSpecBuilder withTolerations(
            io.fabric8.kubernetes.api.model.PodSpecBuilder b) {
        List<Toleration> all = new ArrayList<>(DEFAULT_TOLERATIONS);
        List<Toleration> own = b.buildTolerations();
        if (own != null) {
            all.addAll(own);
        }
        return b.withTolerations(all);
    }

    private static String label(Pod p) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(REVISION_LABEL);
    }

    private static int maxUnavailable(DaemonSet ds, int desired) {
        IntOrString v = ds.getSpec().getUpdateStrategy() == null
                || ds.getSpec().getUpdateStrategy().getRollingUpdate() == null
                ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable();
        if (v == null) {
            return 1;
        }
        return Math.max(1, DeploymentController.resolve(v, desired, false));
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }

    @Override
    public void close() {
        queue.close();
    }
}
