package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One hollow kubelet for every node: claims to run the pods bound to it.
 *
 * <p>KWOK-like stages, each a status patch: a bound pod becomes Running with ready containers
 * after {@link HollowSettings#podStartupDelay()}; a run-to-completion pod then ends Succeeded
 * (exit 0) or, with annotation {@value Pods#FAIL_ANNOTATION}: "true", Failed (exit 1) after
 * {@link HollowSettings#jobPodRunDuration()} or annotation {@value Pods#RUN_DURATION_ANNOTATION};
 * a pod marked for deletion is removed after min(its grace period,
 * {@link HollowSettings#terminationDelayCap()}) once its finalizers are gone.
 */
final class HollowKubelet implements AutoCloseable {

    static final String COMPONENT = "kubelet";
    /** Queue keys of this prefix are node names whose pods need collecting; pod keys contain a slash. */
    private static final String NODE_GONE = "node-gone:";

    private final ControllerContext ctx;
    private final PodCidrs cidrs;
    private final Predicate<String> ownsNode;
    private final boolean wholeCluster;
    private final WorkQueue queue;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final Map<String, String> imageIds = new ConcurrentHashMap<>();

    /**
     * A kubelet for the nodes {@code ownsNode} accepts.
     *
     * @param ownsNode which nodes this kubelet plays: on a cluster shared with real nodes, only its own,
     *     so that it never reports, or deletes, another node's pods
     * @param wholeCluster true in the embedded cluster, which has no other control plane: the kubelet
     *     then also plays PodGC and removes deleted pods that were never bound
     */
    HollowKubelet(ControllerContext ctx, PodCidrs cidrs, Predicate<String> ownsNode, boolean wholeCluster) {
        this.ctx = ctx;
        this.cidrs = cidrs;
        this.ownsNode = ownsNode;
        this.wholeCluster = wholeCluster;
        this.queue = ctx.queue("kubelet", ctx.settings.workerThreads(), this::sync);
        if (wholeCluster) {
            watchNodeDeletions();
        }
        ctx.informers.pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                observe(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                observe(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                Tracked t = tracked.remove(pod.getMetadata().getUid());
                String node = Pods.nodeName(pod);
                if (t != null && t.ip != null && node != null) {
                    cidrs.release(node, t.ip);
                }
            }
        });
    }

    private void watchNodeDeletions() {
        ctx.informers.nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {}

            @Override
            public void onUpdate(Node oldNode, Node newNode) {}

            @Override
            public void onDelete(Node node, boolean unknown) {
                queue.add(NODE_GONE + node.getMetadata().getName());
            }
        });
    }

    void start() {
        queue.start();
    }

    private void observe(Pod pod) {
        boolean terminating = Pods.isTerminating(pod);
        String node = Pods.nodeName(pod);
        if (node == null ? !terminating || !wholeCluster : !ownsNode.test(node)) {
            return;
        }
        if (Pods.isTerminal(pod) && !terminating) {
            return;
        }
        Tracked t = tracked.computeIfAbsent(pod.getMetadata().getUid(), u -> new Tracked(ctx.instant()));
        if (terminating && t.deleteSeen == null) {
            t.deleteSeen = ctx.instant();
        }
        if (t.ip == null && pod.getStatus() != null && pod.getStatus().getPodIP() != null
                && Pods.nodeName(pod) != null) {
            cidrs.claim(Pods.nodeName(pod), pod.getStatus().getPodIP());
            t.ip = pod.getStatus().getPodIP();
        }
        queue.add(Informers.key(pod));
    }

    private void sync(String key) {
        if (key.startsWith(NODE_GONE)) {
            collectOrphans(key.substring(NODE_GONE.length()));
            return;
        }
        Pod pod = ctx.informers.pods.getStore().getByKey(key);
        if (pod == null) {
            return;
        }
        Tracked t = tracked.get(pod.getMetadata().getUid());
        if (t == null) {
            return;
        }
        Instant now = ctx.instant();
        if (Pods.isTerminating(pod)) {
            terminate(pod, t, now, key);
            return;
        }
        if (Pods.isTerminal(pod) || t.finished) {
            return;
        }
        String nodeName = Pods.nodeName(pod);
        Node node = ctx.informers.nodes.getStore().getByKey(nodeName);
        if (node == null) {
            return; // No such node, so no kubelet: the pod stays Pending, as in a real cluster.
        }
        if (!t.started && !Pods.isRunning(pod)) {
            Instant due = t.bound.plus(ctx.settings.podStartupDelay());
            if (now.isBefore(due)) {
                queue.addAfter(key, Duration.between(now, due));
                return;
            }
            start(pod, node, t, now);
            if (!Pods.runsToCompletion(pod)) {
                return;
            }
        }
        if (!t.started) {
            t.started = true;
            t.startedAt = startedAt(pod, now);
        }
        if (Pods.runsToCompletion(pod)) {
            Instant due = t.startedAt.plus(Pods.runDuration(pod, ctx.settings.jobPodRunDuration()));
            if (now.isBefore(due)) {
                queue.addAfter(key, Duration.between(now, due));
                return;
            }
            finish(pod, node, t, now);
        }
    }

    private static Instant startedAt(Pod pod, Instant fallback) {
        if (pod.getStatus() != null && pod.getStatus().getStartTime() != null) {
            try {
                return Instant.parse(pod.getStatus().getStartTime());
            } catch (RuntimeException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private void start(Pod pod, Node node, Tracked t, Instant now) {
        String nodeName = node.getMetadata().getName();
        String hostIp = hostIp(node);
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        if (t.ip == null) {
            t.ip = hostNetwork ? hostIp : cidrs.allocate(nodeName);
            if (t.ip == null) {
                ctx.events.warning(pod, "FailedCreatePodSandBox",
                        "Failed to create pod sandbox: no IP addresses available in range set " + cidrs.cidrOf(nodeName),
                        COMPONENT, nodeName);
                throw new IllegalStateException("no pod IP left on " + nodeName);
            }
        }
        if (t.startAttempt == null) {
            // A retried start (the first answer lost in a timeout) must write the same times again.
            t.startAttempt = now;
        }
        String time = t.startAttempt.truncatedTo(ChronoUnit.SECONDS).toString();
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : Pods.containers(pod)) {
            statuses.add(containerStatus(pod, c, "")
                    .withReady(true)
                    .withStarted(true)
                    .withNewState().withNewRunning().withStartedAt(time).endRunning().endState()
                    .build());
        }
        List<ContainerStatus> initStatuses = initStatuses(pod, time);
        PodStatus status = new PodStatusBuilder()
                .withPhase("Running")
                .withConditions(
                        condition("PodReadyToStartContainers", "True", null, time),
                        condition("Initialized", "True", null, time),
                        condition("Ready", "True", null, time),
                        condition("ContainersReady", "True", null, time),
                        condition("PodScheduled", "True", null, time))
                .withHostIP(hostIp)
                .addNewHostIP().withIp(hostIp).endHostIP()
                .withPodIP(t.ip)
                .addNewPodIP().withIp(t.ip).endPodIP()
                .withStartTime(time)
                .withContainerStatuses(statuses)
                .withInitContainerStatuses(initStatuses.isEmpty() ? null : initStatuses)
                .withQosClass(qosClass(pod))
                .build();
        try {
            ctx.patchStatus(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status);
        } catch (KubernetesClientException e) {
            if (ControllerContext.isGone(e)) {
                return;
            }
            throw e;
        }
        t.started = true;
        t.startedAt = t.startAttempt;
        for (Container c : Pods.containers(pod)) {
            ctx.events.normal(pod, "Pulled", "Container image \"" + c.getImage() + "\" already present on machine",
                    COMPONENT, nodeName);
            ctx.events.normal(pod, "Created", "Created container " + c.getName(), COMPONENT, nodeName);
            ctx.events.normal(pod, "Started", "Started container " + c.getName(), COMPONENT, nodeName);
        }
    }

    /** What every status of container {@code c} shares, whatever its state; ids stay stable per pod. */
    private ContainerStatusBuilder containerStatus(Pod pod, Container c, String idPrefix) {
        return new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID(imageId(c.getImage()))
                .withContainerID("containerd://" + digest(pod.getMetadata().getUid() + "/" + idPrefix + c.getName()))
                .withRestartCount(0);
    }

    private List<ContainerStatus> initStatuses(Pod pod, String time) {
        List<ContainerStatus> list = new ArrayList<>();
        if (pod.getSpec().getInitContainers() == null) {
            return list;
        }
        for (Container c : pod.getSpec().getInitContainers()) {
            list.add(containerStatus(pod, c, "init/")
                    .withReady(true)
                    .withStarted(false)
                    .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                    .withStartedAt(time).withFinishedAt(time).endTerminated().endState()
                    .build());
        }
        return list;
    }

    private void finish(Pod pod, Node node, Tracked t, Instant now) {
        boolean fail = Pods.failRequested(pod);
        if (t.finishAttempt == null) {
            t.finishAttempt = now;
        }
        String time = t.finishAttempt.truncatedTo(ChronoUnit.SECONDS).toString();
        String started = t.startedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : Pods.containers(pod)) {
            statuses.add(containerStatus(pod, c, "")
                    .withReady(false)
                    .withStarted(false)
                    .withNewState().withNewTerminated()
                    .withExitCode(fail ? 1 : 0)
                    .withReason(fail ? "Error" : "Completed")
                    .withStartedAt(started)
                    .withFinishedAt(time)
                    .withContainerID("containerd://" + digest(pod.getMetadata().getUid() + "/" + c.getName()))
                    .endTerminated().endState()
                    .build());
        }
        PodStatus status = new PodStatusBuilder()
                .withPhase(fail ? "Failed" : "Succeeded")
                .withConditions(
                        condition("PodReadyToStartContainers", "False", null, time),
                        condition("Initialized", "True", "PodCompleted", started),
                        condition("Ready", "False", "PodCompleted", time),
                        condition("ContainersReady", "False", "PodCompleted", time),
                        condition("PodScheduled", "True", null, started))
                .withHostIP(hostIp(node))
                .addNewHostIP().withIp(hostIp(node)).endHostIP()
                .withPodIP(t.ip)
                .addNewPodIP().withIp(t.ip).endPodIP()
                .withStartTime(started)
                .withContainerStatuses(statuses)
                .withQosClass(qosClass(pod))
                .build();
        try {
            ctx.patchStatus(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status);
        } catch (KubernetesClientException e) {
            if (ControllerContext.isGone(e)) {
                return;
            }
            throw e;
        }
        t.finished = true;
        ctx.events.note("kubelet " + node.getMetadata().getName() + ": pod " + Informers.key(pod)
                + (fail ? " failed (exit code 1)" : " completed (exit code 0)"));
    }

    private void terminate(Pod pod, Tracked t, Instant now, String key) {
        String node = Pods.nodeName(pod);
        Instant due = now;
        if (node != null && !Pods.isTerminal(pod)) {
            if (!t.killing) {
                t.killing = true;
                for (Container c : Pods.containers(pod)) {
                    ctx.events.normal(pod, "Killing", "Stopping container " + c.getName(), COMPONENT, node);
                }
            }
            Instant requested = pod.getMetadata().getDeletionTimestamp() == null
                    ? now : Instant.parse(pod.getMetadata().getDeletionTimestamp());
            Instant capped = t.deleteSeen.plus(ctx.settings.terminationDelayCap());
            due = requested.isBefore(capped) ? requested : capped;
        }
        if (now.isBefore(due)) {
            queue.addAfter(key, Duration.between(now, due));
            return;
        }
        List<String> finalizers = pod.getMetadata().getFinalizers();
        if (finalizers != null && !finalizers.isEmpty()) {
            return; // Removing the last finalizer is an update, which brings the pod back here.
        }
        try {
            ctx.client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (!ControllerContext.isGone(e)) {
                throw e;
            }
        }
    }

    /** PodGC: pods bound to a node that no longer exists are deleted at once, as kube-controller-manager does. */
    private void collectOrphans(String nodeName) {
        if (ctx.informers.nodes.getStore().getByKey(nodeName) != null) {
            return; // Re-created meanwhile.
        }
        for (Pod pod : ctx.informers.pods.getIndexer().byIndex(Informers.NODE, nodeName)) {
            try {
                ctx.client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withGracePeriod(0).delete();
                ctx.events.note("pod-garbage-collector: deleted pod " + Informers.key(pod) + " of deleted node " + nodeName);
            } catch (KubernetesClientException e) {
                if (!ControllerContext.isGone(e)) {
                    throw e;
                }
            }
        }
    }

    private static String hostIp(Node node) {
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) {
                    return a.getAddress();
                }
            }
        }
        return "172.18.255.254";
    }

    private static PodCondition condition(String type, String status, String reason, String time) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withLastTransitionTime(time).build();
    }

    static String qosClass(Pod pod) {
        boolean anyRequest = false;
        boolean guaranteed = true;
        for (Container c : Pods.containers(pod)) {
            Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
            boolean hasRequests = requests != null && !requests.isEmpty();
            boolean hasLimits = limits != null && !limits.isEmpty();
            anyRequest |= hasRequests || hasLimits;
            if (!hasLimits || limits.get("cpu") == null || limits.get("memory") == null
                    || (hasRequests && !limits.equals(requests))) {
                guaranteed = false;
            }
        }
        if (!anyRequest) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private String imageId(String image) {
        if (image == null) {
            return "";
        }
        return imageIds.computeIfAbsent(image, i -> {
            String repo = i.contains("@") ? i.substring(0, i.indexOf('@')) : i.replaceFirst(":[^:/]+$", "");
            return repo + "@sha256:" + digest(i);
        });
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    @Override
    public void close() {
        queue.close();
    }

    /** What this kubelet remembers of a pod between stages. */
    private static final class Tracked {
        final Instant bound;
        volatile Instant startedAt;
        volatile Instant startAttempt;
        volatile Instant finishAttempt;
        volatile Instant deleteSeen;
        volatile String ip;
        volatile boolean started;
        volatile boolean finished;
        volatile boolean killing;

        Tracked(Instant bound) {
            this.bound = bound;
        }
    }
}
