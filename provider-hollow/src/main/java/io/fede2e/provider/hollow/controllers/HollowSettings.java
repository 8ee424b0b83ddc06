package io.fede2e.provider.hollow.controllers;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the hollow cluster's controllers behave: node shape, KWOK-like stage delays and concurrency.
 *
 * @param nodeCount number of hollow nodes created at start (0 is allowed: tests add their own)
 * @param nodeCpu cpu capacity of each node, as a Kubernetes quantity ("4", "3500m")
 * @param nodeMemory memory capacity of each node, as a Kubernetes quantity ("16Gi")
 * @param maxPodsPerNode pods capacity of each node (the kubelet's --max-pods, 110 by default)
 * @param podStartupDelay how long a bound pod stays Pending before the hollow kubelet reports it Running
 * @param jobPodRunDuration how long a run-to-completion pod (a Job's, or restartPolicy Never/OnFailure) runs
 * @param terminationDelayCap upper bound for how long a deleted pod lingers: the pod goes after
 *     min(grace period, this); it models containers that exit on SIGTERM before the grace period ends
 * @param leaseHeartbeatInterval how often each node renews its Lease in kube-node-lease
 * @param workerThreads worker threads per busy controller (scheduler, kubelet); others use fewer
 * @param eventQueueCapacity Events waiting to be written; beyond it Events are dropped, as client-go's
 *     broadcaster does; 0 turns Events off (the controllers' event log still records everything)
 * @param clock the clock stamping conditions, leases and stage deadlines
 * @param kubeletVersion the version hollow nodes report as kubelet and kube-proxy version
 */
public record HollowSettings(
        int nodeCount,
        String nodeCpu,
        String nodeMemory,
        int maxPodsPerNode,
        Duration podStartupDelay,
        Duration jobPodRunDuration,
        Duration terminationDelayCap,
        Duration leaseHeartbeatInterval,
        int workerThreads,
        int eventQueueCapacity,
        Clock clock,
        String kubeletVersion) {

    /** The Kubernetes version hollow kubelets report unless told otherwise. */
    public static final String DEFAULT_KUBELET_VERSION = "v1.33.0";

    /** Compact constructor: rejects settings the controllers cannot honour. */
    public HollowSettings {
        if (nodeCount < 0 || nodeCount > 100_000) {
            throw new IllegalArgumentException(
                    "nodeCount " + nodeCount + " is out of range: use 0 to 100000 hollow nodes");
        }
        Objects.requireNonNull(nodeCpu, "nodeCpu");
        Objects.requireNonNull(nodeMemory, "nodeMemory");
        Quantities.requireQuantity("nodeCpu", nodeCpu);
        Quantities.requireQuantity("nodeMemory", nodeMemory);
        if (maxPodsPerNode < 1) {
            throw new IllegalArgumentException(
                    "maxPodsPerNode " + maxPodsPerNode + " must be at least 1 (the kubelet default is 110)");
        }
        requireNotNegative("podStartupDelay", podStartupDelay);
        requireNotNegative("jobPodRunDuration", jobPodRunDuration);
        requireNotNegative("terminationDelayCap", terminationDelayCap);
        requireNotNegative("leaseHeartbeatInterval", leaseHeartbeatInterval);
        if (leaseHeartbeatInterval.isZero()) {
            throw new IllegalArgumentException("leaseHeartbeatInterval must be positive (10s by default)");
        }
        if (workerThreads < 1 || workerThreads > 256) {
            throw new IllegalArgumentException(
                    "workerThreads " + workerThreads + " is out of range: use 1 to 256");
        }
        if (eventQueueCapacity < 0) {
            throw new IllegalArgumentException(
                    "eventQueueCapacity " + eventQueueCapacity + " must be 0 (no Events) or more");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(kubeletVersion, "kubeletVersion");
        if (!kubeletVersion.matches("v\\d+\\.\\d+\\.\\d+([-+][A-Za-z0-9.+-]*)?")) {
            throw new IllegalArgumentException("kubeletVersion '" + kubeletVersion
                    + "' is not a version like v1.33.0");
        }
    }

    /**
     * Settings of a small default cluster: nodes of 4 cpu, 16Gi and 110 pods, pods Running 100 ms
     * after binding, Job pods done after 1 s, leases renewed every 10 s.
     */
    public static HollowSettings defaults(int nodeCount) {
        return new HollowSettings(
                nodeCount,
                "4",
                "16Gi",
                110,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                16,
                10_000,
                Clock.systemUTC(),
                DEFAULT_KUBELET_VERSION);
    }

    /** A copy with another node count. */
    public HollowSettings withNodeCount(int count) {
        return new HollowSettings(count, nodeCpu, nodeMemory, maxPodsPerNode, podStartupDelay,
                jobPodRunDuration, terminationDelayCap, leaseHeartbeatInterval, workerThreads,
                eventQueueCapacity, clock, kubeletVersion);
    }

    /** A copy with another node shape. */
    public HollowSettings withNodeCapacity(String cpu, String memory, int maxPods) {
        return new HollowSettings(nodeCount, cpu, memory, maxPods, podStartupDelay,
                jobPodRunDuration, terminationDelayCap, leaseHeartbeatInterval, workerThreads,
                eventQueueCapacity, clock, kubeletVersion);
    }

    /** A copy with other stage delays. */
    public HollowSettings withDelays(Duration startup, Duration jobRun, Duration terminationCap) {
        return new HollowSettings(nodeCount, nodeCpu, nodeMemory, maxPodsPerNode, startup, jobRun,
                terminationCap, leaseHeartbeatInterval, workerThreads, eventQueueCapacity, clock, kubeletVersion);
    }

    /** A copy with another lease heartbeat interval. */
    public HollowSettings withLeaseHeartbeatInterval(Duration interval) {
        return new HollowSettings(nodeCount, nodeCpu, nodeMemory, maxPodsPerNode, podStartupDelay,
                jobPodRunDuration, terminationDelayCap, interval, workerThreads, eventQueueCapacity, clock, kubeletVersion);
    }

    /** A copy with another worker thread count. */
    public HollowSettings withWorkerThreads(int threads) {
        return new HollowSettings(nodeCount, nodeCpu, nodeMemory, maxPodsPerNode, podStartupDelay,
                jobPodRunDuration, terminationDelayCap, leaseHeartbeatInterval, threads,
                eventQueueCapacity, clock, kubeletVersion);
    }

    /** A copy with another Event queue capacity (0 turns Events off). */
    public HollowSettings withEventQueueCapacity(int capacity) {
        return new HollowSettings(nodeCount, nodeCpu, nodeMemory, maxPodsPerNode, podStartupDelay,
                jobPodRunDuration, terminationDelayCap, leaseHeartbeatInterval, workerThreads, capacity,
                clock, kubeletVersion);
    }

    /** A copy with another clock. */
    public HollowSettings withClock(Clock newClock) {
        return new HollowSettings(nodeCount, nodeCpu, nodeMemory, maxPodsPerNode, podStartupDelay,
                jobPodRunDuration, terminationDelayCap, leaseHeartbeatInterval, workerThreads,
                eventQueueCapacity, newClock, kubeletVersion);
    }

    /** A copy whose nodes report another kubelet version (e.g. the API server's). */
    public HollowSettings withKubeletVersion(String version) {
        return new HollowSettings(nodeCount, nodeCpu, nodeMemory, maxPodsPerNode, podStartupDelay,
                jobPodRunDuration, terminationDelayCap, leaseHeartbeatInterval, workerThreads,
                eventQueueCapacity, clock, version);
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " " + value + " must not be negative");
        }
    }
}
