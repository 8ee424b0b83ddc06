package io.fede2e.provider.api;

import java.nio.file.Path;
import java.util.Set;

/**
 * One cluster's lifecycle, as the runner drives it: {@code up}, then tests, then
 * {@code dumpLogs}, then {@code down}.
 *
 * <p>Implementations are created by a {@link ClusterProviderFactory} and are used by one
 * run at a time. {@link #down()} must be safe to call at any point after {@link #up}
 * was attempted (also when {@code up} failed half way) and more than once: the runner
 * calls it on failures, timeouts and signals.
 */
public interface ClusterProvider extends AutoCloseable {

    /** The provider's name, as given to {@code --provider} (for example {@code hollow}). */
    String name();

    /**
     * Creates the cluster and blocks until it is usable (the API answers, nodes are Ready).
     *
     * @throws ProviderException when the cluster cannot be created; its output is kept
     */
    void up(ClusterSpec spec);

    /** Releases everything {@link #up} created. Idempotent. */
    void down();

    /** Whether the cluster created by {@link #up} is still there and answering. */
    boolean isUp();

    /**
     * Writes what helps to debug a failed run (node logs, events, object dumps) into
     * {@code dir}, which exists. Called before {@link #down()}, also when {@code up} failed.
     */
    void dumpLogs(Path dir);

    /** The kubeconfig file that reaches the cluster; valid between up and down. */
    Path kubeconfig();

    /** What this cluster can do; tests needing anything else are skipped. */
    Set<Capability> capabilities();

    /**
     * Facts about the cluster for started.json's metadata (for example
     * {@code kubernetes-version}, {@code region}, {@code node-count}). Never secrets.
     */
    default java.util.Map<String, String> metadata() {
        return java.util.Map.of();
    }

    /** Same as {@link #down()}, so providers work in try-with-resources. */
    @Override
    default void close() {
        down();
    }
}
