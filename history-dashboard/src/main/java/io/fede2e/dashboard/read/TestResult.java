package io.fede2e.dashboard.read;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One test in one build, kept small: texts only for tests that failed, cut to a bounded size.
 *
 * @param name the test's name
 * @param outcome the folded outcome
 * @param seconds the duration
 * @param message the failure message (first failing attempt), empty unless it failed
 * @param details the failure body (stack trace, Ginkgo location), empty unless it failed
 * @param output the test's output, empty unless it failed
 * @param metrics numeric properties of the test case, sorted by name
 */
public record TestResult(String name, Outcome outcome, float seconds, String message, String details, String output,
                         Map<String, Double> metrics) {

    public TestResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        details = details == null ? "" : details;
        output = output == null ? "" : output;
        metrics = metrics == null || metrics.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
