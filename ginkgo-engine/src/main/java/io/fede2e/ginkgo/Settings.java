package io.fede2e.ginkgo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * How the engine runs a binary, from the JUnit configuration parameters the runner sets.
 *
 * @param binary the e2e binary ({@value #BINARY})
 * @param kubeconfig the cluster ({@value #KUBECONFIG}), or null to let the binary find one
 * @param provider the upstream {@code --provider}
 * @param numNodes the upstream {@code --num-nodes}, or null to let the binary count schedulable nodes
 * @param artifacts where {@code upstream/} goes ({@value #ARTIFACTS}), or null for a temporary directory
 * @param parallel how many processes run the specs that need not run alone
 * @param testTimeout the longest one spec may run before its process is stopped, or null
 */
record Settings(Path binary, Path kubeconfig, String provider, Integer numNodes, Path artifacts, int parallel,
                Duration testTimeout) {

    static final String BINARY = "fede2e.ginkgo.binary";
    static final String KUBECONFIG = "fede2e.kubeconfig";
    static final String FEDE2E_PROVIDER = "fede2e.provider";
    static final String PROVIDER = "fede2e.ginkgo.provider";
    static final String NUM_NODES = "fede2e.ginkgo.numNodes";
    static final String ARTIFACTS = "fede2e.artifacts";
    static final String PARALLEL = "fede2e.ginkgo.parallel";
    static final String TEST_TIMEOUT_MS = "fede2e.ginkgo.testTimeoutMillis";
    static final String LISTING_CACHE = "fede2e.ginkgo.listingCache";

    /**
     * fede2e providers whose name upstream's {@code --provider} knows and that need no further
     * upstream flags; every other cluster runs as {@code local}, which assumes nothing of the
     * cloud (set {@value #PROVIDER} to override).
     */
    private static final Set<String> UPSTREAM_PROVIDERS = Set.of("kubemark", "local", "skeleton");

    static Optional<Path> binary(ConfigurationParameters p) {
        return p.get(BINARY).filter(s -> !s.isBlank()).map(Path::of);
    }

    /** Where listings are kept between runs ({@value #LISTING_CACHE}), or empty for no cache. */
    static Optional<Path> listingCache(ConfigurationParameters p) {
        return p.get(LISTING_CACHE).filter(s -> !s.isBlank()).map(Path::of);
    }

    static Settings from(ConfigurationParameters p) {
        Path binary = binary(p).orElseThrow(() -> new GinkgoException("no e2e binary: set " + BINARY));
        String provider = p.get(PROVIDER).filter(s -> !s.isBlank())
                .orElseGet(() -> p.get(FEDE2E_PROVIDER).filter(UPSTREAM_PROVIDERS::contains).orElse("local"));
        Integer nodes = p.get(NUM_NODES).filter(s -> !s.isBlank()).map(s -> parse(NUM_NODES, s)).orElse(null);
        int parallel = p.get(PARALLEL).filter(s -> !s.isBlank()).map(s -> parse(PARALLEL, s)).orElse(1);
        Duration timeout = p.get(TEST_TIMEOUT_MS).filter(s -> !s.isBlank())
                .map(s -> Duration.ofMillis(parse(TEST_TIMEOUT_MS, s))).orElse(null);
        return new Settings(binary, p.get(KUBECONFIG).filter(s -> !s.isBlank()).map(Path::of).orElse(null), provider,
                nodes, p.get(ARTIFACTS).filter(s -> !s.isBlank()).map(Path::of).orElse(null), Math.max(1, parallel),
                timeout);
    }

    private static int parse(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new GinkgoException(key + "=" + value + " is not a whole number");
        }
    }
}
