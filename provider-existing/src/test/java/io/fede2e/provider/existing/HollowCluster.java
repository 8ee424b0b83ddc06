package io.fede2e.provider.existing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fede2e.provider.hollow.controllers.ControllerManager;
import io.fede2e.provider.hollow.controllers.HollowSettings;
import io.fede2e.provider.hollow.server.HollowApiServer;

import java.nio.file.Path;

/** A hollow cluster on 127.0.0.1 standing in for "the cluster the user already has". */
final class HollowCluster implements AutoCloseable {

    private final HollowApiServer server;
    private final ControllerManager controllers;

    private HollowCluster(HollowApiServer server, ControllerManager controllers) {
        this.server = server;
        this.controllers = controllers;
    }

    static HollowCluster start(int nodes) {
        HollowApiServer server = HollowApiServer.start();
        try {
            return new HollowCluster(server, ControllerManager.start(server.client(), HollowSettings.defaults(nodes)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    String url() {
        return server.url();
    }

    /** An admin client of the cluster, for arranging and checking what the tests expect. */
    KubernetesClient admin() {
        return server.client();
    }

    Path writeKubeconfig(Path file) {
        server.writeKubeconfig(file);
        return file;
    }

    @Override
    public void close() {
        try {
            controllers.close();
        } finally {
            server.close();
        }
    }
}
