package io.fede2e.provider.hollow.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hollow cluster's API endpoint: an HTTP server on 127.0.0.1 that a standard Kubernetes
 * client reaches through a kubeconfig.
 */
public final class HollowApiServer implements AutoCloseable {

    // JUL keeps loggers weakly: hold it so the level set below sticks.
    private static final Logger MOCK_LOGGER = Logger.getLogger(MockWebServer.class.getName());

    private final MockWebServer web;
    private final KubernetesClient client;
    private final String url;
    private volatile boolean closed;

    private HollowApiServer(MockWebServer web) {
        this.web = web;
        this.url = "http://127.0.0.1:" + web.getPort();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace("default")
                .withRequestRetryBackoffLimit(2)
                .build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Starts a server on an ephemeral port of 127.0.0.1. */
    public static HollowApiServer start() {
        return start(0);
    }

    /** Starts a server on {@code port} of 127.0.0.1 (0 picks a free one). */
    public static HollowApiServer start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " must be between 0 and 65535");
        }
        MOCK_LOGGER.setLevel(Level.WARNING);
        MockWebServer web = new MockWebServer();
        web.setDispatcher(new KubernetesCrudDispatcher(List.of()));
        try {
            web.start(InetAddress.getLoopbackAddress(), port);
        } catch (RuntimeException e) {
            web.shutdown();
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + "; pick another port or 0 for a free one", e);
        }
        return new HollowApiServer(web);
    }

    /** The server's base URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url;
    }

    /** The port the server listens on. */
    public int port() {
        return web.getPort();
    }

    /** A client of this server; closed with the server. */
    public KubernetesClient client() {
        return client;
    }

    /** Writes a kubeconfig that reaches this server (no credentials: the server needs none). */
    public void writeKubeconfig(Path file) {
        String text = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: hollow\n"
                + "  cluster:\n"
                + "    server: " + url + "\n"
                + "contexts:\n"
                + "- name: hollow\n"
                + "  context:\n"
                + "    cluster: hollow\n"
                + "    user: hollow\n"
                + "    namespace: default\n"
                + "current-context: hollow\n"
                + "preferences: {}\n"
                + "users:\n"
                + "- name: hollow\n"
                + "  user: {}\n";
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stops the client and the server; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        web.shutdown();
    }
}
