package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small facts about pods and owners that several controllers need. */
final class Pods {

    /** Annotation: "true" makes a run-to-completion pod fail with exit code 1. */
    static final String FAIL_ANNOTATION = "hollow.fede2e.io/fail";
    /** Annotation: how long a run-to-completion pod runs ("2s", "500ms", "1m" or ISO-8601). */
    static final String RUN_DURATION_ANNOTATION = "hollow.fede2e.io/run-duration";
    static final String DEFAULT_SCHEDULER = "default-scheduler";

    private Pods() {}

    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean isTerminating(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    /** Counted by workload controllers: not finished and not on its way out. */
    static boolean isActive(Pod pod) {
        return !isTerminal(pod) && !isTerminating(pod);
    }

    static boolean isRunning(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /** Ready for at least minReadySeconds, as "available" means for workload controllers. */
    static boolean isAvailable(Pod pod, Integer minReadySeconds, Instant now) {
        if (!isReady(pod) || isTerminating(pod)) {
            return false;
        }
        if (minReadySeconds == null || minReadySeconds <= 0) {
            return true;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType()) && c.getLastTransitionTime() != null) {
                return !Instant.parse(c.getLastTransitionTime()).plusSeconds(minReadySeconds).isAfter(now);
            }
        }
        return false;
    }

    static String nodeName(Pod pod) {
        PodSpec spec = pod.getSpec();
        return spec == null || spec.getNodeName() == null || spec.getNodeName().isEmpty()
                ? null : spec.getNodeName();
    }

    static String ownerKind(HasMetadata object) {
        OwnerReference ref = controllerRef(object);
        return ref == null ? null : ref.getKind();
    }

    static OwnerReference controllerRef(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference ref : refs) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return ref;
            }
        }
        return null;
    }

    static OwnerReference ownerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** A pod that runs to completion: a Job's, or one whose restartPolicy is not Always. */
    static boolean runsToCompletion(Pod pod) {
        if ("Job".equals(ownerKind(pod))) {
            return true;
        }
        String policy = pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
        return "Never".equals(policy) || "OnFailure".equals(policy);
    }

    static boolean failRequested(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(FAIL_ANNOTATION));
    }

    /** The run time asked for by annotation, or the default when absent or unreadable. */
    static Duration runDuration(Pod pod, Duration fallback) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(RUN_DURATION_ANNOTATION);
        if (value == null) {
            return fallback;
        }
        Duration parsed = parseDuration(value);
        return parsed == null ? fallback : parsed;
    }

    /** Go-style durations ("1.5s", "300ms", "2m", "1h") or ISO-8601; null when neither. */
    static Duration parseDuration(String value) {
        String v = value.trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 2))));
            }
            double amount = Double.parseDouble(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofMillis(Math.round(amount * 1_000));
                case 'm' -> Duration.ofMillis(Math.round(amount * 60_000));
                case 'h' -> Duration.ofMillis(Math.round(amount * 3_600_000));
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    static List<Container> containers(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers() == null
                ? List.of() : pod.getSpec().getContainers();
    }

    /** Label selector semantics of metav1.LabelSelector; an empty selector matches everything. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String v = l.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> v != null && values.contains(v);
                    case "NotIn" -> v == null || !values.contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Map-based selector (Services, nodeSelector): every pair must be present. */
    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(l.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
