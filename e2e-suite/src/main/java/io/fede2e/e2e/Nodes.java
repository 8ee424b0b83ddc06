package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The cluster's nodes, and temporary changes to them that are undone after the test. Tests that
 * change nodes are {@link Serial}: they label or taint an existing node with a key of their own and
 * restore it, so they are safe on a real cluster.
 */
public final class Nodes {

    /** Taints that DaemonSet pods tolerate without asking (the DaemonSet controller adds them). */
    static final List<String> DAEMONSET_TOLERATED = List.of("node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
            "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable");

    private final KubernetesClient client;
    private final Deque<Change> pending = new ConcurrentLinkedDeque<>();

    Nodes(KubernetesClient client) {
        this.client = client;
    }

    /** A change to a node that {@link #close()} undoes; closing twice is harmless. */
    public interface Change extends AutoCloseable {
        @Override
        void close();
    }

    /** Every node, sorted by name. */
    public List<Node> all() {
        List<Node> nodes = new ArrayList<>(client.nodes().list().getItems());
        nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        return nodes;
    }

    /**
     * Nodes a plain pod can land on: Ready, not cordoned, and without NoSchedule or NoExecute taints.
     * Sorted by name.
     */
    public List<Node> schedulable() {
        return all().stream().filter(Nodes::isReady)
                .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
                .filter(n -> taints(n).stream().noneMatch(Nodes::repels))
                .toList();
    }

    /**
     * Nodes a DaemonSet without tolerations or node selector runs a pod on: Ready, and without
     * NoSchedule or NoExecute taints other than those DaemonSet pods tolerate by default.
     */
    public List<Node> forDaemonSets() {
        return all().stream().filter(Nodes::isReady)
                .filter(n -> taints(n).stream().noneMatch(t -> repels(t) && !DAEMONSET_TOLERATED.contains(t.getKey())))
                .toList();
    }

    /** The first schedulable node; fails the test with a clear message when there is none. */
    public Node anySchedulable() {
        List<Node> nodes = schedulable();
        if (nodes.isEmpty()) {
            throw new AssertionError("the cluster has no schedulable node (Ready, not cordoned, untainted); "
                    + "nodes: " + all().stream().map(n -> n.getMetadata().getName() + " ready=" + isReady(n)
                            + " taints=" + taints(n)).toList());
        }
        return nodes.get(0);
    }

    /** Sets a label on a node until the returned change is closed (or the test ends). */
    public Change label(String node, String key, String value) {
        client.nodes().withName(node).edit(n -> {
            if (n.getMetadata().getLabels() == null) {
                n.getMetadata().setLabels(new java.util.HashMap<>());
            }
            n.getMetadata().getLabels().put(key, value);
            return n;
        });
        return track(() -> client.nodes().withName(node).edit(n -> {
            if (n.getMetadata().getLabels() != null) {
                n.getMetadata().getLabels().remove(key);
            }
            return n;
        }));
    }

    /** Adds a taint to a node until the returned change is closed (or the test ends). */
    public Change taint(String node, String key, String value, String effect) {
        Taint taint = new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
        client.nodes().withName(node).edit(n -> {
            if (n.getSpec().getTaints() == null) {
                n.getSpec().setTaints(new ArrayList<>());
            }
            n.getSpec().getTaints().add(taint);
            return n;
        });
        return track(() -> client.nodes().withName(node).edit(n -> {
            if (n.getSpec().getTaints() != null) {
                n.getSpec().getTaints().removeIf(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
            }
            return n;
        }));
    }

    /** Whether the node's Ready condition is True. */
    public static boolean isReady(Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : n.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /** Undoes every change not closed yet, newest first; returns the failures' messages. */
    List<String> restoreAll() {
        List<String> failures = new ArrayList<>();
        Change c;
        while ((c = pending.pollLast()) != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                failures.add(Describe.oneLine(e.getMessage()));
            }
        }
        return failures;
    }

    private Change track(Runnable undo) {
        Change change = new Change() {
            private boolean done;

            @Override
            public synchronized void close() {
                if (!done) {
                    done = true;
                    pending.remove(this);
                    undo.run();
                }
            }
        };
        pending.add(change);
        return change;
    }

    private static List<Taint> taints(Node n) {
        return n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
    }

    private static boolean repels(Taint t) {
        return Objects.equals(t.getEffect(), "NoSchedule") || Objects.equals(t.getEffect(), "NoExecute");
    }
}
