package io.fede2e.layout.junit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One {@code <testcase>}.
 *
 * @param name the test's name, e.g. {@code [sig-apps] Deployment should ... [Conformance]}
 *     (Ginkgo's {@code [It] } prefix removed by the reader)
 * @param className the classname attribute, may be empty
 * @param timeSeconds the duration in seconds, 0 when absent
 * @param status the outcome
 * @param message the failure, error or skip message, empty when none
 * @param failureType the failure's {@code type} attribute, empty when none
 * @param details the body of the failure/error element (stack trace, Ginkgo's location), empty when none
 * @param systemOut the test's own output, empty when none
 * @param systemErr the test's error output, empty when none
 * @param properties the testcase's {@code <property>} elements, sorted by name; a case the reader
 *     made from a Surefire rerun element ({@code <flakyFailure>} and the like) also has
 *     {@code rerun=<element name>}
 */
public record TestCase(String name, String className, double timeSeconds, TestStatus status, String message,
                       String failureType, String details, String systemOut, String systemErr,
                       Map<String, String> properties) {

    public TestCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        className = className == null ? "" : className;
        message = message == null ? "" : message;
        failureType = failureType == null ? "" : failureType;
        details = details == null ? "" : details;
        systemOut = systemOut == null ? "" : systemOut;
        systemErr = systemErr == null ? "" : systemErr;
        properties = properties == null || properties.isEmpty()
                ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** A passed test. */
    public static TestCase passed(String name, String className, double timeSeconds) {
        return new TestCase(name, className, timeSeconds, TestStatus.PASSED, "", "", "", "", "", Map.of());
    }

    /** The properties whose values are numbers (metrics such as latencies), sorted by name. */
    public Map<String, Double> metrics() {
        return JUnitSupport.numeric(properties);
    }
}
