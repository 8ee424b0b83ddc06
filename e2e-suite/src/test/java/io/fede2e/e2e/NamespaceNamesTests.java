package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamespaceNamesTests {

    static class DeploymentTests {
    }

    static class PodTests {
    }

    static class SchedulingPredicatesTests {
    }

    @Test
    void shortNamesComeFromTheTestClass() {
        assertThat(NamespaceNames.shortName(DeploymentTests.class)).isEqualTo("deployment");
        assertThat(NamespaceNames.shortName(PodTests.class)).isEqualTo("pod");
        assertThat(NamespaceNames.shortName(SchedulingPredicatesTests.class)).isEqualTo("scheduling-predicates");
    }

    @Test
    void hostileShortNamesAreSanitized() {
        assertThat(NamespaceNames.sanitize("../Evil Name_$(rm)")).isEqualTo("evil-name-rm");
        assertThat(NamespaceNames.sanitize("!!!")).isEqualTo("test");
        assertThat(NamespaceNames.sanitize("a".repeat(100))).hasSize(NamespaceNames.MAX_SHORT_NAME);
        assertThat(NamespaceNames.sanitize("a".repeat(39) + "-b")).doesNotEndWith("-");
    }

    @Test
    void namesAreValidDnsLabelsWithAFiveCharacterSuffix() {
        NamespaceNames names = new NamespaceNames(new Random(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String name = names.next("x".repeat(80));
            assertThat(name).matches("e2e-x{40}-[" + NamespaceNames.ALPHABET + "]{5}").hasSizeLessThanOrEqualTo(63);
            seen.add(name);
        }
        assertThat(seen).hasSizeGreaterThan(190);
    }
}
