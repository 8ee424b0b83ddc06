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
 * @param message the failure message (first failing attempt), or the skip reason (its first line,
 *     bounded) of a skipped test; empty otherwise
 * @param details the failure body (stack trace, Ginkgo location), empty unless it failed
 * @param output the test's output, empty unless it failed
 * @param metrics numeric properties of the test case, sorted by name
 * @param failureKey the failure's text normalized by {@link FailureText} (message, else the first
 *     lines of the details), the failure clusters' key; empty unless it failed. Computed once when
 *     the build is read and cached with it, since normalizing is the costly part of clustering
 */
public record TestResult(String name, Outcome outcome, float seconds, String message, String details, String output,
                         Map<String, Double> metrics, String failureKey) {

    /** A result whose failure key is computed from its message and details. */
    public TestResult(String name, Outcome outcome, float seconds, String message, String details, String output,
                      Map<String, Double> metrics) {
        this(name, outcome, seconds, message, details, output, metrics,
                outcome != null && outcome.failedOnce() ? FailureText.normalize(failureText(message, details)) : "");
    }

    /** The text a failure is shown and clustered by: the message, else the first lines of the details. */
    public static String failureText(String message, String details) {
        String m = message == null ? "" : message;
        String raw = m.isBlank() ? firstLines(details == null ? "" : details) : m;
        return raw.isBlank() ? "(no failure message)" : raw;
    }

    private static String firstLines(String s) {
        String[] lines = s.strip().split("\n", 4);
        return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(3, lines.length)));
    }

    public TestResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        details = details == null ? "" : details;
        output = output == null ? "" : output;
        failureKey = failureKey == null ? "" : failureKey;
        metrics = metrics == null || metrics.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    }
}
