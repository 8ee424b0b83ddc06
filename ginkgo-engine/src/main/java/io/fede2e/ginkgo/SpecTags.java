package io.fede2e.ginkgo;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.platform.engine.TestTag;

/**
 * The JUnit tags of a Kubernetes spec name: the text of each bracket, as Kubernetes marks its
 * specs ({@code [Conformance]}, {@code [Serial]}, {@code [Feature:X]}, {@code [sig-x]}). Brackets
 * whose text is no valid tag (spaces, as in {@code [Driver: local]}) are left out.
 */
final class SpecTags {

    private SpecTags() {
    }

    static Set<TestTag> of(String name) {
        Set<TestTag> tags = new LinkedHashSet<>();
        int open = name.indexOf('[');
        while (open >= 0) {
            int close = name.indexOf(']', open + 1);
            if (close < 0) {
                break;
            }
            String text = name.substring(open + 1, close);
            if (TestTag.isValid(text)) {
                tags.add(TestTag.create(text));
            }
            open = name.indexOf('[', close + 1);
        }
        return tags;
    }

    /** Whether a spec must run alone, after the others, as Ginkgo's own convention has it. */
    static boolean isSerial(String name) {
        return name.contains("[Serial]") || name.contains("[Disruptive]");
    }
}
