package io.fede2e.e2e.tests.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RequiresCapability;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Cluster DNS as pods see it. */
@RequiresCapability({"dns", "container-runtime"})
class DnsTests {

    @E2eTest
    @Conformance(release = "v1.9", description = "Create a Service, then a pod that looks up the Service's"
            + " cluster-local name. The lookup MUST succeed and MUST answer the Service's cluster IP.")
    @DisplayName("[sig-network] DNS should provide DNS for services  [Conformance]")
    void resolvesService(E2eContext e2e) {
        String clusterIp = ServiceTests.createService(e2e, "dns-test-service", Map.of("app", "dns"), false)
                .getSpec().getClusterIP();
        String fqdn = "dns-test-service." + e2e.namespace() + ".svc." + e2e.dnsDomain();
        // Retry inside the pod: DNS programming of a new Service takes a moment on a real cluster.
        String script = "for i in $(seq 1 30); do nslookup " + fqdn + " && exit 0; sleep 2; done; exit 1";
        e2e.client().pods().inNamespace(e2e.namespace())
                .resource(Workloads.shellPod("dns-client", Map.of("app", "dns-client"), script)).create();

        e2e.waits().podPhase("dns-client", "Succeeded", Waits.POD_START);

        String log = e2e.client().pods().inNamespace(e2e.namespace()).withName("dns-client").getLog();
        assertThat(log).contains(clusterIp);
    }

    @E2eTest
    @Tag("LinuxOnly")
    @DisplayName("[sig-network] DNS should resolve DNS of partial qualified names for the cluster [LinuxOnly]")
    void resolvesThroughSearchPath(E2eContext e2e) {
        String script = "for i in $(seq 1 30); do nslookup kubernetes.default && exit 0; sleep 2; done; exit 1";
        e2e.client().pods().inNamespace(e2e.namespace())
                .resource(Workloads.shellPod("dns-partial", Map.of("app", "dns-partial"), script)).create();

        e2e.waits().podPhase("dns-partial", "Succeeded", Waits.POD_START);

        String kubernetesIp = e2e.client().services().inNamespace("default").withName("kubernetes").get().getSpec()
                .getClusterIP();
        assertThat(e2e.client().pods().inNamespace(e2e.namespace()).withName("dns-partial").getLog())
                .contains(kubernetesIp);
    }
}
