package io.fede2e.provider.api.fakes;

import com.sun.net.httpserver.HttpServer;
import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** A provider whose "cluster" is an HTTP server on 127.0.0.1 answering {@code /version}. */
public final class FakeProvider implements ClusterProvider {

    private HttpServer server;
    private Path dir;
    private Path kubeconfig;
    private String version;

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized void up(ClusterSpec spec) {
        if (server != null) {
            throw new ProviderException("fake cluster is already up; call down() first");
        }
        try {
            version = spec.kubernetesVersion();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/version", exchange -> {
                byte[] body = ("{\"gitVersion\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            dir = Files.createTempDirectory("fake-provider");
            kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n"
                    + "    server: http://127.0.0.1:" + server.getAddress().getPort() + "\n");
        } catch (IOException e) {
            down();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (dir != null) {
            try {
                Files.deleteIfExists(kubeconfig);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = null;
        }
    }

    @Override
    public synchronized boolean isUp() {
        return server != null;
    }

    @Override
    public void dumpLogs(Path into) {
        // nothing to dump: the fake runs no workloads
    }

    @Override
    public synchronized Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of("provider", "fake");
    }
}
