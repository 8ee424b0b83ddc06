package io.fede2e.runner.cli;

import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.suite.SuiteConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How tests run: shared by {@code run} and {@code test}. */
public final class SuiteOptions {

    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Run N tests at once; Serial and Disruptive tests run alone afterwards (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--flake-attempts", paramLabel = "N",
            description = "Try a failing test up to N times in all; a pass on a retry is reported flaky. "
                    + "Default: GINKGO_TEST_ARGS' --ginkgo.flakeAttempts, else 1.")
    Integer flakeAttempts;

    /**
     * Kubernetes e2e's longest ordinary waits (pod start, namespace deletion, rollouts) are 5 to 15
     * minutes: a test still running after that is hung, and must not hold the run up until the
     * global timeout.
     */
    static final String DEFAULT_TEST_TIMEOUT = "15m";

    @Option(names = "--test-timeout", paramLabel = "DURATION", converter = Durations.class,
            defaultValue = DEFAULT_TEST_TIMEOUT,
            description = "Longest a single test may run; it is then interrupted and reported as timed out "
                    + "(default: ${DEFAULT-VALUE}, Kubernetes e2e's longest typical wait).")
    Duration testTimeout;

    @Option(names = "--suite-timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Longest the whole suite may run; running tests are then interrupted.")
    Duration suiteTimeout;

    @Option(names = "--pods-per-node", paramLabel = "N",
            description = "Pods per node of the density test (fede2e.density.podsPerNode).")
    Integer podsPerNode;

    @Option(names = "--test-param", paramLabel = "KEY=VALUE",
            description = "A JUnit configuration parameter for the tests. Repeatable.")
    Map<String, String> testParams = new LinkedHashMap<>();

    SuiteConfig config(JenkinsEnv jenkins, Env env) {
        int attempts = flakeAttempts != null ? flakeAttempts : jenkins.ginkgoFlakeAttempts().orElse(1);
        Map<String, String> params = new LinkedHashMap<>(testParams);
        if (podsPerNode != null) {
            params.put("fede2e.density.podsPerNode", Integer.toString(podsPerNode));
        }
        selection.upstreamParameters(env).forEach(params::putIfAbsent);
        List<Path> jars = selection.suiteJars.stream().map(env::resolve).toList();
        try {
            return new SuiteConfig(selection.packages(), jars, selection.selection(jenkins), parallel, attempts,
                    testTimeout, suiteTimeout, params, selection.e2eBinary(env::resolve));
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
    }
}
