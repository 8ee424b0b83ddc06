package io.fede2e.provider.existing.fakes;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays kubelet and cloud controller for a hollow API server that runs no controllers: it gives
 * pods of a run's namespaces the outcome a test scripts (running with a pod IP, a container that
 * exited with some code, one that cannot pull its image) and LoadBalancer Services an ingress
 * address. Pods it has no script for stay Pending. It polls, in a daemon thread, until closed.
 */
public final class FakeRuntime implements AutoCloseable {

    private final KubernetesClient admin;
    private final String runLabel;
    private final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
    private final Map<String, String> waitingReasons = new ConcurrentHashMap<>();
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private volatile String ingressIp;
    private volatile boolean closed;
    private final Thread thread;

    public FakeRuntime(KubernetesClient admin, String runLabel) {
        this.admin = admin;
        this.runLabel = runLabel;
        this.thread = new Thread(this::loop, "fake-runtime");
        thread.setDaemon(true);
    }

    /** Pods named {@code pod} run, ready, with {@code podIp}. */
    public FakeRuntime runs(String pod, String podIp) {
        running.put(pod, podIp);
        return this;
    }

    /** Pods named {@code pod} end with {@code exitCode}. */
    public FakeRuntime exits(String pod, int exitCode) {
        exitCodes.put(pod, exitCode);
        return this;
    }

    /** Pods named {@code pod} wait forever for {@code reason}, e.g. ImagePullBackOff. */
    public FakeRuntime waits(String pod, String reason) {
        waitingReasons.put(pod, reason);
        return this;
    }

    /** LoadBalancer Services get {@code ip} as their ingress. */
    public FakeRuntime loadBalancers(String ip) {
        this.ingressIp = ip;
        return this;
    }

    public FakeRuntime start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (!closed) {
            try {
                // Two calls a round, so that a loaded machine still keeps up with the probes.
                for (Pod pod : admin.pods().inAnyNamespace().withLabel("fede2e.io/run-id", runLabel).list().getItems()) {
                    script(pod);
                }
                if (ingressIp != null) {
                    for (Service svc : admin.services().inAnyNamespace().list().getItems()) {
                        if (svc.getMetadata().getNamespace().startsWith("fede2e-probe-")) {
                            giveIngress(svc);
                        }
                    }
                }
                Thread.sleep(50);
            } catch (KubernetesClientException e) {
                // A namespace or pod that went away between list and update: the next round sees the truth.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void script(Pod pod) {
        String name = pod.getMetadata().getName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        Integer exit = exitCodes.get(name);
        String ip = running.get(name);
        if (ip != null && !"Running".equals(phase)) {
            pod.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).withHostIP("10.0.0.1")
                    .withContainerStatuses(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                            .withName("probe").withReady(true).withRestartCount(0).withImage("agnhost").withNewState()
                            .withNewRunning().endRunning().endState().build())
                    .build());
            admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        }
        if (exit != null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            pod.setStatus(new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed")
                    .withContainerStatuses(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                            .withName("probe").withReady(false).withRestartCount(0).withImage("busybox").withNewState()
                            .withNewTerminated().withExitCode(exit).withReason(exit == 0 ? "Completed" : "Error")
                            .endTerminated().endState().build())
                    .build());
            admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        }
        String reason = waitingReasons.get(name);
        if (reason != null && !hasWaitingReason(pod, reason)) {
            pod.setStatus(new PodStatusBuilder().withPhase("Pending")
                    .withContainerStatuses(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                            .withName("probe").withReady(false).withRestartCount(0).withImage("busybox").withNewState()
                            .withNewWaiting().withReason(reason).withMessage("Back-off pulling image \"busybox\"")
                            .endWaiting().endState().build())
                    .build());
            admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        }
    }

    private static boolean hasWaitingReason(Pod pod, String reason) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState() != null
                        && s.getState().getWaiting() != null && reason.equals(s.getState().getWaiting().getReason()));
    }

    private void giveIngress(Service svc) {
        if (!"LoadBalancer".equals(svc.getSpec().getType())) {
            return;
        }
        if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null
                && svc.getStatus().getLoadBalancer().getIngress() != null
                && !svc.getStatus().getLoadBalancer().getIngress().isEmpty()) {
            return;
        }
        svc.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp(ingressIp).build()).endLoadBalancer().build());
        admin.services().inNamespace(svc.getMetadata().getNamespace()).resource(svc).updateStatus();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(5_000);
    }
}
