package io.fede2e.provider.azure;

import io.fede2e.provider.api.ProviderException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run has created, recorded as soon as it exists (so that Down after a half-done Up
 * knows the resource group), and saved as the state {@code fede2e down} reattaches to.
 */
final class Cluster {

    /** One VM: its name in the resource group and its private address. */
    record Node(String name, String privateAddress) {
    }

    static final String CONTROL_PLANE = "control-plane";
    static final String AKS_CLUSTER = "aks";

    String subscription;
    String group;
    String runId;
    Mode mode;
    String location;
    String vmSize;
    int nodes;
    String kubernetesVersion;
    String publicAddress;
    Node controlPlane;
    final List<Node> workers = new ArrayList<>();
    PinnedHostKeys pins = new PinnedHostKeys(Map.of());
    RunKey key;
    boolean keepKey;
    Path kubeconfig;

    static String workerName(int i) {
        return String.format("worker-%02d", i);
    }

    List<Node> allNodes() {
        List<Node> all = new ArrayList<>();
        if (controlPlane != null) {
            all.add(controlPlane);
        }
        all.addAll(workers);
        return all;
    }

    Map<String, String> toState() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("subscription", subscription);
        s.put("resource-group", group);
        s.put("run-id", runId);
        s.put("mode", mode.label());
        s.put("location", location);
        s.put("vm-size", vmSize);
        s.put("nodes", Integer.toString(nodes));
        s.put("kubernetes-version", kubernetesVersion);
        if (publicAddress != null) {
            s.put("public-address", publicAddress);
        }
        if (controlPlane != null) {
            s.put("node." + controlPlane.name(), controlPlane.privateAddress());
        }
        workers.forEach(w -> s.put("node." + w.name(), w.privateAddress()));
        pins.pins().forEach((vm, k) -> s.put("host-key." + vm, k));
        if (key != null) {
            s.put("ssh-public-key", key.publicKey());
            if (keepKey) {
                s.put("ssh-private-key", key.encodedPrivateKey());
            }
        }
        if (kubeconfig != null) {
            s.put("kubeconfig", kubeconfig.toString());
        }
        return s;
    }

    static Cluster fromState(Map<String, String> s) {
        Cluster c = new Cluster();
        c.subscription = required(s, "subscription");
        c.group = required(s, "resource-group");
        c.runId = required(s, "run-id");
        c.mode = Mode.parse(required(s, "mode"));
        c.location = s.getOrDefault("location", "");
        c.vmSize = s.getOrDefault("vm-size", "");
        c.nodes = Integer.parseInt(s.getOrDefault("nodes", "0"));
        c.kubernetesVersion = s.getOrDefault("kubernetes-version", "");
        c.publicAddress = s.get("public-address");
        Map<String, String> pins = new LinkedHashMap<>();
        s.keySet().stream().sorted().forEach(k -> {
            if (k.startsWith("node.")) {
                Node n = new Node(k.substring(5), s.get(k));
                if (n.name().equals(CONTROL_PLANE)) {
                    c.controlPlane = n;
                } else {
                    c.workers.add(n);
                }
            } else if (k.startsWith("host-key.")) {
                pins.put(k.substring(9), s.get(k));
            }
        });
        c.pins = new PinnedHostKeys(pins);
        if (s.containsKey("ssh-private-key") && s.containsKey("ssh-public-key")) {
            c.key = RunKey.decode(s.get("ssh-private-key"), s.get("ssh-public-key"));
            c.keepKey = true;
        }
        if (s.containsKey("kubeconfig")) {
            c.kubeconfig = Path.of(s.get("kubeconfig"));
        }
        return c;
    }

    private static String required(Map<String, String> s, String key) {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            throw new ProviderException("the state has no " + key + "; it was not written by the azure provider's "
                    + "fede2e up: find the run's resource group (tag fede2e-run-id) and delete it with az group delete");
        }
        return v;
    }
}
