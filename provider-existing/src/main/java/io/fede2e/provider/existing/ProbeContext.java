package io.fede2e.provider.existing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** What a probe works with: the client, its namespace, its deadline, and pod helpers. */
final class ProbeContext {

    static final Duration POLL = Duration.ofMillis(250);
    /** Waiting reasons after which a container will not start without someone changing something. */
    private static final Set<String> HOPELESS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "CrashLoopBackOff");

    private final KubernetesClient client;
    private final String namespace;
    private final ExistingOptions options;
    private final Clock clock;
    private final Instant deadline;
    private final BooleanSupplier cancelled;

    ProbeContext(KubernetesClient client, String namespace, ExistingOptions options, Clock clock, Instant deadline,
            BooleanSupplier cancelled) {
        this.client = client;
        this.namespace = namespace;
        this.options = options;
        this.clock = clock;
        this.deadline = deadline;
        this.cancelled = cancelled;
    }

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    ExistingOptions options() {
        return options;
    }

    /** Whether the bound has passed or Down has started; either way the probe stops. */
    boolean over() {
        return cancelled.getAsBoolean() || !clock.instant().isBefore(deadline);
    }

    /** Time left until the bound, never negative. */
    Duration remaining() {
        Duration d = Duration.between(clock.instant(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    void pause() throws InterruptedException {
        stopIfCancelled();
        long ms = Math.min(POLL.toMillis(), remaining().toMillis());
        if (ms > 0) {
            Thread.sleep(ms);
        }
        // Down may have started during the sleep: say so, rather than let the caller's loop end
        // on over() and report a timeout that never happened.
        stopIfCancelled();
    }

    private void stopIfCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new Probe.Absent("stopped: Down started while the probe ran");
        }
    }

    String bound() {
        return options.probeTimeout().toMillis() % 1000 == 0 ? options.probeTimeout().toSeconds() + "s"
                : options.probeTimeout().toMillis() + "ms";
    }

    /**
     * A pod that runs {@code command} once, as an unprivileged user (so that namespaces enforcing
     * the restricted Pod Security Standard admit it).
     */
    Pod createPod(String name, String image, List<String> command, String restartPolicy) {
        Container c = new ContainerBuilder().withName("probe").withImage(image).withCommand(command)
                .withImagePullPolicy("IfNotPresent")
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true)
                .withRunAsUser(65534L).withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("16Mi")).endResources()
                .build();
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/name", name).addToLabels(ExistingOptions.RUN_ID_LABEL, options.runId())
                .endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).withContainers(c)
                .withTerminationGracePeriodSeconds(1L).withAutomountServiceAccountToken(false).endSpec()
                .build();
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    /** Waits until the pod runs with its container ready; hopeless states end the wait early. */
    Pod awaitRunning(String name) throws InterruptedException {
        String last;
        // At least one look, so that the verdict reports what the cluster said even when setting up took the bound.
        do {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                throw new Probe.Absent("pod " + name + " disappeared while waiting for it to run");
            }
            last = describe(pod);
            checkHopeless(pod);
            String phase = phase(pod);
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                throw new Probe.Absent("pod " + name + " ended (" + last + ") instead of running");
            }
            if ("Running".equals(phase) && statuses(pod).stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()))
                    && !statuses(pod).isEmpty()) {
                return pod;
            }
            pause();
        } while (!over());
        throw new Probe.Absent("pod " + name + " did not run within " + bound() + " (last seen: " + last + ")");
    }

    /**
     * Waits until the pod's container terminates and returns its exit code. While the pod claims
     * to run, its logs are read: a cluster that reports a running container but cannot serve its
     * logs twice in a row has no real runtime behind it, and waiting longer would not help.
     */
    int awaitExit(String name) throws InterruptedException {
        String last;
        int logFailures = 0;
        do {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                throw new Probe.Absent("pod " + name + " disappeared while waiting for it to finish");
            }
            last = describe(pod);
            checkHopeless(pod);
            for (ContainerStatus s : statuses(pod)) {
                if (s.getState() != null && s.getState().getTerminated() != null) {
                    Integer code = s.getState().getTerminated().getExitCode();
                    return code == null ? -1 : code;
                }
            }
            if ("Succeeded".equals(phase(pod))) {
                return 0;
            }
            if ("Failed".equals(phase(pod))) {
                return -1;
            }
            if ("Running".equals(phase(pod))) {
                String failure = logsFailure(name);
                logFailures = failure == null ? 0 : logFailures + 1;
                if (logFailures >= 2) {
                    throw new Probe.Absent("the cluster reports pod " + name + " Running but cannot serve its logs ("
                            + failure + "): no container runtime answers for its node");
                }
            }
            pause();
        } while (!over());
        throw new Probe.Absent("pod " + name + " did not finish within " + bound() + " (last seen: " + last + ")");
    }

    /** The pod's logs, or an Absent naming why they cannot be read. */
    String logs(String name) {
        try {
            String log = client.pods().inNamespace(namespace).withName(name).inContainer("probe").getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            throw new Probe.Absent("the logs of pod " + name + " cannot be read (" + describeFailure(e) + ")");
        }
    }

    private String logsFailure(String name) {
        try {
            client.pods().inNamespace(namespace).withName(name).inContainer("probe").getLog();
            return null;
        } catch (KubernetesClientException e) {
            return describeFailure(e);
        }
    }

    static String describeFailure(Throwable e) {
        int code = ApiCalls.status(e);
        return code > 0 ? "HTTP " + code + ": " + ApiCalls.serverMessage(e) : ApiCalls.transportReason(e);
    }

    private void checkHopeless(Pod pod) {
        for (ContainerStatus s : statuses(pod)) {
            if (s.getState() != null && s.getState().getWaiting() != null
                    && HOPELESS.contains(s.getState().getWaiting().getReason())) {
                throw new Probe.Absent("pod " + pod.getMetadata().getName() + " cannot start: "
                        + s.getState().getWaiting().getReason() + " (" + ApiCalls.firstLine(s.getState().getWaiting().getMessage())
                        + "); if the image is not reachable from the cluster, mirror it and set --provider-opt "
                        + ExistingOptions.BUSYBOX_IMAGE + " / " + ExistingOptions.AGNHOST_IMAGE);
            }
        }
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    static List<ContainerStatus> statuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    static String describe(Pod pod) {
        StringBuilder sb = new StringBuilder(phase(pod));
        for (ContainerStatus s : statuses(pod)) {
            if (s.getState() != null && s.getState().getWaiting() != null && s.getState().getWaiting().getReason() != null) {
                sb.append(", ").append(s.getState().getWaiting().getReason());
            }
        }
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().stream()
                    .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                    .findFirst()
                    .ifPresent(c -> sb.append(", unschedulable: ").append(ApiCalls.firstLine(c.getMessage())));
        }
        return sb.toString();
    }
}
