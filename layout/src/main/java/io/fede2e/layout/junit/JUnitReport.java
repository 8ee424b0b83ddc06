package io.fede2e.layout.junit;

import java.util.List;
import java.util.Objects;

/**
 * The contents of one JUnit XML file (a {@code <testsuites>} or a lone {@code <testsuite>}).
 *
 * @param suites the suites, nested ones flattened, in file order
 */
public record JUnitReport(List<TestSuite> suites) {

    public JUnitReport {
        suites = List.copyOf(Objects.requireNonNull(suites, "suites"));
    }

    /** Every test case of every suite, in file order. */
    public List<TestCase> testCases() {
        return suites.stream().flatMap(s -> s.testCases().stream()).toList();
    }
}
