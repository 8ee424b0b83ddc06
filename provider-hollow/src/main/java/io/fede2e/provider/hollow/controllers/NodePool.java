package io.fede2e.provider.hollow.controllers;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which hollow nodes a controller manager plays, and whether it plays the whole cluster around them.
 *
 * <p>The embedded cluster ({@link #embedded()}) names its nodes {@code hollow-node-0001} and runs every
 * controller. A pool on a cluster that already has its own control plane ({@link #onExistingCluster})
 * runs only the nodes and their kubelets, as Kubemark's hollow nodes do: the target's scheduler and
 * controllers do the rest. Its kubelets touch only pods bound to its own nodes, and it refuses to adopt
 * a node that already exists, since that node belongs to someone else.
 *
 * @param namePrefix prefix of the node names, followed by a four-digit index
 * @param labels labels put on every node besides the standard ones, and the selector of the node watch
 *     when {@code kubeletsOnly}
 * @param kubeletsOnly true on a cluster with its own control plane: nodes and kubelets only
 */
public record NodePool(String namePrefix, Map<String, String> labels, boolean kubeletsOnly) {

    /** Compact constructor: copies the labels and checks the prefix makes valid node names. */
    public NodePool {
        Objects.requireNonNull(namePrefix, "namePrefix");
        if (!namePrefix.matches("[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9.-])?")) {
            throw new IllegalArgumentException("node name prefix '" + namePrefix
                    + "' must be lowercase letters, digits, '.' and '-', starting with a letter or digit");
        }
        labels = Map.copyOf(new TreeMap<>(labels == null ? Map.of() : labels));
        if (kubeletsOnly && labels.isEmpty()) {
            throw new IllegalArgumentException("a pool on an existing cluster needs labels that select only its nodes");
        }
    }

    /** The embedded hollow cluster's nodes: {@code hollow-node-0001}, every controller running. */
    public static NodePool embedded() {
        return new NodePool("hollow-node-", Map.of(), false);
    }

    /** Nodes {@code <prefix>0001...} carrying {@code labels}, with kubelets only (Kubemark mode). */
    public static NodePool onExistingCluster(String namePrefix, Map<String, String> labels) {
        return new NodePool(namePrefix, labels, true);
    }

    /** The name of the node with this 1-based index. */
    public String nodeName(int index) {
        return namePrefix + String.format("%04d", index);
    }
}
