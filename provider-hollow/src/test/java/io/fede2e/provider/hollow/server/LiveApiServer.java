package io.fede2e.provider.hollow.server;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * One API server per test class on an ephemeral loopback port, reached through a real client,
 * and a fresh namespace per test so that tests in a class never see each other's objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveApiServer {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final AtomicInteger SEQ = new AtomicInteger();

    HollowApiServer server;
    KubernetesClient client;
    String ns;

    @BeforeAll
    void start() {
        server = HollowApiServer.start();
        client = server.client();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void namespace() {
        ns = "t" + SEQ.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
    }
}
