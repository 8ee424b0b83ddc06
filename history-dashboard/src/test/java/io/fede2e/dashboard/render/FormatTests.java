package io.fede2e.dashboard.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatTests {

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1, Format.MAX_SECONDS + 1, 100_000_000_000_000_000L, Long.MAX_VALUE})
    void anyLongIsShownAndImpossibleTimesAreUnknown(long t) {
        assertThat(Format.date(t)).isEqualTo("?");
        assertThat(Format.time(t)).isEqualTo("unknown");
        assertThat(Format.shortTime(t)).isEqualTo("?");
        assertThat(Format.age(t, Instant.ofEpochSecond(1_795_000_000L))).isEqualTo("unknown");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_795_000_000L, Format.MAX_SECONDS})
    void possibleTimesAreShown(long t) {
        assertThat(Format.date(t)).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(Format.time(t)).endsWith(" UTC");
    }
}
