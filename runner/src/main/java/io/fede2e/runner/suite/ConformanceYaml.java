package io.fede2e.runner.suite;

import io.fede2e.e2e.Conformance;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' conformance.yaml, generated from the tests' own {@link Conformance} annotations:
 * one entry per test with {@code testname}, {@code codename} (the full name), {@code description},
 * {@code release} and {@code file}, sorted by codename.
 */
public final class ConformanceYaml {

    private ConformanceYaml() {
    }

    /** The YAML text for {@code tests} (those without {@code @Conformance} are listed without a release). */
    public static String render(List<SelectedTest> tests, ClassLoader loader) {
        List<SelectedTest> sorted = new ArrayList<>(tests);
        sorted.sort(Comparator.comparing(SelectedTest::name));
        StringBuilder sb = new StringBuilder();
        for (SelectedTest t : sorted) {
            Optional<Conformance> c = annotation(t, loader);
            sb.append("- testname: ").append(quote(testname(t.name()))).append('\n');
            sb.append("  codename: ").append(quote(t.name())).append('\n');
            sb.append("  description: ").append(quote(c.map(Conformance::description).orElse(""))).append('\n');
            sb.append("  release: ").append(quote(c.map(Conformance::release).orElse(""))).append('\n');
            sb.append("  file: ").append(quote(file(t.className()))).append('\n');
        }
        return sb.toString();
    }

    /** The name without its {@code [sig-x]} prefix and {@code [Tag]}s, as conformance.yaml's testname. */
    static String testname(String fullName) {
        return fullName.replaceAll("\\[[^\\]]*\\]", "").replaceAll("\\s+", " ").strip();
    }

    static String file(String className) {
        if (className.isEmpty()) {
            return "";
        }
        int nested = className.indexOf('$');
        String top = nested < 0 ? className : className.substring(0, nested);
        String module = top.startsWith("io.fede2e.e2e.") ? "e2e-suite/src/main/java/" : "";
        return module + top.replace('.', '/') + ".java";
    }

    private static Optional<Conformance> annotation(SelectedTest t, ClassLoader loader) {
        if (t.className().isEmpty() || t.methodName().isEmpty()) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName(t.className(), false, loader);
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(t.methodName()) && m.isAnnotationPresent(Conformance.class)) {
                    return Optional.of(m.getAnnotation(Conformance.class));
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // Listed without release and description: the class is not loadable here.
        }
        return Optional.empty();
    }

    /** A YAML single-quoted scalar: safe for any text, '' escapes a quote, line breaks folded to spaces. */
    static String quote(String s) {
        String clean = s.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "");
        return "'" + clean.replace("'", "''") + "'";
    }
}
