package io.fede2e.provider.existing;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTests {

    @Test
    void masksEveryOccurrenceAndTheLongerSecretWhole() {
        Redactor r = new Redactor(Set.of("abcd1234", "abcd1234-suffix"));

        assertThat(r.redact("a=abcd1234-suffix b=abcd1234 c=abcd1234"))
                .isEqualTo("a=[REDACTED] b=[REDACTED] c=[REDACTED]");
    }

    @Test
    void leavesValuesTooShortToMaskUsefully() {
        Redactor r = new Redactor(Set.of("x", "ab", "", "  "));

        assertThat(r.redact("max and abba")).isEqualTo("max and abba");
    }

    @Test
    void squeezesOntoOneLine() {
        assertThat(Redactor.none().oneLine("first\r\n  second\nthird  ")).isEqualTo("first second third");
    }

    @Test
    void treatsNullAsEmpty() {
        assertThat(Redactor.none().redact(null)).isEmpty();
    }
}
