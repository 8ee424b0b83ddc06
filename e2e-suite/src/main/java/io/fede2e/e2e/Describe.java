package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One-line descriptions of objects for wait timeouts and failure diagnostics. */
public final class Describe {

    private static final int MAX_MESSAGE = 300;

    private Describe() {
    }

    /** A pod's phase, node, conditions and container states; {@code not found} for null. */
    public static String pod(Pod pod) {
        if (pod == null) {
            return "not found";
        }
        var status = pod.getStatus();
        StringBuilder b = new StringBuilder();
        b.append("phase ").append(status == null || status.getPhase() == null ? "<none>" : status.getPhase());
        b.append(", node ").append(pod.getSpec() == null || pod.getSpec().getNodeName() == null
                ? "<none>" : pod.getSpec().getNodeName());
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            b.append(", deleting since ").append(pod.getMetadata().getDeletionTimestamp());
        }
        List<String> conditions = new ArrayList<>();
        if (status != null && status.getConditions() != null) {
            for (PodCondition c : status.getConditions()) {
                conditions.add(condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
            }
        }
        b.append(", conditions: ").append(conditions.isEmpty() ? "none" : String.join(", ", conditions));
        if (status != null && status.getContainerStatuses() != null && !status.getContainerStatuses().isEmpty()) {
            b.append(", containers: ").append(status.getContainerStatuses().stream()
                    .map(Describe::container).collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    /** A container's state, readiness and restarts. */
    public static String container(ContainerStatus s) {
        String state = "unknown";
        if (s.getState() != null) {
            if (s.getState().getRunning() != null) {
                state = "running";
            } else if (s.getState().getWaiting() != null) {
                state = "waiting (" + s.getState().getWaiting().getReason()
                        + optionalMessage(s.getState().getWaiting().getMessage()) + ")";
            } else if (s.getState().getTerminated() != null) {
                state = "terminated (exit " + s.getState().getTerminated().getExitCode() + ", "
                        + s.getState().getTerminated().getReason() + ")";
            }
        }
        return s.getName() + " " + state + ", ready=" + s.getReady() + ", restarts=" + s.getRestartCount();
    }

    /** A deployment's generation and replica counts and its conditions. */
    public static String deployment(Deployment d) {
        if (d == null) {
            return "not found";
        }
        var st = d.getStatus();
        if (st == null) {
            return "no status yet, generation " + d.getMetadata().getGeneration();
        }
        String conditions = st.getConditions() == null || st.getConditions().isEmpty() ? "none"
                : st.getConditions().stream().map(Describe::condition).collect(Collectors.joining(", "));
        return "generation " + d.getMetadata().getGeneration() + ", observedGeneration " + st.getObservedGeneration()
                + ", spec.replicas " + d.getSpec().getReplicas() + ", replicas " + st.getReplicas()
                + ", updated " + st.getUpdatedReplicas() + ", ready " + st.getReadyReplicas()
                + ", available " + st.getAvailableReplicas() + ", unavailable " + st.getUnavailableReplicas()
                + ", conditions: " + conditions;
    }

    /** An event as {@code kubectl get events} shows it, on one line. */
    public static String event(Event e) {
        var obj = e.getInvolvedObject();
        String when = e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
        return when + " " + e.getType() + " " + e.getReason() + " " + (obj == null ? "?" : obj.getKind() + "/" + obj.getName())
                + ": " + oneLine(e.getMessage()) + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "");
    }

    /** {@code 30s}, {@code 2m}, {@code 1m30s} or {@code 250ms}. */
    public static String duration(Duration d) {
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        return s % 60 == 0 ? s / 60 + "m" : s / 60 + "m" + s % 60 + "s";
    }

    /** Text squeezed onto one line, control characters dropped, cut to a readable length. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "");
        return flat.length() > MAX_MESSAGE ? flat.substring(0, MAX_MESSAGE) + "..." : flat;
    }

    private static String condition(DeploymentCondition c) {
        return condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage());
    }

    static String condition(String type, String status, String reason, String message) {
        String detail = reason == null && message == null ? ""
                : " (" + (reason == null ? "" : reason) + (message == null || message.isBlank() ? "" : (reason == null ? "" : ": ") + oneLine(message)) + ")";
        return type + "=" + status + detail;
    }

    private static String optionalMessage(String message) {
        return message == null || message.isBlank() ? "" : ": " + oneLine(message);
    }
}
