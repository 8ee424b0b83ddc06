package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The default scheduler: binds Pending pods to nodes that pass its filters.
 *
 * <p>Per-node usage is kept incrementally from pod and node events (the scheduler cache), and
 * the search is first fit from a rotating start, so a pod that fits costs O(1) whatever the
 * cluster size, and pods spread evenly across nodes. Only a pod that fits nowhere costs a full
 * pass, which also builds the "0/N nodes are available" message. Decisions are taken under one
 * lock and "assumed" at once; the binding calls themselves run in parallel on the worker threads.
 */
final class Scheduler implements AutoCloseable {

    static final String COMPONENT = "default-scheduler";
    private static final Duration UNSCHEDULABLE_RETRY = Duration.ofSeconds(30);

    private final ControllerContext ctx;
    private final WorkQueue queue;
    private final Binder binder;
    private final Object lock = new Object();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final List<NodeInfo> order = new ArrayList<>();
    private final Map<String, Placed> placed = new HashMap<>();
    private final Set<String> assumed = new HashSet<>();
    private final Set<String> unschedulable = new HashSet<>();
    private int cursor;
    private boolean flushScheduled;
    private java.util.concurrent.ScheduledFuture<?> periodic;

    Scheduler(ControllerContext ctx) {
        this.ctx = ctx;
        this.queue = ctx.queue("scheduler", ctx.settings.workerThreads(), this::schedule);
        this.binder = new Binder(ctx);
        ctx.informers.nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                updateNode(node);
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                updateNode(newNode);
            }

            @Override
            public void onDelete(Node node, boolean unknown) {
                removeNode(node.getMetadata().getName());
            }
        });
        ctx.informers.pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                account(pod);
                if (needsScheduling(pod)) {
                    queue.add(Informers.key(pod));
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                account(newPod);
                if (needsScheduling(newPod) && (!needsScheduling(oldPod)
                        || !Objects.equals(oldPod.getSpec(), newPod.getSpec())
                        || !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels()))) {
                    queue.add(Informers.key(newPod));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                forget(pod.getMetadata().getUid(), true);
                synchronized (lock) {
                    unschedulable.remove(Informers.key(pod));
                }
            }
        });
    }

    void start() {
        queue.start();
        long period = UNSCHEDULABLE_RETRY.toMillis();
        periodic = ctx.timers.scheduleAtFixedRate(this::flushUnschedulable, period, period,
                TimeUnit.MILLISECONDS);
    }

    private static boolean needsScheduling(Pod pod) {
        if (Pods.nodeName(pod) != null || Pods.isTerminal(pod) || Pods.isTerminating(pod)) {
            return false;
        }
        String scheduler = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return scheduler == null || scheduler.isEmpty() || Pods.DEFAULT_SCHEDULER.equals(scheduler);
    }

    // --- the scheduler cache -------------------------------------------------------------------

    private void updateNode(Node node) {
        boolean changed;
        synchronized (lock) {
            String name = node.getMetadata().getName();
            NodeInfo info = nodes.get(name);
            if (info == null) {
                info = new NodeInfo(name);
                nodes.put(name, info);
                order.add(info);
                for (Placed p : placed.values()) {
                    if (p.node.equals(name)) {
                        info.usedCpu += p.request.milliCpu();
                        info.usedMemory += p.request.memory();
                        info.pods++;
                    }
                }
                changed = true;
            } else {
                changed = !Objects.equals(info.node.getSpec(), node.getSpec())
                        || !Objects.equals(info.node.getMetadata().getLabels(), node.getMetadata().getLabels())
                        || NodeFit.isReady(info.node) != NodeFit.isReady(node)
                        || !Objects.equals(info.node.getStatus() == null ? null : info.node.getStatus().getAllocatable(),
                                node.getStatus() == null ? null : node.getStatus().getAllocatable());
            }
            info.node = node;
            var allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
            info.allocCpu = Quantities.milliCpu(allocatable);
            info.allocMemory = Quantities.memory(allocatable);
            info.allocPods = allocatable == null ? 0 : Quantities.units(allocatable.get("pods"));
        }
        if (changed) {
            retryUnschedulable();
        }
    }

    private void removeNode(String name) {
        synchronized (lock) {
            NodeInfo info = nodes.remove(name);
            if (info != null) {
                order.remove(info);
            }
        }
    }

    /** Keeps per-node usage in step with what the informer shows. */
    private void account(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String node = Pods.nodeName(pod);
        boolean freed = false;
        synchronized (lock) {
            if (node == null || Pods.isTerminal(pod)) {
                if (node == null && assumed.contains(uid)) {
                    return; // Our binding is in flight and the informer has not seen it yet.
                }
                freed = release(uid);
                assumed.remove(uid);
            } else {
                assumed.remove(uid);
                Placed p = placed.get(uid);
                if (p == null || !p.node.equals(node)) {
                    release(uid);
                    add(uid, node, NodeFit.Request.of(pod));
                }
            }
        }
        if (freed) {
            retryUnschedulable();
        }
    }

    private void forget(String uid, boolean retry) {
        boolean freed;
        synchronized (lock) {
            assumed.remove(uid);
            freed = release(uid);
        }
        if (freed && retry) {
            retryUnschedulable();
        }
    }

    private void add(String uid, String node, NodeFit.Request request) {
        placed.put(uid, new Placed(node, request));
        NodeInfo info = nodes.get(node);
        if (info != null) {
            info.usedCpu += request.milliCpu();
            info.usedMemory += request.memory();
            info.pods++;
        }
    }

    private boolean release(String uid) {
        Placed p = placed.remove(uid);
        if (p == null) {
            return false;
        }
        NodeInfo info = nodes.get(p.node);
        if (info != null) {
            info.usedCpu -= p.request.milliCpu();
            info.usedMemory -= p.request.memory();
            info.pods--;
        }
        return true;
    }

    // --- scheduling ------------------------------------------------------------------------------

    private void schedule(String key) {
        Pod pod = ctx.informers.pods.getStore().getByKey(key);
        if (pod == null || !needsScheduling(pod)) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        NodeFit.Request request = NodeFit.Request.of(pod);
        String chosen;
        String failure = null;
        synchronized (lock) {
            if (assumed.contains(uid) || placed.containsKey(uid)) {
                return;
            }
            chosen = pick(pod, request);
            if (chosen != null) {
                assumed.add(uid);
                add(uid, chosen, request);
                unschedulable.remove(key);
            } else {
                failure = explain(pod, request);
                unschedulable.add(key);
            }
        }
        if (chosen == null) {
            reportUnschedulable(pod, failure);
            return;
        }
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        boolean bound;
        try {
            bound = binder.bind(ns, name, uid, chosen);
        } catch (KubernetesClientException e) {
            forget(uid, false);
            throw e;
        }
        if (!bound) {
            forget(uid, false);
            return;
        }
        ctx.events.normal(pod, "Scheduled", "Successfully assigned " + ns + "/" + name + " to " + chosen,
                COMPONENT, null);
    }

    /** First fit from a rotating start; called under the lock. */
    private String pick(Pod pod, NodeFit.Request request) {
        int n = order.size();
        for (int i = 0; i < n; i++) {
            int index = (cursor + i) % n;
            NodeInfo info = order.get(index);
            if (fits(pod, request, info)) {
                cursor = index + 1;
                return info.name;
            }
        }
        return null;
    }

    private static boolean fits(Pod pod, NodeFit.Request request, NodeInfo info) {
        return info.pods + 1 <= info.allocPods
                && info.usedCpu + request.milliCpu() <= info.allocCpu
                && info.usedMemory + request.memory() <= info.allocMemory
                && NodeFit.untoleratedTaint(pod, info.node) == null
                && NodeFit.matchesAffinity(pod, info.node);
    }

    /** The real scheduler's diagnosis: one count per reason, sorted, over every node. */
    private String explain(Pod pod, NodeFit.Request request) {
        int n = order.size();
        if (n == 0) {
            return "no nodes available to schedule pods";
        }
        Map<String, Integer> reasons = new TreeMap<>();
        for (NodeInfo info : order) {
            Taint taint = NodeFit.untoleratedTaint(pod, info.node);
            if (taint != null) {
                reasons.merge(NodeFit.describe(taint), 1, Integer::sum);
                continue;
            }
            if (!NodeFit.matchesAffinity(pod, info.node)) {
                reasons.merge("node(s) didn't match Pod's node affinity/selector", 1, Integer::sum);
                continue;
            }
            if (info.pods + 1 > info.allocPods) {
                reasons.merge("Too many pods", 1, Integer::sum);
            }
            if (info.usedCpu + request.milliCpu() > info.allocCpu) {
                reasons.merge("Insufficient cpu", 1, Integer::sum);
            }
            if (info.usedMemory + request.memory() > info.allocMemory) {
                reasons.merge("Insufficient memory", 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        reasons.forEach((reason, count) -> parts.add(count + " " + reason));
        parts.sort(null);
        return "0/" + n + " nodes are available: " + String.join(", ", parts) + ".";
    }

    private void reportUnschedulable(Pod pod, String message) {
        PodCondition existing = null;
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType())) {
                    existing = c;
                }
            }
        }
        ctx.events.warning(pod, "FailedScheduling", message, COMPONENT, null);
        if (existing != null && "False".equals(existing.getStatus())
                && message.equals(existing.getMessage())) {
            return;
        }
        PodCondition condition = new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .withLastTransitionTime(ctx.now())
                .build();
        Map<String, Object> status = new HashMap<>();
        status.put("phase", "Pending");
        status.put("conditions", List.of(condition));
        try {
            ctx.patchStatus(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status);
        } catch (KubernetesClientException e) {
            if (!ControllerContext.isGone(e)) {
                throw e;
            }
        }
    }

    /** Something freed room or a node changed: give parked pods another go, at most every 50 ms. */
    private void retryUnschedulable() {
        synchronized (lock) {
            if (unschedulable.isEmpty() || flushScheduled) {
                return;
            }
            flushScheduled = true;
        }
        try {
            ctx.timers.schedule(this::flushUnschedulable, 50, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closing.
        }
    }

    private void flushUnschedulable() {
        List<String> keys;
        synchronized (lock) {
            flushScheduled = false;
            keys = new ArrayList<>(unschedulable);
            unschedulable.clear();
        }
        keys.forEach(queue::add);
    }

    @Override
    public void close() {
        if (periodic != null) {
            periodic.cancel(false);
        }
        queue.close();
    }

    private static final class NodeInfo {
        final String name;
        Node node;
        long allocCpu;
        long allocMemory;
        long allocPods;
        long usedCpu;
        long usedMemory;
        int pods;

        NodeInfo(String name) {
            this.name = name;
        }
    }

    private record Placed(String node, NodeFit.Request request) {}
}
