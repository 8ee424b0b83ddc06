package io.fede2e.e2e;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.RunIdLabel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The configuration parameters the runner hands to the suite, read through JUnit (which falls back
 * to system properties). Each accessor validates its parameter and names it in the error.
 */
final class E2eSettings {

    static final String KUBECONFIG = E2eParameters.KUBECONFIG;
    static final String CAPABILITIES = E2eParameters.CAPABILITIES;
    static final String ARTIFACTS = E2eParameters.ARTIFACTS;
    static final String PROVIDER = E2eParameters.PROVIDER;
    static final String PODS_PER_NODE = E2eParameters.PODS_PER_NODE;
    static final String RUN_ID = E2eParameters.RUN_ID;
    static final String NAMESPACE_DELETE_TIMEOUT = E2eParameters.NAMESPACE_DELETE_TIMEOUT;
    static final String DNS_DOMAIN = E2eParameters.DNS_DOMAIN;

    static final int DEFAULT_PODS_PER_NODE = 30;
    static final Duration DEFAULT_NAMESPACE_DELETE_TIMEOUT = Duration.ofMinutes(3);

    private final Function<String, Optional<String>> lookup;

    E2eSettings(Function<String, Optional<String>> lookup) {
        this.lookup = key -> lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    Optional<String> raw(String key) {
        return lookup.apply(key);
    }

    /** The kubeconfig file, which must be set and exist. */
    Path kubeconfig() {
        String value = lookup.apply(KUBECONFIG).orElseThrow(() -> new E2eConfigurationException(
                "configuration parameter " + KUBECONFIG + " is not set: pass the kubeconfig of the cluster under test"
                        + " (fede2e test does; by hand use -D" + KUBECONFIG + "=<path>)"));
        Path path = path(KUBECONFIG, value);
        if (!Files.isRegularFile(path)) {
            throw new E2eConfigurationException("configuration parameter " + KUBECONFIG + "=" + value
                    + " names no readable file; check that the cluster is up and the path is right");
        }
        return path;
    }

    /** The provider's capabilities; an absent parameter means none. */
    Set<Capability> capabilities() {
        Set<Capability> result = new TreeSet<>();
        for (String part : lookup.apply(CAPABILITIES).orElse("").split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                result.add(Capability.of(name));
            } catch (IllegalArgumentException e) {
                throw new E2eConfigurationException("configuration parameter " + CAPABILITIES + " has an invalid entry '"
                        + name + "': " + e.getMessage() + "; pass names like dns,container-runtime");
            }
        }
        return Set.copyOf(result);
    }

    /** The artifacts directory, when the runner gave one. */
    Optional<Path> artifacts() {
        return lookup.apply(ARTIFACTS).map(v -> path(ARTIFACTS, v));
    }

    /** The provider's name for messages, {@code Optional.empty()} when unknown. */
    Optional<String> provider() {
        return lookup.apply(PROVIDER);
    }

    /**
     * The run id as a label value ({@link RunIdLabel#value}, as the runner and the providers make
     * it), so a long job name never fails the tests. Empty when absent or nothing is left.
     */
    Optional<String> runId() {
        return lookup.apply(RUN_ID).map(RunIdLabel::value).filter(v -> !v.isEmpty());
    }

    /** How many pods per schedulable node the density test creates. */
    int podsPerNode() {
        return positiveInt(PODS_PER_NODE, DEFAULT_PODS_PER_NODE);
    }

    /** How long the extension waits for a test namespace to disappear. */
    Duration namespaceDeleteTimeout() {
        return lookup.apply(NAMESPACE_DELETE_TIMEOUT).map(v -> {
            try {
                return io.fede2e.provider.api.ClusterSpec.parseDuration(v);
            } catch (RuntimeException e) {
                throw new E2eConfigurationException("configuration parameter " + NAMESPACE_DELETE_TIMEOUT + "='" + v
                        + "' is not a duration; use e.g. 90s or 5m");
            }
        }).orElse(DEFAULT_NAMESPACE_DELETE_TIMEOUT);
    }

    /** The cluster's DNS domain, {@code cluster.local} unless configured. */
    String dnsDomain() {
        String value = lookup.apply(DNS_DOMAIN).orElse("cluster.local");
        if (!value.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new E2eConfigurationException("configuration parameter " + DNS_DOMAIN + "='" + value
                    + "' is not a DNS domain; pass e.g. cluster.local");
        }
        return value;
    }

    private int positiveInt(String key, int defaultValue) {
        Optional<String> value = lookup.apply(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the parameter's name
        }
        throw new E2eConfigurationException("configuration parameter " + key + "='" + value.get()
                + "' is not a positive integer; pass e.g. -D" + key + "=" + defaultValue);
    }

    private static Path path(String key, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new E2eConfigurationException("configuration parameter " + key + "='" + value
                    + "' is not a valid path: " + e.getReason());
        }
    }
}
