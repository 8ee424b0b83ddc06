package io.fede2e.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BuildStateTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Started STARTED = Started.of(START.getEpochSecond(), Map.of());

    @Nested
    class WithoutFinished {
        @Test
        void isRunningUntil24HoursAfterTheStart() {
            assertThat(BuildState.of(STARTED, null, START)).isEqualTo(BuildState.RUNNING);
            assertThat(BuildState.of(STARTED, null, START.plus(Duration.ofHours(23)))).isEqualTo(BuildState.RUNNING);
            assertThat(BuildState.of(STARTED, null, START.plus(Duration.ofHours(24)).minusSeconds(1)))
                    .isEqualTo(BuildState.RUNNING);
        }

        @Test
        void thenCountsAsAFailure() {
            assertThat(BuildState.of(STARTED, null, START.plus(Duration.ofHours(24)))).isEqualTo(BuildState.FAILURE);
            assertThat(BuildState.of(STARTED, null, START.plus(Duration.ofDays(30)))).isEqualTo(BuildState.FAILURE);
        }

        @Test
        void aStartInTheFutureIsRunning() {
            assertThat(BuildState.of(STARTED, null, START.minusSeconds(300))).isEqualTo(BuildState.RUNNING);
        }

        @Test
        void aStartWithoutTimestampIsLongOver() {
            Started noTime = Started.parse("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(BuildState.of(noTime, null, START)).isEqualTo(BuildState.FAILURE);
        }

        @Test
        void nothingAtAllIsUnknown() {
            assertThat(BuildState.of(null, null, START)).isEqualTo(BuildState.UNKNOWN);
            assertThat(BuildState.UNKNOWN.isFinal()).isFalse();
            assertThat(BuildState.RUNNING.isFinal()).isFalse();
        }
    }

    @Nested
    class WithFinished {
        @ParameterizedTest
        @EnumSource(Result.class)
        void theResultDecidesWhateverTheTime(Result result) {
            Finished f = Finished.of(START.getEpochSecond() + 60, result, Map.of());
            BuildState expected = BuildState.valueOf(result.name());
            assertThat(BuildState.of(STARTED, f, START)).isEqualTo(expected);
            assertThat(BuildState.of(STARTED, f, START.plus(Duration.ofDays(3)))).isEqualTo(expected);
            assertThat(BuildState.of(null, f, START)).as("finished without started").isEqualTo(expected);
            assertThat(expected.isFinal()).isTrue();
        }

        @Test
        void lowercaseAndOlderVariantsDecideToo() {
            assertThat(BuildState.of(STARTED, Finished.parse(Resources.bytes("finished/lowercase-aborted/finished.json")),
                    START)).isEqualTo(BuildState.ABORTED);
            assertThat(BuildState.of(STARTED, Finished.parse(Resources.bytes("finished/upload-to-gcs-2016/finished.json")),
                    START)).isEqualTo(BuildState.SUCCESS);
        }

        @Test
        void aFinishedThatSaysNothingIsAFailure() {
            Finished empty = Finished.parse(Resources.bytes("finished/unknown-result/finished.json"));
            assertThat(BuildState.of(STARTED, empty, START)).isEqualTo(BuildState.FAILURE);
        }
    }

    @Nested
    class FromWhatAReaderKept {
        @Test
        void aFinishedWithoutAReadableResultIsAFailure() {
            assertThat(BuildState.of(START.getEpochSecond(), true, null, START)).isEqualTo(BuildState.FAILURE);
            assertThat(BuildState.of(null, true, null, START)).isEqualTo(BuildState.FAILURE);
        }

        @Test
        void agreesWithTheFilesForm() {
            long t = START.getEpochSecond();
            assertThat(BuildState.of(t, false, null, START.plusSeconds(60))).isEqualTo(BuildState.RUNNING);
            assertThat(BuildState.of(t, false, null, START.plus(Duration.ofHours(24)))).isEqualTo(BuildState.FAILURE);
            assertThat(BuildState.of(null, false, null, START)).isEqualTo(BuildState.UNKNOWN);
            assertThat(BuildState.of(null, true, Result.ABORTED, START)).isEqualTo(BuildState.ABORTED);
            assertThat(BuildState.of(0L, false, null, START)).isEqualTo(BuildState.FAILURE);
        }

        @Test
        void anExtremeStartDoesNotOverflow() {
            assertThat(BuildState.of(Long.MIN_VALUE, false, null, START)).isEqualTo(BuildState.FAILURE);
            assertThat(BuildState.of(Long.MAX_VALUE, false, null, START)).isEqualTo(BuildState.RUNNING);
        }
    }
}
