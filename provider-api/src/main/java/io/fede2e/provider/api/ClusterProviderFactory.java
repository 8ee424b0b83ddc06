package io.fede2e.provider.api;

import java.util.List;

/**
 * The service a provider module registers in
 * {@code META-INF/services/io.fede2e.provider.api.ClusterProviderFactory}; the runner finds
 * it with {@link java.util.ServiceLoader} on the class path and in its plugins directory.
 */
public interface ClusterProviderFactory {

    /** The name users pass to {@code --provider}: lowercase letters, digits and dashes. */
    String name();

    /** One line for {@code fede2e providers}. */
    String description();

    /** The options this provider reads from {@link ClusterSpec#options()}. */
    List<ProviderOption> options();

    /** The capabilities a cluster of this provider can offer (a probe may find fewer). */
    java.util.Set<Capability> capabilities();

    /** A new, not yet started provider. */
    ClusterProvider create();

    /**
     * Checks {@code spec} and what the provider needs from its surroundings (credentials, an
     * account) before the run starts, creating nothing, so that a run that cannot work stops at
     * once with exit code 2 instead of failing in Up. Checks that cost more than a moment (a
     * network call) belong in {@link ClusterProvider#up}. The default checks nothing.
     *
     * @throws IllegalArgumentException whose message is one line naming what is wrong and what to
     *     set or pass instead
     */
    default void preflight(ClusterSpec spec) {
    }
}
