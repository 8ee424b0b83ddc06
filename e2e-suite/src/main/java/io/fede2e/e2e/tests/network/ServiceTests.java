package io.fede2e.e2e.tests.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fede2e.e2e.Conformance;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.RequiresCapability;
import io.fede2e.e2e.ServedApis;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;

/** Services: cluster IPs, Endpoints and EndpointSlices that follow the ready pods. */
class ServiceTests {

    @E2eTest
    @Conformance(release = "v1.9", description = "Create a Service selecting pods, then create two such pods and"
            + " delete one. The Service's Endpoints MUST list exactly the pod IPs of the ready selected pods at each"
            + " step.")
    @DisplayName("[sig-network] Services should serve a basic endpoint from pods  [Conformance]")
    void endpointsFollowPods(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "endpoint-test");
        createService(e2e, "endpoint-test", labels, false);
        var pods = e2e.client().pods().inNamespace(e2e.namespace());
        pods.resource(Workloads.pausePod("pod1", labels)).create();
        pods.resource(Workloads.pausePod("pod2", labels)).create();
        Pod pod1 = e2e.waits().podRunning("pod1");
        Pod pod2 = e2e.waits().podRunning("pod2");

        awaitEndpoints(e2e, "endpoint-test", Set.of(pod1.getStatus().getPodIP(), pod2.getStatus().getPodIP()));

        pods.withName("pod1").withGracePeriod(0).delete();
        awaitEndpoints(e2e, "endpoint-test", Set.of(pod2.getStatus().getPodIP()));
        Endpoints endpoints = e2e.client().endpoints().inNamespace(e2e.namespace()).withName("endpoint-test").get();
        assertThat(endpoints.getSubsets()).flatExtracting(EndpointSubset::getAddresses)
                .extracting(a -> a.getTargetRef().getName()).containsExactly("pod2");
    }

    @E2eTest
    @DisplayName("[sig-network] EndpointSlice should create Endpoints and EndpointSlices for Pods matching a Service")
    void endpointSlices(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "slices");
        createService(e2e, "example-svc", labels, false);
        e2e.client().pods().inNamespace(e2e.namespace()).resource(Workloads.pausePod("slice-pod", labels)).create();
        String ip = e2e.waits().podRunning("slice-pod").getStatus().getPodIP();
        // v1 since Kubernetes 1.21, v1beta1 before: the same fields for what this test reads.
        String version = ServedApis.require(e2e.client(), "EndpointSlice", "discovery.k8s.io", List.of("v1", "v1beta1"));

        List<EndpointSlice> slices = e2e.waits().until("no ready endpoint " + ip + " in EndpointSlices of example-svc",
                Waits.CONVERGE,
                () -> e2e.client().genericKubernetesResources("discovery.k8s.io/" + version, "EndpointSlice")
                        .inNamespace(e2e.namespace()).withLabel("kubernetes.io/service-name", "example-svc").list()
                        .getItems().stream()
                        .map(g -> e2e.client().getKubernetesSerialization().convertValue(g, EndpointSlice.class))
                        .toList(),
                s -> readyAddresses(s).contains(ip),
                s -> s.size() + " slices, ready addresses " + readyAddresses(s));

        EndpointSlice slice = slices.stream().filter(s -> s.getEndpoints() != null && s.getEndpoints().stream()
                .anyMatch(ep -> ep.getAddresses().contains(ip))).findFirst().orElseThrow();
        assertThat(slice.getAddressType()).isIn("IPv4", "IPv6");
        assertThat(slice.getPorts()).extracting(p -> p.getPort()).contains(8080);
        assertThat(slice.getEndpoints()).filteredOn(ep -> ep.getAddresses().contains(ip))
                .singleElement().satisfies(ep -> assertThat(ep.getTargetRef().getName()).isEqualTo("slice-pod"));
    }

    @E2eTest
    @DisplayName("[sig-network] Services should give a headless Service no cluster IP and Endpoints for its pods")
    void headless(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "headless");
        Service svc = createService(e2e, "headless", labels, true);
        e2e.client().pods().inNamespace(e2e.namespace()).resource(Workloads.pausePod("headless-pod", labels)).create();
        String ip = e2e.waits().podRunning("headless-pod").getStatus().getPodIP();

        assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
        awaitEndpoints(e2e, "headless", Set.of(ip));
    }

    @E2eTest
    @DisplayName("[sig-network] Services should allocate each Service its own cluster IP and provide the kubernetes Service")
    void clusterIps(E2eContext e2e) throws Exception {
        Service a = createService(e2e, "first", Map.of("app", "first"), false);
        Service b = createService(e2e, "second", Map.of("app", "second"), false);

        for (Service s : List.of(a, b)) {
            String ip = s.getSpec().getClusterIP();
            assertThat(ip).as("cluster IP of %s", s.getMetadata().getName()).isNotBlank().isNotEqualTo("None");
            assertThat(InetAddress.getByName(ip).getHostAddress()).isNotBlank();
            assertThat(s.getSpec().getClusterIPs()).contains(ip);
        }
        assertThat(a.getSpec().getClusterIP()).isNotEqualTo(b.getSpec().getClusterIP());
        Service kubernetes = e2e.client().services().inNamespace("default").withName("kubernetes").get();
        assertThat(kubernetes).as("the default/kubernetes Service").isNotNull();
        assertThat(kubernetes.getSpec().getPorts()).extracting(p -> p.getPort()).contains(443);
    }

    @E2eTest
    @RequiresCapability("container-runtime")
    @DisplayName("[sig-network] Services should list a pod that is not ready under notReadyAddresses only")
    void notReadyPodsAreNotServed(E2eContext e2e) {
        Map<String, String> labels = Map.of("app", "not-ready");
        createService(e2e, "not-ready", labels, false);
        Pod unready = new PodBuilder(Workloads.pausePod("never-ready", labels)).editSpec().editFirstContainer()
                .withImage(Workloads.BUSYBOX).withCommand("sleep", "3600").withNewReadinessProbe().withNewExec()
                .withCommand("false").endExec().withPeriodSeconds(1).endReadinessProbe().endContainer().endSpec().build();
        e2e.client().pods().inNamespace(e2e.namespace()).resource(unready).create();
        Pod running = e2e.waits().podPhase("never-ready", "Running", Waits.POD_START);

        Endpoints endpoints = e2e.waits().until("pod never-ready not among notReadyAddresses", Waits.CONVERGE,
                () -> e2e.client().endpoints().inNamespace(e2e.namespace()).withName("not-ready").get(),
                ep -> ep != null && addresses(ep, EndpointSubset::getNotReadyAddresses)
                        .contains(running.getStatus().getPodIP()),
                ep -> ep == null ? "no Endpoints" : "addresses " + addresses(ep, EndpointSubset::getAddresses)
                        + ", notReadyAddresses " + addresses(ep, EndpointSubset::getNotReadyAddresses));

        assertThat(addresses(endpoints, EndpointSubset::getAddresses)).doesNotContain(running.getStatus().getPodIP());
    }

    static Service createService(E2eContext e2e, String name, Map<String, String> selector, boolean headless) {
        var spec = new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withSelector(selector).addNewPort().withName("http").withProtocol("TCP").withPort(80)
                .withNewTargetPort(8080).endPort();
        if (headless) {
            spec.withClusterIP("None");
        }
        return e2e.client().services().inNamespace(e2e.namespace()).resource(spec.endSpec().build()).create();
    }

    static void awaitEndpoints(E2eContext e2e, String service, Set<String> ips) {
        e2e.waits().until("Endpoints of " + service + " not exactly " + new TreeSet<>(ips), Waits.CONVERGE,
                () -> e2e.client().endpoints().inNamespace(e2e.namespace()).withName(service).get(),
                ep -> ep != null && addresses(ep, EndpointSubset::getAddresses).equals(new TreeSet<>(ips)),
                ep -> ep == null ? "no Endpoints object" : "addresses " + addresses(ep, EndpointSubset::getAddresses));
    }

    static Set<String> addresses(Endpoints ep, java.util.function.Function<EndpointSubset, List<EndpointAddress>> which) {
        if (ep.getSubsets() == null) {
            return new TreeSet<>();
        }
        return ep.getSubsets().stream().map(which).filter(Objects::nonNull).flatMap(List::stream)
                .map(EndpointAddress::getIp).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> readyAddresses(List<EndpointSlice> slices) {
        return slices.stream().filter(s -> s.getEndpoints() != null).flatMap(s -> s.getEndpoints().stream())
                .filter(ep -> ep.getConditions() == null || !Boolean.FALSE.equals(ep.getConditions().getReady()))
                .map(Endpoint::getAddresses).flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new));
    }
}
