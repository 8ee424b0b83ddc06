package io.fede2e.provider.api;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Optionally implemented by a {@link ClusterProvider} that knows credentials the runner cannot
 * find on its own (tokens read from files, exec plugin output, cloud keys).
 *
 * <p>The runner masks every value returned here, literally, in everything it prints and in every
 * file of the run directory before upload: these values must never reach logs or artifacts.
 */
public interface SecretSource {

    /**
     * The values to mask; available after {@link ClusterProvider#up} or
     * {@link Reattachable#reattach}, empty before. Never {@code null}.
     */
    Set<String> secretValues();

    /**
     * Called once by the runner before {@link ClusterProvider#up} or {@link Reattachable#reattach}
     * with where to declare credentials: the provider hands every credential to {@code declare}
     * as soon as it learns it and before it prints, logs or writes anything that may contain it
     * (Up's output reaches the Jenkins console as it is printed). {@link #secretValues()} must
     * still list them all. The default ignores it, for providers that learn nothing before Up
     * returns.
     */
    default void declareSecretsTo(Consumer<Set<String>> declare) {
    }
}
