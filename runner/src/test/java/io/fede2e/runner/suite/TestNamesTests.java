package io.fede2e.runner.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TestNamesTests {

    @Nested
    class WithTags {
        @Test
        void collapsesEveryRunOfWhitespaceToOneSpace() {
            assertThat(TestNames.withTags(" [sig-x]  A\tcontainer\n\nshould  work ", Set.of()))
                    .isEqualTo("[sig-x] A container should work");
        }

        @Test
        void leavesASingleSpacedNameAsItIs() {
            assertThat(TestNames.withTags("[sig-x] A container should work", Set.of()))
                    .isEqualTo("[sig-x] A container should work");
        }

        @Test
        void appendsKubernetesTagsOnceAndSorted() {
            assertThat(TestNames.withTags("[sig-x] A  works [Slow]", Set.of("Slow", "Serial", "Feature:Foo", "misc")))
                    .isEqualTo("[sig-x] A works [Slow] [Feature:Foo] [Serial]");
        }
    }

    @Test
    void onlyJupitersDefaultMethodNamesAreNotTheirOwn() {
        assertThat(TestNames.hasOwnName("t0()")).isFalse();
        assertThat(TestNames.hasOwnName("roll$out(String, int)")).isFalse();
        assertThat(TestNames.hasOwnName("should roll out (slowly)")).isTrue();
    }
}
