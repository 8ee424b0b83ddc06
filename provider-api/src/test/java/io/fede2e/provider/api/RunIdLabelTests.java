package io.fede2e.provider.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RunIdLabelTests {

    @Nested
    class Value {
        @Test
        void replacesWhatALabelCannotHoldAndTrimsTheEnds() {
            assertThat(RunIdLabel.value("team/e2e nightly#7")).isEqualTo("team-e2e-nightly-7");
            assertThat(RunIdLabel.value("-_.x.y_-")).isEqualTo("x.y");
            assertThat(RunIdLabel.value("a b/ü")).isEqualTo("a-b");
        }

        /** The runner and the tests once cut long ids at different ends; the build number must survive. */
        @Test
        void keepsTheEndOfALongIdWhereTheBuildNumberIs() {
            String value = RunIdLabel.value("j".repeat(70) + "-1234");

            assertThat(value).hasSize(RunIdLabel.MAX_LENGTH).endsWith("-1234");
            assertThat(RunIdLabel.isValid(value)).isTrue();
        }

        @Test
        void isEmptyWhenNothingIsLeft() {
            assertThat(RunIdLabel.value("___")).isEmpty();
            assertThat(RunIdLabel.value(null)).isEmpty();
        }
    }

    @Test
    void validity() {
        assertThat(RunIdLabel.isValid("20261207-120000-a1b2c3")).isTrue();
        assertThat(RunIdLabel.isValid("x")).isTrue();
        assertThat(RunIdLabel.isValid("-x")).isFalse();
        assertThat(RunIdLabel.isValid("x".repeat(64))).isFalse();
        assertThat(RunIdLabel.isValid("a b")).isFalse();
        assertThat(RunIdLabel.isValid(null)).isFalse();
    }

    @Test
    void selectorNamesTheLabel() {
        assertThat(RunIdLabel.selector("job-7")).isEqualTo("fede2e.io/run-id=job-7");
    }
}
