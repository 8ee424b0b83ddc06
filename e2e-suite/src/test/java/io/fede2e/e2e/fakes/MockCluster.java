package io.fede2e.e2e.fakes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's CRUD mock API server on 127.0.0.1, a kubeconfig that reaches it, and the one controller
 * the extension relies on: a ServiceAccount controller creating {@code default} in new namespaces.
 */
public final class MockCluster implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Watch serviceAccounts;
    private final Path kubeconfig;

    public MockCluster(Path dir) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        serviceAccounts = client.namespaces().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Namespace ns) {
                if (action == Action.ADDED) {
                    try {
                        client.serviceAccounts().inNamespace(ns.getMetadata().getName()).resource(
                                new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
                                .create();
                    } catch (KubernetesClientException e) {
                        // already there
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // closed with the cluster
            }
        });
        kubeconfig = dir.resolve("kubeconfig");
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: default
                current-context: mock
                users:
                - name: tester
                  user:
                    token: not-a-secret
                """.formatted(server.getPort());
        try {
            Files.writeString(kubeconfig, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        serviceAccounts.close();
        client.close();
        server.destroy();
    }
}
