package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a failed test leaves in its output: the namespace's events, its pods' statuses and, when the
 * cluster runs containers, the containers' last log lines. Each part is read on its own, so one
 * failing read does not hide the others.
 */
final class Diagnostics {

    static final int LOG_TAIL_LINES = 50;
    static final int MAX_PODS_WITH_LOGS = 10;

    private Diagnostics() {
    }

    /** The report for one namespace, lines ending in '\n'. */
    static String report(KubernetesClient client, String namespace, boolean withLogs) {
        StringBuilder out = new StringBuilder();
        out.append("=== diagnostics of namespace ").append(namespace).append(" ===\n");
        List<Pod> pods = List.of();
        try {
            List<Event> events = new ArrayList<>(client.v1().events().inNamespace(namespace).list().getItems());
            events.sort(Comparator.comparing(Diagnostics::eventTime).thenComparing(e -> e.getMetadata().getName()));
            out.append("--- events (").append(events.size()).append(") ---\n");
            events.forEach(e -> out.append(Describe.event(e)).append('\n'));
        } catch (RuntimeException e) {
            out.append("--- events: cannot list: ").append(Describe.oneLine(e.getMessage())).append('\n');
        }
        try {
            pods = new ArrayList<>(client.pods().inNamespace(namespace).list().getItems());
            pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
            out.append("--- pods (").append(pods.size()).append(") ---\n");
            for (Pod p : pods) {
                out.append(p.getMetadata().getName()).append(": ").append(Describe.pod(p)).append('\n');
            }
        } catch (RuntimeException e) {
            out.append("--- pods: cannot list: ").append(Describe.oneLine(e.getMessage())).append('\n');
        }
        if (withLogs) {
            for (Pod p : pods.stream().limit(MAX_PODS_WITH_LOGS).toList()) {
                if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
                    continue;
                }
                for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
                    out.append("--- logs of ").append(p.getMetadata().getName()).append('/').append(c.getName())
                            .append(" (last ").append(LOG_TAIL_LINES).append(" lines) ---\n");
                    try {
                        String log = client.pods().inNamespace(namespace).withName(p.getMetadata().getName())
                                .inContainer(c.getName()).tailingLines(LOG_TAIL_LINES).getLog();
                        out.append(printable(log));
                        if (!log.isEmpty() && !log.endsWith("\n")) {
                            out.append('\n');
                        }
                    } catch (RuntimeException e) {
                        out.append("cannot read: ").append(Describe.oneLine(e.getMessage())).append('\n');
                    }
                }
            }
        } else {
            out.append("--- container logs: not collected, the provider does not offer capability container-runtime ---\n");
        }
        return out.toString();
    }

    private static String eventTime(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata().getCreationTimestamp() == null ? "" : e.getMetadata().getCreationTimestamp();
    }

    /** Log text without control characters other than newlines and tabs. */
    static String printable(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
    }
}
