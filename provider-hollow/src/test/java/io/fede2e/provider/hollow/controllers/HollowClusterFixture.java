package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fede2e.provider.hollow.server.HollowApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * A hollow API server with a controller manager on top, shared by the tests of one class; each
 * test works in a namespace of its own.
 */
final class HollowClusterFixture implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(25);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    final HollowApiServer server;
    final KubernetesClient client;
    final ControllerManager manager;

    private HollowClusterFixture(HollowApiServer server, ControllerManager manager) {
        this.server = server;
        this.client = server.client();
        this.manager = manager;
    }

    /** Fast stages so that a test's cluster reacts within tens of milliseconds. */
    static HollowSettings fastSettings(int nodes) {
        return HollowSettings.defaults(nodes)
                .withDelays(Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofSeconds(1))
                .withLeaseHeartbeatInterval(Duration.ofMillis(500))
                .withWorkerThreads(4);
    }

    static HollowClusterFixture start(int nodes) {
        return start(fastSettings(nodes));
    }

    static HollowClusterFixture start(HollowSettings settings) {
        HollowApiServer server = HollowApiServer.start();
        try {
            return new HollowClusterFixture(server, ControllerManager.start(server.client(), settings));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A fresh namespace for one test. */
    String namespace(String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    static Pod pod(String name, Map<String, String> labels) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withSpec(podSpec(null, null))
                .build();
    }

    static PodSpec podSpec(String cpu, String memory) {
        ContainerBuilder c = new ContainerBuilder().withName("app").withImage("registry.k8s.io/pause:3.9")
                .addNewPort().withName("http").withContainerPort(8080).endPort();
        if (cpu != null || memory != null) {
            c.withNewResources().withRequests(requests(cpu, memory)).endResources();
        }
        return new PodSpecBuilder().withContainers(c.build()).build();
    }

    private static Map<String, Quantity> requests(String cpu, String memory) {
        if (cpu != null && memory != null) {
            return Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory));
        }
        return cpu != null ? Map.of("cpu", new Quantity(cpu)) : Map.of("memory", new Quantity(memory));
    }

    List<Event> events(String namespace, String involvedName) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    List<String> eventReasons(String namespace, String involvedName) {
        return events(namespace, involvedName).stream().map(Event::getReason).toList();
    }

    /** Retries an assertion block until it passes or the timeout ends, then fails with its last failure. */
    static void eventually(Runnable assertion) {
        eventually(TIMEOUT, assertion);
    }

    static void eventually(Duration timeout, Runnable assertion) {
        // Exceptions too: a resource read while a controller replaces it can briefly be absent.
        Awaitility.await().atMost(timeout).pollInterval(POLL).ignoreExceptions().untilAsserted(assertion::run);
    }

    /** Polls until the supplier returns non-null, and returns it. */
    static <T> T await(String what, Supplier<T> supplier) {
        return Awaitility.await(what).atMost(TIMEOUT).pollInterval(POLL).until(supplier::get, Objects::nonNull);
    }

    /** A Ready node that no hollow kubelet heartbeats (tests add and remove such nodes). */
    static io.fabric8.kubernetes.api.model.Node readyNode(String name, Map<String, String> labels) {
        return node(name, labels, "True");
    }

    static io.fabric8.kubernetes.api.model.Node notReadyNode(String name, Map<String, String> labels) {
        return node(name, labels, "False");
    }

    private static io.fabric8.kubernetes.api.model.Node node(String name, Map<String, String> labels, String ready) {
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"),
                "pods", new Quantity("110"));
        return new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                .addNewCondition().withType("Ready").withStatus(ready).withReason("Test").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("172.19.0.9").endAddress()
                .endStatus()
                .build();
    }

    /** Creates a node and sets its status (the status subresource ignores status on create). */
    void addNode(io.fabric8.kubernetes.api.model.Node node) {
        client.nodes().resource(node).create();
        client.nodes().resource(node).patchStatus();
    }

    void removeNode(String name) {
        client.nodes().withName(name).delete();
    }

    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            server.close();
        }
    }
}
