package io.fede2e.e2e.tests.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RequiresCapability;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Pod-to-pod connectivity over the pod network. */
@RequiresCapability({"pod-network", "container-runtime"})
class NetworkingTests {

    @E2eTest
    @Conformance(release = "v1.9", description = "Run an HTTP server pod and a client pod. The client MUST reach the"
            + " server on the server's pod IP and MUST get the server's hostname back.")
    @Tag("NodeConformance")
    @DisplayName("[sig-network] Networking Granular Checks: Pods should function for intra-pod communication: http [NodeConformance] [Conformance]")
    void podToPod(E2eContext e2e) {
        Pod server = new PodBuilder().withNewMetadata().withName("netserver").withLabels(Map.of("app", "netserver"))
                .endMetadata().withNewSpec().withTerminationGracePeriodSeconds(5L).withNodeSelector(Workloads.LINUX)
                .addNewContainer().withName("webserver")
                .withImage(Workloads.AGNHOST).withArgs("netexec", "--http-port=8083").addNewPort()
                .withContainerPort(8083).endPort().endContainer().endSpec().build();
        e2e.client().pods().inNamespace(e2e.namespace()).resource(server).create();
        String ip = e2e.waits().podRunning("netserver").getStatus().getPodIP();
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        String script = "for i in $(seq 1 30); do wget -q -T 5 -O - http://" + host + ":8083/hostname && exit 0;"
                + " sleep 2; done; exit 1";

        e2e.client().pods().inNamespace(e2e.namespace())
                .resource(Workloads.shellPod("netclient", Map.of("app", "netclient"), script)).create();
        e2e.waits().podPhase("netclient", "Succeeded", Waits.POD_START);

        assertThat(e2e.client().pods().inNamespace(e2e.namespace()).withName("netclient").getLog()).contains("netserver");
    }
}
