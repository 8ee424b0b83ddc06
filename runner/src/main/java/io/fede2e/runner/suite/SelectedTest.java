package io.fede2e.runner.suite;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A test a selection chose, as {@code list-tests} shows it.
 *
 * @param uniqueId JUnit's unique id
 * @param name the full Kubernetes-style name
 * @param className the test class, empty when unknown
 * @param methodName the test method, empty when unknown
 * @param tags the JUnit tags, sorted
 * @param serial whether it runs alone
 */
public record SelectedTest(String uniqueId, String name, String className, String methodName, Set<String> tags,
                           boolean serial) {

    public SelectedTest {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(name, "name");
        className = className == null ? "" : className;
        methodName = methodName == null ? "" : methodName;
        tags = java.util.Collections.unmodifiableSet(new TreeSet<>(tags));
    }
}
