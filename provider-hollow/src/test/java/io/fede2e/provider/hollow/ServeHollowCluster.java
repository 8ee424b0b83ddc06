package io.fede2e.provider.hollow;

import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.Reattachable;
import java.util.Map;

/**
 * A child process for the reattach test: brings a hollow cluster up, prints its state as
 * {@code STATE key=value} lines and {@code READY}, then serves until it is told to stop.
 */
public final class ServeHollowCluster {

    private ServeHollowCluster() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClusterProvider provider = new HollowProviderFactory().create();
        provider.up(new ClusterSpec("served", 1, "v1.33.0", Map.of()));
        ((Reattachable) provider).saveState().forEach((k, v) -> System.out.println("STATE " + k + "=" + v));
        System.out.println("READY");
        System.out.flush();
        // serve until SIGTERM: the provider's shutdown hook takes the cluster down
        Thread.sleep(Long.MAX_VALUE);
    }
}
