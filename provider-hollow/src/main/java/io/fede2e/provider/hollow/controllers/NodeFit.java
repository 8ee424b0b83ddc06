package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** The scheduler's filter plugins: node affinity/selector, taints and tolerations, requests. */
final class NodeFit {

    static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

    private NodeFit() {}

    /** Requests of a pod as the scheduler counts them: max(sum of containers, any init container). */
    record Request(long milliCpu, long memory) {
        static Request of(Pod pod) {
            long cpu = 0;
            long mem = 0;
            for (Container c : Pods.containers(pod)) {
                if (c.getResources() != null) {
                    cpu += Quantities.milliCpu(c.getResources().getRequests());
                    mem += Quantities.memory(c.getResources().getRequests());
                }
            }
            if (pod.getSpec() != null && pod.getSpec().getInitContainers() != null) {
                for (Container c : pod.getSpec().getInitContainers()) {
                    if (c.getResources() != null) {
                        cpu = Math.max(cpu, Quantities.milliCpu(c.getResources().getRequests()));
                        mem = Math.max(mem, Quantities.memory(c.getResources().getRequests()));
                    }
                }
            }
            if (pod.getSpec() != null && pod.getSpec().getOverhead() != null) {
                cpu += Quantities.milliCpu(pod.getSpec().getOverhead());
                mem += Quantities.memory(pod.getSpec().getOverhead());
            }
            return new Request(cpu, mem);
        }
    }

    static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    static boolean isUnschedulable(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** nodeSelector and required node affinity. */
    static boolean matchesAffinity(Pod pod, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !selector.isEmpty() && !Pods.matches(selector, labels)) {
            return false;
        }
        if (pod.getSpec().getAffinity() == null || pod.getSpec().getAffinity().getNodeAffinity() == null) {
            return true;
        }
        NodeSelector required = pod.getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null
                || required.getNodeSelectorTerms().isEmpty()) {
            return true;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (matchesTerm(term, node)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesTerm(NodeSelectorTerm term, Node node) {
        boolean any = false;
        if (term.getMatchExpressions() != null) {
            for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                any = true;
                Map<String, String> labels = node.getMetadata().getLabels();
                if (!matchesRequirement(r, labels == null ? null : labels.get(r.getKey()))) {
                    return false;
                }
            }
        }
        if (term.getMatchFields() != null) {
            for (NodeSelectorRequirement r : term.getMatchFields()) {
                any = true;
                String value = "metadata.name".equals(r.getKey()) ? node.getMetadata().getName() : null;
                if (!matchesRequirement(r, value)) {
                    return false;
                }
            }
        }
        return any; // An empty term matches no objects, as the API documents.
    }

    private static boolean matchesRequirement(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> compare(r.getOperator(), value, values);
            default -> false;
        };
    }

    private static boolean compare(String op, String value, List<String> values) {
        if (value == null || values.size() != 1) {
            return false;
        }
        try {
            long actual = Long.parseLong(value);
            long bound = Long.parseLong(values.get(0));
            return "Gt".equals(op) ? actual > bound : actual < bound;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The first NoSchedule/NoExecute taint the pod does not tolerate, or null. */
    static Taint untoleratedTaint(Pod pod, Node node) {
        List<Toleration> tolerations = pod.getSpec().getTolerations();
        if (!isReady(node)) {
            Taint notReady = new Taint("NoSchedule", NOT_READY_TAINT, null, "");
            if (!tolerates(tolerations, notReady)) {
                return notReady;
            }
        }
        if (isUnschedulable(node)) {
            Taint cordoned = new Taint("NoSchedule", UNSCHEDULABLE_TAINT, null, "");
            if (!tolerates(tolerations, cordoned)) {
                return cordoned;
            }
        }
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return null;
        }
        for (Taint taint : node.getSpec().getTaints()) {
            if (!"NoSchedule".equals(taint.getEffect()) && !"NoExecute".equals(taint.getEffect())) {
                continue;
            }
            if (!tolerates(tolerations, taint)) {
                return taint;
            }
        }
        return null;
    }

    static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
                continue;
            }
            String key = t.getKey() == null ? "" : t.getKey();
            if (!key.isEmpty() && !key.equals(taint.getKey())) {
                continue;
            }
            if ("Exists".equals(t.getOperator())) {
                return true;
            }
            if (!key.isEmpty()) {
                String want = t.getValue() == null ? "" : t.getValue();
                String have = taint.getValue() == null ? "" : taint.getValue();
                if (want.equals(have)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How the real scheduler names an untolerated taint in its message. */
    static String describe(Taint taint) {
        return "node(s) had untolerated taint {" + taint.getKey() + ": "
                + (taint.getValue() == null ? "" : taint.getValue()) + "}";
    }
}
