package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Polls the cluster until a condition holds. Every wait has a timeout; when it runs out the wait
 * throws a {@link WaitTimeoutException} that says what it awaited and what it saw last, for example
 * {@code pod web not Running and Ready after 5m; last phase Pending, node <none>, conditions: ...}.
 *
 * <p>Waits never assert timings: they poll with a growing interval (50 ms up to 1 s), so they are
 * quick on an in-process cluster and gentle on a real one.
 */
public final class Waits {

    /** How long a pod may take to start on a real cluster, image pull included (Kubernetes' value). */
    public static final Duration POD_START = Duration.ofMinutes(5);
    /** How long controllers may take to converge on a real cluster. */
    public static final Duration CONVERGE = Duration.ofMinutes(3);

    static final Duration FIRST_INTERVAL = Duration.ofMillis(50);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

    /** Sleeps between polls; tests replace it. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final Sleeper sleeper;

    Waits(KubernetesClient client, String namespace, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.namespace = namespace;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Polls {@code observe} until {@code done} accepts what it returned (which may be null for an
     * absent object) and returns that value.
     *
     * @param notYet what is true while waiting, for the message: {@code "pod web not Running"}
     * @param timeout how long to wait at most
     * @param observe reads the current state; a {@link KubernetesClientException} counts as a failed
     *     observation and polling goes on
     * @param done whether the state is the awaited one
     * @param describe describes the last state for the timeout message
     * @throws WaitTimeoutException when the timeout runs out
     */
    public <T> T until(String notYet, Duration timeout, Supplier<T> observe, Predicate<? super T> done,
            Function<? super T, String> describe) {
        Instant deadline = clock.instant().plus(timeout);
        Duration interval = FIRST_INTERVAL;
        String last = "nothing observed";
        while (true) {
            try {
                T value = observe.get();
                if (done.test(value)) {
                    return value;
                }
                last = describe.apply(value);
            } catch (KubernetesClientException e) {
                last = "error " + e.getCode() + ": " + Describe.oneLine(e.getMessage());
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new WaitTimeoutException(notYet + " after " + Describe.duration(timeout) + "; last " + last, last);
            }
            try {
                Duration left = Duration.between(clock.instant(), deadline);
                sleeper.sleep(left.isNegative() ? Duration.ZERO : left.compareTo(interval) < 0 ? left : interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitTimeoutException(notYet + ": interrupted while waiting; last " + last, last);
            }
            interval = interval.multipliedBy(2).compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : interval.multipliedBy(2);
        }
    }

    /** Waits until the pod of this name (in the test namespace) satisfies {@code done}. */
    public Pod pod(String name, String notYet, Duration timeout, Predicate<Pod> done) {
        return until("pod " + name + " " + notYet, timeout,
                () -> client.pods().inNamespace(namespace).withName(name).get(),
                p -> p != null && done.test(p), Describe::pod);
    }

    /** Waits until the pod is Running and Ready, for up to {@link #POD_START}. */
    public Pod podRunning(String name) {
        return podRunning(name, POD_START);
    }

    /** Waits until the pod is Running and Ready. */
    public Pod podRunning(String name, Duration timeout) {
        return pod(name, "not Running and Ready", timeout, Waits::isRunningAndReady);
    }

    /** Waits until the pod reaches {@code phase} (for example {@code Succeeded} or {@code Failed}). */
    public Pod podPhase(String name, String phase, Duration timeout) {
        return pod(name, "not " + phase, timeout, p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase()));
    }

    /** Waits until the pod is bound to a node. */
    public Pod podScheduled(String name, Duration timeout) {
        return pod(name, "not scheduled", timeout, p -> p.getSpec().getNodeName() != null);
    }

    /**
     * Waits until the scheduler reports the pod unschedulable: condition PodScheduled=False with
     * reason Unschedulable, and still no node. Fails at once when the pod gets a node.
     */
    public Pod podUnschedulable(String name, Duration timeout) {
        return pod(name, "not reported Unschedulable (PodScheduled=False)", timeout, p -> {
            if (p.getSpec().getNodeName() != null) {
                // Waiting on would only time out: say at once that the pod did not stay Pending.
                throw new AssertionError("pod " + name + " was scheduled onto node " + p.getSpec().getNodeName()
                        + " but should have stayed Pending; " + Describe.pod(p));
            }
            return hasCondition(p, "PodScheduled", "False", "Unschedulable");
        });
    }

    /** Waits until no object is returned by {@code get}: it was deleted and is gone. */
    public void gone(String what, Duration timeout, Supplier<? extends HasMetadata> get) {
        until(what + " still present", timeout, get, Objects::isNull,
                o -> o.getMetadata().getDeletionTimestamp() == null ? "present, not being deleted"
                        : "present, deleting since " + o.getMetadata().getDeletionTimestamp()
                                + ", finalizers " + o.getMetadata().getFinalizers());
    }

    /**
     * Waits until exactly {@code count} pods with these labels exist that are not being deleted, all
     * Running and Ready, and returns them sorted by name.
     */
    public List<Pod> runningPods(Map<String, String> labels, int count, Duration timeout) {
        return until(count + " pods " + labels + " not Running and Ready", timeout,
                () -> livePods(labels),
                pods -> pods.size() == count && pods.stream().allMatch(Waits::isRunningAndReady),
                pods -> pods.size() + " live pods: " + pods.stream()
                        .map(p -> p.getMetadata().getName() + " " + Describe.pod(p)).collect(Collectors.joining("; ")));
    }

    /** Pods with these labels in the test namespace that are not being deleted, sorted by name. */
    public List<Pod> livePods(Map<String, String> labels) {
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /**
     * Waits until the deployment's rollout is complete, as {@code kubectl rollout status} decides:
     * the controller observed the latest generation, every replica is updated and available, and no
     * old replica is left.
     */
    public Deployment deploymentComplete(String name, Duration timeout) {
        return until("deployment " + name + " rollout not complete", timeout,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).get(),
                Waits::isRolloutComplete, Describe::deployment);
    }

    /** Whether the pod is Running with condition Ready=True. */
    public static boolean isRunningAndReady(Pod p) {
        return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                && hasCondition(p, "Ready", "True", null);
    }

    /** Whether the pod has a condition of this type and status (and reason, when not null). */
    public static boolean hasCondition(Pod p, String type, String status, String reason) {
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : p.getStatus().getConditions()) {
            if (type.equals(c.getType()) && status.equals(c.getStatus())
                    && (reason == null || reason.equals(c.getReason()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the deployment's rollout is complete (kubectl rollout status' rule). */
    public static boolean isRolloutComplete(Deployment d) {
        if (d == null || d.getStatus() == null || d.getStatus().getObservedGeneration() == null) {
            return false;
        }
        var st = d.getStatus();
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return st.getObservedGeneration() >= d.getMetadata().getGeneration()
                && orZero(st.getUpdatedReplicas()) == want
                && orZero(st.getReplicas()) == want
                && orZero(st.getAvailableReplicas()) == want;
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
