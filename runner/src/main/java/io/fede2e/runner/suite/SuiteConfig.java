package io.fede2e.runner.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to run a suite.
 *
 * @param packages Java packages whose tests are selected (the built-in suite is {@link #E2E_PACKAGE})
 * @param suiteJars extra JUnit 5 test jars; every test in them is selected
 * @param selection which tests run
 * @param parallel how many tests run at once (1: one after the other); Serial and Disruptive
 *     tests always run alone, after the others
 * @param flakeAttempts how many times a failing test is tried in all (1: no retry)
 * @param testTimeout the longest a single test may take, or {@code null} for no limit
 * @param suiteTimeout the longest the whole suite may take, or {@code null} for no limit
 * @param parameters JUnit configuration parameters handed to the tests ({@code fede2e.kubeconfig} ...)
 * @param e2eBinary an upstream Ginkgo e2e binary ({@code e2e.test}) whose specs run too, through the
 *     ginkgo-engine module's TestEngine, or {@code null} for none
 */
public record SuiteConfig(List<String> packages, List<Path> suiteJars, Selection selection, int parallel,
                          int flakeAttempts, Duration testTimeout, Duration suiteTimeout,
                          Map<String, String> parameters, Path e2eBinary) {

    /** The package of the built-in e2e suite. */
    public static final String E2E_PACKAGE = "io.fede2e.e2e.tests";

    public SuiteConfig {
        packages = List.copyOf(packages);
        suiteJars = List.copyOf(suiteJars);
        Objects.requireNonNull(selection, "selection");
        parameters = Map.copyOf(new TreeMap<>(parameters));
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel " + parallel + " must be at least 1");
        }
        if (flakeAttempts < 1) {
            throw new IllegalArgumentException("--flake-attempts " + flakeAttempts
                    + " must be at least 1 (1 means no retry)");
        }
        if (testTimeout != null && (testTimeout.isNegative() || testTimeout.isZero())) {
            throw new IllegalArgumentException("--test-timeout must be positive");
        }
        if (suiteTimeout != null && (suiteTimeout.isNegative() || suiteTimeout.isZero())) {
            throw new IllegalArgumentException("--suite-timeout must be positive");
        }
        if (packages.isEmpty() && suiteJars.isEmpty() && e2eBinary == null) {
            throw new IllegalArgumentException("no tests to run: give a --suite-jar or keep the built-in suite");
        }
    }

    /** A config of Java tests only, no upstream binary. */
    public SuiteConfig(List<String> packages, List<Path> suiteJars, Selection selection, int parallel,
                       int flakeAttempts, Duration testTimeout, Duration suiteTimeout, Map<String, String> parameters) {
        this(packages, suiteJars, selection, parallel, flakeAttempts, testTimeout, suiteTimeout, parameters, null);
    }

    /** The same config with other parameters. */
    public SuiteConfig withParameters(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(parameters);
        all.putAll(more);
        return new SuiteConfig(packages, suiteJars, selection, parallel, flakeAttempts, testTimeout, suiteTimeout, all,
                e2eBinary);
    }
}
