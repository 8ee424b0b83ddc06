package io.fede2e.runner.suite;

import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a suite run produced: every test execution in order (a retried test appears once per
 * attempt, as TestGrid reads flakes) and the verdict per test.
 *
 * @param executions every execution, first attempts first, then retries
 * @param interruption why the suite stopped early (suite timeout, abort), or empty
 */
public record SuiteResult(List<TestCase> executions, Optional<String> interruption) {

    public SuiteResult {
        executions = List.copyOf(executions);
        Objects.requireNonNull(interruption, "interruption");
    }

    /** The last attempt of each test, in the order tests first ran. */
    public Map<String, TestCase> finalResults() {
        Map<String, TestCase> last = new LinkedHashMap<>();
        for (TestCase c : executions) {
            last.remove(c.name());
            last.put(c.name(), c);
        }
        Map<String, TestCase> ordered = new LinkedHashMap<>();
        for (TestCase c : executions) {
            ordered.putIfAbsent(c.name(), last.get(c.name()));
        }
        return ordered;
    }

    /** Tests that failed at first and passed on a retry. */
    public List<String> flaky() {
        List<String> out = new ArrayList<>();
        Map<String, Boolean> failedOnce = new LinkedHashMap<>();
        for (TestCase c : executions) {
            failedOnce.merge(c.name(), c.status().isFailure(), Boolean::logicalOr);
        }
        finalResults().forEach((name, c) -> {
            if (c.status() == TestStatus.PASSED && failedOnce.getOrDefault(name, false)) {
                out.add(name);
            }
        });
        return out;
    }

    /** Tests whose last attempt failed. */
    public List<String> failed() {
        return finalResults().values().stream().filter(c -> c.status().isFailure()).map(TestCase::name).toList();
    }

    /** How many tests passed at the first attempt. */
    public long passed() {
        return finalResults().values().stream().filter(c -> c.status() == TestStatus.PASSED).count() - flaky().size();
    }

    /** How many tests were skipped. */
    public long skipped() {
        return finalResults().values().stream().filter(c -> c.status() == TestStatus.SKIPPED).count();
    }

    /** Whether no test failed and the suite was not interrupted. */
    public boolean success() {
        return failed().isEmpty() && interruption.isEmpty();
    }
}
