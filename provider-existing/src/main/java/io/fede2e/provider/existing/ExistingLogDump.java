package io.fede2e.provider.existing;

import io.fede2e.redact.Redactor;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fede2e.provider.api.ProviderException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * DumpLogs through the API into {@code <dir>/cluster/}: the version, the nodes described, and for
 * each namespace of the run its events, its pods, and the logs of its failed pods. Everything is
 * sorted and redacted; each file is written whole or not at all.
 */
final class ExistingLogDump {

    /** Bound on one container's log: enough to see why it failed, never a disk filler. */
    static final int LOG_TAIL_LINES = 5000;

    private final KubernetesClient client;
    private final ExistingOptions options;
    private final List<ProbeOutcome> probes;
    private final Redactor redactor;
    private final List<String> errors = new ArrayList<>();

    ExistingLogDump(KubernetesClient client, ExistingOptions options, List<ProbeOutcome> probes, Redactor redactor) {
        this.client = client;
        this.options = options;
        this.probes = List.copyOf(probes);
        this.redactor = redactor;
    }

    /** Writes the dump; throws, after writing what it could, when a part could not be fetched. */
    void write(Path dir) {
        Path out = dir.resolve("cluster");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ProviderException("cannot create " + out + ": " + e.getMessage() + "; check the artifacts directory");
        }
        part("version", () -> write(out.resolve("version.txt"), version()));
        part("nodes", () -> write(out.resolve("nodes.txt"), nodes()));
        if (!probes.isEmpty()) {
            part("probes", () -> write(out.resolve("probes.txt"), probes()));
        }
        part("namespaces", () -> namespaces(out));
        if (!errors.isEmpty()) {
            write(out.resolve("errors.txt"), String.join("\n", errors) + "\n");
            throw new ProviderException(redactor.oneLine("the cluster dump in " + out + " is incomplete: "
                    + errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more in errors.txt)" : "")));
        }
    }

    private interface Part {
        void run() throws IOException;
    }

    private void part(String what, Part part) {
        try {
            part.run();
        } catch (KubernetesClientException e) {
            errors.add(what + ": " + ProbeContext.describeFailure(e));
        } catch (IOException | RuntimeException e) {
            errors.add(what + ": " + e.getClass().getSimpleName() + ": " + ApiCalls.firstLine(e.getMessage()));
        }
    }

    private String version() {
        VersionInfo v = client.getKubernetesVersion();
        Map<String, String> m = new TreeMap<>();
        m.put("gitVersion", v.getGitVersion());
        m.put("gitCommit", v.getGitCommit());
        m.put("platform", v.getPlatform());
        m.put("goVersion", v.getGoVersion());
        m.put("buildDate", v.getBuildDate() == null ? null : v.getBuildDate().toString());
        StringBuilder sb = new StringBuilder();
        m.forEach((k, val) -> sb.append(k).append(": ").append(Objects.requireNonNullElse(val, "")).append('\n'));
        return sb.toString();
    }

    private String nodes() {
        List<Node> nodes = new ArrayList<>(client.nodes().list().getItems());
        nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        StringBuilder sb = new StringBuilder();
        for (Node node : nodes) {
            sb.append("Name: ").append(node.getMetadata().getName()).append('\n');
            sb.append("Labels:\n");
            new TreeMap<>(Objects.requireNonNullElse(node.getMetadata().getLabels(), Map.<String, String>of()))
                    .forEach((k, v) -> sb.append("  ").append(k).append('=').append(v).append('\n'));
            sb.append("Taints:");
            List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                    : node.getSpec().getTaints().stream().sorted(Comparator.comparing(Taint::getKey,
                            Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
            if (taints.isEmpty()) {
                sb.append(" <none>\n");
            } else {
                sb.append('\n');
                taints.forEach(t -> sb.append("  ").append(t.getKey())
                        .append(t.getValue() == null ? "" : "=" + t.getValue()).append(':').append(t.getEffect()).append('\n'));
            }
            sb.append("Unschedulable: ").append(node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()))
                    .append('\n');
            if (node.getStatus() != null) {
                sb.append("Conditions:\n");
                List<NodeCondition> conditions = node.getStatus().getConditions() == null ? List.of()
                        : node.getStatus().getConditions().stream().sorted(Comparator.comparing(NodeCondition::getType,
                                Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
                conditions.forEach(c -> sb.append("  ").append(c.getType()).append(' ').append(c.getStatus())
                        .append(' ').append(Objects.requireNonNullElse(c.getReason(), ""))
                        .append(" since ").append(Objects.requireNonNullElse(c.getLastTransitionTime(), "?"))
                        .append(": ").append(oneLine(c.getMessage())).append('\n'));
                quantities(sb, "Capacity", node.getStatus().getCapacity());
                quantities(sb, "Allocatable", node.getStatus().getAllocatable());
                if (node.getStatus().getNodeInfo() != null) {
                    var i = node.getStatus().getNodeInfo();
                    sb.append("System Info:\n")
                            .append("  OS Image: ").append(i.getOsImage()).append('\n')
                            .append("  Kernel Version: ").append(i.getKernelVersion()).append('\n')
                            .append("  Container Runtime Version: ").append(i.getContainerRuntimeVersion()).append('\n')
                            .append("  Kubelet Version: ").append(i.getKubeletVersion()).append('\n')
                            .append("  Architecture: ").append(i.getArchitecture()).append('\n');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void quantities(StringBuilder sb, String title, Map<String, Quantity> q) {
        sb.append(title).append(":\n");
        new TreeMap<>(Objects.requireNonNullElse(q, Map.<String, Quantity>of()))
                .forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
    }

    private String probes() {
        StringBuilder sb = new StringBuilder();
        for (ProbeOutcome p : probes) {
            sb.append(p.capability()).append(": ").append(p.verdict()).append(" (").append(p.took().toMillis())
                    .append(" ms)\n");
        }
        return sb.toString();
    }

    private void namespaces(Path out) throws IOException {
        List<Namespace> namespaces = new ArrayList<>(client.namespaces()
                .withLabel(ExistingOptions.RUN_ID_LABEL, options.runId()).list().getItems());
        namespaces.sort(Comparator.comparing(n -> n.getMetadata().getName()));
        StringBuilder index = new StringBuilder();
        for (Namespace ns : namespaces) {
            String name = ns.getMetadata().getName();
            index.append(name).append(' ').append(ns.getStatus() == null ? "" : ns.getStatus().getPhase()).append('\n');
            Path nsDir = out.resolve("namespaces").resolve(safe(name));
            part("events of " + name, () -> write(nsDir.resolve("events.txt"), events(name)));
            part("pods of " + name, () -> pods(name, nsDir));
        }
        write(out.resolve("namespaces.txt"), index.toString());
    }

    private String events(String namespace) {
        List<Event> events = new ArrayList<>(client.v1().events().inNamespace(namespace).list().getItems());
        events.sort(Comparator.comparing(ExistingLogDump::eventTime).thenComparing(e -> e.getMetadata().getName()));
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            var obj = e.getInvolvedObject();
            sb.append(eventTime(e)).append(' ').append(Objects.requireNonNullElse(e.getType(), "")).append(' ')
                    .append(Objects.requireNonNullElse(e.getReason(), "")).append(' ')
                    .append(obj == null ? "" : obj.getKind() + "/" + obj.getName())
                    .append(e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "")
                    .append(": ").append(oneLine(e.getMessage())).append('\n');
        }
        return sb.toString();
    }

    private static String eventTime(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return Objects.requireNonNullElse(e.getMetadata().getCreationTimestamp(), "");
    }

    private void pods(String namespace, Path nsDir) throws IOException {
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(namespace).list().getItems());
        pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        StringBuilder sb = new StringBuilder();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            sb.append(name).append(' ').append(ProbeContext.describe(pod))
                    .append(pod.getSpec() != null && pod.getSpec().getNodeName() != null
                            ? " on " + pod.getSpec().getNodeName() : "").append('\n');
            for (ContainerStatus s : sortedStatuses(pod)) {
                sb.append("  ").append(s.getName()).append(" ready=").append(s.getReady())
                        .append(" restarts=").append(s.getRestartCount()).append(' ').append(state(s)).append('\n');
            }
            if (failed(pod)) {
                for (ContainerStatus s : sortedStatuses(pod)) {
                    try {
                        String log = client.pods().inNamespace(namespace).withName(name).inContainer(s.getName())
                                .tailingLines(LOG_TAIL_LINES).getLog();
                        write(nsDir.resolve("logs").resolve(safe(name)).resolve(safe(s.getName()) + ".log"),
                                Objects.requireNonNullElse(log, ""));
                    } catch (KubernetesClientException e) {
                        // A cluster without a container runtime has no logs to give: say so, it is no error.
                        sb.append("  ").append(s.getName()).append(" logs unavailable: ")
                                .append(ProbeContext.describeFailure(e)).append('\n');
                    }
                }
            }
        }
        write(nsDir.resolve("pods.txt"), sb.toString());
    }

    /** Failed, or a container that exited with an error or restarted: its logs say why. */
    static boolean failed(Pod pod) {
        if ("Failed".equals(ProbeContext.phase(pod))) {
            return true;
        }
        for (ContainerStatus s : ProbeContext.statuses(pod)) {
            if (s.getRestartCount() != null && s.getRestartCount() > 0) {
                return true;
            }
            if (s.getState() != null && s.getState().getTerminated() != null
                    && !Objects.equals(0, s.getState().getTerminated().getExitCode())) {
                return true;
            }
            if (s.getState() != null && s.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason())) {
                return true;
            }
        }
        return false;
    }

    private static List<ContainerStatus> sortedStatuses(Pod pod) {
        return ProbeContext.statuses(pod).stream().sorted(Comparator.comparing(ContainerStatus::getName)).toList();
    }

    private static String state(ContainerStatus s) {
        if (s.getState() == null) {
            return "unknown";
        }
        if (s.getState().getRunning() != null) {
            return "running";
        }
        if (s.getState().getTerminated() != null) {
            var t = s.getState().getTerminated();
            return "terminated exit=" + t.getExitCode() + " reason=" + t.getReason();
        }
        if (s.getState().getWaiting() != null) {
            return "waiting reason=" + s.getState().getWaiting().getReason();
        }
        return "unknown";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    /** Redacts, then writes through a temporary file, so that no file is ever half written. */
    private void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, redactor.redact(content), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ProviderException("cannot write " + file + ": " + e.getMessage() + "; check the artifacts directory");
        }
    }
}
