package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/**
 * Builders for the objects tests create, with images every real cluster can run. Pods get a one-second
 * termination grace period so namespaces are deleted quickly on every cluster.
 */
public final class Workloads {

    /** Does nothing, handles SIGTERM: the cheapest pod. */
    public static final String PAUSE = "registry.k8s.io/pause:3.10";
    /** Kubernetes' test image: {@code netexec} serves HTTP, and many other helpers. */
    public static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
    /** A shell and the usual tools ({@code nslookup}, {@code wget}). */
    public static final String BUSYBOX = "registry.k8s.io/e2e-test-images/busybox:1.36.1-1";

    /**
     * Asks a simulated kubelet (such as the hollow provider's) to fail a run-to-completion pod. Real
     * kubelets ignore it: there the container's own exit code decides, so tests set both.
     */
    public static final String SIMULATED_FAILURE_ANNOTATION = "hollow.fede2e.io/fail";

    /**
     * The node selector every test pod carries, so that clusters with Windows node pools never schedule
     * a Linux image there.
     */
    public static final Map<String, String> LINUX = Map.of("kubernetes.io/os", "linux");

    /** Pause exits on SIGTERM at once; a short grace period keeps simulated kubelets quick too. */
    static final long GRACE_SECONDS = 1;

    private Workloads() {
    }

    /** A container running the pause image. */
    public static Container pauseContainer() {
        return new ContainerBuilder().withName("pause").withImage(PAUSE).build();
    }

    /** A container running {@code sh -c script} in busybox. */
    public static Container shellContainer(String name, String script) {
        return new ContainerBuilder().withName(name).withImage(BUSYBOX).withCommand("sh", "-c", script).build();
    }

    /** A pause pod with these labels. */
    public static Pod pausePod(String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(GRACE_SECONDS).withNodeSelector(LINUX)
                .withContainers(pauseContainer()).endSpec().build();
    }

    /** A busybox pod running {@code sh -c script} once (restartPolicy Never). */
    public static Pod shellPod(String name, Map<String, String> labels, String script) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(GRACE_SECONDS)
                .withNodeSelector(LINUX).withContainers(shellContainer("main", script)).endSpec().build();
    }

    /** A pod template of one pause container with these labels. */
    public static PodTemplateSpec pauseTemplate(Map<String, String> labels) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(GRACE_SECONDS).withNodeSelector(LINUX)
                .withContainers(pauseContainer()).endSpec().build();
    }

    /** A Deployment of pause pods selected by {@code labels}. */
    public static Deployment pauseDeployment(String name, int replicas, Map<String, String> labels) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(pauseTemplate(labels)).endSpec().build();
    }
}
