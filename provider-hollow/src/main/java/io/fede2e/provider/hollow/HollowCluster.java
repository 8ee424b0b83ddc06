package io.fede2e.provider.hollow;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.hollow.controllers.ControllerManager;
import io.fede2e.provider.hollow.server.HollowApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One running hollow cluster, assembled: its temporary directory with the kubeconfig, the API server
 * and the controllers. {@link #close()} takes it all down in reverse order.
 */
final class HollowCluster implements AutoCloseable {

    private final Path dir;
    private final Path kubeconfig;
    private final HollowApiServer server;
    private final ControllerManager controllers;
    private final int nodeCount;

    private HollowCluster(Path dir, Path kubeconfig, HollowApiServer server, ControllerManager controllers,
            int nodeCount) {
        this.dir = dir;
        this.kubeconfig = kubeconfig;
        this.server = server;
        this.controllers = controllers;
        this.nodeCount = nodeCount;
    }

    /**
     * Starts a cluster and waits until its nodes are Ready.
     *
     * @throws ProviderException when any part fails to start; what was started is stopped again
     */
    static HollowCluster start(ClusterSpec spec, HollowOptions options) {
        return start(spec, options, dir -> { });
    }

    /**
     * As {@link #start(ClusterSpec, HollowOptions)}, telling {@code created} the temporary directory
     * as soon as it exists, before anything is started: a process killed from then on leaves that
     * directory, and whoever learned of it can remove it.
     */
    static HollowCluster start(ClusterSpec spec, HollowOptions options, Consumer<Path> created) {
        Path dir = null;
        HollowApiServer server = null;
        ControllerManager controllers = null;
        try {
            dir = Files.createTempDirectory("fede2e-hollow-" + spec.name() + "-");
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // nothing to restrict on this file system
            }
            created.accept(dir);
            server = HollowApiServer.start(options.port(), spec.kubernetesVersion());
            Path kubeconfig = dir.resolve("kubeconfig");
            server.writeKubeconfig(kubeconfig);
            controllers = ControllerManager.start(server.client(), options.settings());
            HollowCluster cluster = new HollowCluster(dir, kubeconfig, server, controllers, spec.nodeCount());
            cluster.awaitNodesReady(options.readyTimeout());
            return cluster;
        } catch (IOException e) {
            stopQuietly(controllers, server, dir);
            throw new ProviderException("cannot create the hollow cluster's temporary directory: " + e.getMessage()
                    + "; check java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ")", e);
        } catch (ProviderException e) {
            stopQuietly(controllers, server, dir);
            throw e;
        } catch (RuntimeException e) {
            stopQuietly(controllers, server, dir);
            throw new ProviderException("hollow cluster " + spec.name() + " did not start: " + e.getMessage(), e);
        }
    }

    private void awaitNodesReady(Duration timeout) {
        awaitNodesReady(server.client(), Map.of(), nodeCount, timeout);
    }

    /**
     * Waits until at least {@code count} nodes carrying {@code labels} are Ready.
     *
     * @throws ProviderException when they are not within {@code timeout}
     */
    static void awaitNodesReady(KubernetesClient client, Map<String, String> labels, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ready = 0;
        while (true) {
            List<Node> nodes = client.nodes().withLabels(labels).list().getItems();
            ready = (int) nodes.stream().filter(HollowCluster::isReady).count();
            if (ready >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ProviderException(ready + " of " + count + " hollow nodes were Ready after " + timeout
                        + "; raise --provider-opt ready-timeout or use fewer nodes");
            }
            try {
                // a list of thousands of nodes is megabytes: poll gently
                Thread.sleep(count > 100 ? 500 : 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for the hollow nodes to be Ready", e);
            }
        }
    }

    private static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    HollowApiServer server() {
        return server;
    }

    ControllerManager controllers() {
        return controllers;
    }

    /** Stops the controllers, then the server, then deletes the temporary directory. */
    @Override
    public void close() {
        stopQuietly(controllers, server, dir);
    }

    private static void stopQuietly(ControllerManager controllers, HollowApiServer server, Path dir) {
        RuntimeException first = null;
        if (controllers != null) {
            try {
                controllers.close();
            } catch (RuntimeException e) {
                first = e;
            }
        }
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (dir != null) {
            deleteTree(dir);
        }
        if (first != null) {
            throw new ProviderException("hollow cluster did not stop cleanly: " + first.getMessage(), first);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the hollow cluster's directory " + dir + ": "
                    + e.getMessage() + "; remove it by hand", e);
        }
    }
}
