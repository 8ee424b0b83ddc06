package io.fede2e.provider.existing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What Up learnt about the cluster, for started.json's metadata.
 *
 * @param gitVersion the API server's version, for example {@code v1.33.1}
 * @param platform the API server's platform, for example {@code linux/amd64}
 * @param nodes the nodes, sorted by name
 */
record ClusterFacts(String gitVersion, String platform, List<NodeFacts> nodes) {

    ClusterFacts {
        gitVersion = Objects.requireNonNullElse(gitVersion, "");
        platform = Objects.requireNonNullElse(platform, "");
        nodes = nodes.stream().sorted(Comparator.comparing(NodeFacts::name)).toList();
    }

    /**
     * One node.
     *
     * @param name the node's name
     * @param osImage its OS image, for example {@code Ubuntu 24.04 LTS}
     * @param kernelVersion its kernel
     * @param containerRuntimeVersion its runtime, for example {@code containerd://2.0.1}
     * @param kubeletVersion its kubelet
     * @param ready whether its Ready condition is True
     */
    record NodeFacts(String name, String osImage, String kernelVersion, String containerRuntimeVersion,
            String kubeletVersion, boolean ready) {

        NodeFacts {
            Objects.requireNonNull(name, "name");
            osImage = Objects.requireNonNullElse(osImage, "");
            kernelVersion = Objects.requireNonNullElse(kernelVersion, "");
            containerRuntimeVersion = Objects.requireNonNullElse(containerRuntimeVersion, "");
            kubeletVersion = Objects.requireNonNullElse(kubeletVersion, "");
        }
    }

    /** The metadata keys for started.json, sorted. */
    Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>();
        m.put("kubernetes-version", gitVersion);
        m.put("platform", platform);
        m.put("node-count", Integer.toString(nodes.size()));
        m.put("node-ready-count", Long.toString(nodes.stream().filter(NodeFacts::ready).count()));
        m.put("node-os-images", distinct(NodeFacts::osImage));
        m.put("node-kernel-versions", distinct(NodeFacts::kernelVersion));
        m.put("node-container-runtimes", distinct(NodeFacts::containerRuntimeVersion));
        m.put("node-kubelet-versions", distinct(NodeFacts::kubeletVersion));
        return m;
    }

    private String distinct(Function<NodeFacts, String> f) {
        TreeSet<String> values = new TreeSet<>();
        nodes.forEach(n -> {
            if (!f.apply(n).isBlank()) {
                values.add(f.apply(n));
            }
        });
        return String.join(", ", values);
    }
}
