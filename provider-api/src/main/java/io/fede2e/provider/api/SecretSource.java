package io.fede2e.provider.api;

import java.util.Set;

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
}
