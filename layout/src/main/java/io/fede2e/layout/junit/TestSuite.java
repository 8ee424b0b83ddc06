package io.fede2e.layout.junit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One {@code <testsuite>}. Nested suites are flattened by the reader into their own entries,
 * named {@code outer/inner}.
 *
 * @param name the suite's name, may be empty
 * @param timeSeconds the suite's time attribute, or the sum of its cases when absent
 * @param timestamp the suite's timestamp attribute as written, empty when absent
 * @param properties the suite's {@code <properties>}, sorted by name
 * @param testCases the test cases in file order
 */
public record TestSuite(String name, double timeSeconds, String timestamp, Map<String, String> properties,
                        List<TestCase> testCases) {

    public TestSuite {
        name = name == null ? "" : name;
        timestamp = timestamp == null ? "" : timestamp;
        properties = properties == null || properties.isEmpty()
                ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
        testCases = List.copyOf(Objects.requireNonNull(testCases, "testCases"));
    }

    /** A suite of cases, its time the sum of theirs. */
    public static TestSuite of(String name, List<TestCase> testCases) {
        double time = testCases.stream().mapToDouble(TestCase::timeSeconds).sum();
        return new TestSuite(name, time, "", Map.of(), testCases);
    }

    /** How many cases have {@code status}. */
    public long count(TestStatus status) {
        return testCases.stream().filter(c -> c.status() == status).count();
    }

    /** The numeric suite properties (metrics), sorted by name. */
    public Map<String, Double> metrics() {
        return JUnitSupport.numeric(properties);
    }
}
