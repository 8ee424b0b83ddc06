package io.fede2e.runner.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Kubernetes-style full test names, as Ginkgo builds them: the display names of the enclosing
 * containers and of the test joined by spaces, e.g. {@code [sig-apps] Deployment should roll
 * out a new ReplicaSet [Conformance]}. Tags Kubernetes writes into names (Conformance, Slow,
 * Serial, Disruptive, Flaky, Feature:X) are appended as {@code [Tag]} when the display name
 * does not carry them already, so {@code --focus '\[Serial\]'} works on JUnit tags too.
 */
public final class TestNames {

    /** Tags that run alone, after the parallel tests. */
    public static final Set<String> SERIAL_TAGS = Set.of("Serial", "Disruptive");

    private static final Set<String> NAME_TAGS = Set.of("Conformance", "Slow", "Serial", "Disruptive", "Flaky");

    /** Jupiter's default display name of a method, {@code method(Type)}. */
    private static final Pattern DEFAULT_METHOD_NAME = Pattern.compile("[\\w$]+\\(.*\\)");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private TestNames() {
    }

    /**
     * The engine id of the Ginkgo engine (ginkgo-engine): its specs are named by upstream, and
     * their names are kept byte for byte (two spaces in a row included) so that they line up with
     * every bucket upstream CI writes.
     */
    static final String GINKGO_ENGINE = "ginkgo";

    /** The full name of a discovered test descriptor. */
    public static String of(TestDescriptor test) {
        if (test.getUniqueId().getEngineId().filter(GINKGO_ENGINE::equals).isPresent()) {
            return test.getDisplayName();
        }
        List<String> parts = new ArrayList<>();
        boolean named = hasOwnName(test.getDisplayName());
        Optional<TestDescriptor> current = Optional.of(test);
        while (current.isPresent() && current.get().getParent().isPresent()) {
            TestDescriptor d = current.get();
            if (!named || !isDefaultClassName(d.getSource().orElse(null), d.getDisplayName())) {
                parts.add(d.getDisplayName());
            }
            current = d.getParent();
        }
        Collections.reverse(parts);
        return withTags(String.join(" ", parts), tagNames(test.getTags()));
    }

    /** The full name of a test in {@code plan}, identical to {@link #of(TestDescriptor)}. */
    public static String of(TestPlan plan, TestIdentifier test) {
        if (test.getUniqueIdObject().getEngineId().filter(GINKGO_ENGINE::equals).isPresent()) {
            return test.getDisplayName();
        }
        List<String> parts = new ArrayList<>();
        boolean named = hasOwnName(test.getDisplayName());
        TestIdentifier current = test;
        while (current != null && current.getParentId().isPresent()) {
            if (!named || !isDefaultClassName(current.getSource().orElse(null), current.getDisplayName())) {
                parts.add(current.getDisplayName());
            }
            current = plan.getParent(current).orElse(null);
        }
        Collections.reverse(parts);
        return withTags(String.join(" ", parts), tagNames(test.getTags()));
    }

    /**
     * Whether {@code displayName} is the one Jupiter gives a class without {@code @DisplayName}:
     * such a container adds nothing a Kubernetes name would have (suites name their tests fully).
     */
    static boolean isDefaultClassName(TestSource source, String displayName) {
        if (!(source instanceof ClassSource c)) {
            return false;
        }
        String name = c.getClassName();
        String simple = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
        return displayName.equals(simple);
    }

    /**
     * Whether a test's display name was given by its author ({@code @DisplayName}) rather than
     * Jupiter's default {@code method(Type)}: only then may a default class name be left out,
     * or tests of different classes would share a name.
     */
    static boolean hasOwnName(String displayName) {
        return !DEFAULT_METHOD_NAME.matcher(displayName).matches();
    }

    /** Whether a test with these tags and this full name must run alone. */
    public static boolean isSerial(Set<String> tags, String fullName) {
        for (String t : SERIAL_TAGS) {
            if (tags.contains(t) || fullName.contains("[" + t + "]")) {
                return true;
            }
        }
        return false;
    }

    /** The tag names of {@code tags}, sorted. */
    public static Set<String> tagNames(Set<TestTag> tags) {
        Set<String> names = new TreeSet<>();
        for (TestTag t : tags) {
            names.add(t.getName());
        }
        return names;
    }

    static String withTags(String name, Set<String> tags) {
        String stripped = name.strip();
        // Called for every test several times: skip the regex when there is nothing to collapse.
        StringBuilder sb = new StringBuilder(isSingleSpaced(stripped) ? stripped
                : WHITESPACE_RUN.matcher(stripped).replaceAll(" "));
        if (tags.isEmpty()) {
            return sb.toString();
        }
        for (String tag : new TreeSet<>(tags)) {
            boolean named = NAME_TAGS.contains(tag) || tag.startsWith("Feature:");
            String marker = "[" + tag + "]";
            if (named && !sb.toString().contains(marker)) {
                sb.append(' ').append(marker);
            }
        }
        return sb.toString();
    }

    /** Whether {@code s} has no whitespace but single spaces (what the regex {@code \s+} -> " " leaves alone). */
    private static boolean isSingleSpaced(String s) {
        char previous = 'x';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
            if (space && (c != ' ' || previous == ' ')) {
                return false;
            }
            previous = c;
        }
        return true;
    }
}
