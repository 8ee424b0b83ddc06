package io.fede2e.provider.api;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An optional ability: a provider whose cluster can be driven from another process.
 * {@code fede2e up} saves {@link #saveState()} in a state file; {@code fede2e test} and
 * {@code fede2e down} create a fresh provider and {@link #reattach} it to that state.
 */
public interface Reattachable {

    /** What another process needs to reach and tear down this cluster. Never secrets. */
    Map<String, String> saveState();

    /**
     * Makes this (not started) provider stand for the cluster described by {@code state}, so
     * that {@link ClusterProvider#kubeconfig()}, {@code dumpLogs} and {@code down} work on it.
     *
     * @throws ProviderException when the state is incomplete or the cluster is gone
     */
    void reattach(Map<String, String> state);

    /**
     * A command that tears this cluster down without fede2e (for example a kubectl line), printed
     * beside {@code fede2e down --state ...} when {@code --down=false} keeps the cluster; empty
     * when there is none. Never contains secrets.
     */
    default Optional<String> teardownCommand() {
        return Optional.empty();
    }

    /**
     * Lets the caller record, while Up is still running, what a later {@link #reattach} and
     * {@code down} need to remove what Up has created so far. Called before Up; the provider then
     * passes a state (the same shape as {@link #saveState()}) to {@code checkpoint} before it creates
     * the first thing that outlives its process (a cloud resource group, a temporary directory, a
     * server process), and again whenever that state grows. A process killed during Up (SIGKILL runs no
     * hook) can so still be torn down with {@code fede2e down --state}: {@code reattach} must accept
     * such a partial state, and {@code down} remove whatever of it exists and succeed when nothing does.
     *
     * <p>The default does nothing: the state is then only known once Up has returned.
     */
    default void checkpointStateTo(Consumer<Map<String, String>> checkpoint) {
    }
}
