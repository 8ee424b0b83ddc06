package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitsTests {

    /** A clock that only moves when the waits sleep. */
    static final class SteppingClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    final SteppingClock clock = new SteppingClock();
    final Waits waits = new Waits(null, "ns", clock, clock::sleep);

    @Test
    void returnsTheFirstAcceptedValue() {
        AtomicInteger polls = new AtomicInteger();

        int value = waits.until("counter below 3", Duration.ofSeconds(10), polls::incrementAndGet, v -> v >= 3,
                v -> "value " + v);

        assertThat(value).isEqualTo(3);
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void backsOffUpToOneSecondAndStopsAtTheDeadline() {
        assertThatThrownBy(() -> waits.until("never", Duration.ofSeconds(3), () -> 1, v -> false, v -> "value " + v))
                .isInstanceOf(WaitTimeoutException.class);

        assertThat(clock.sleeps).startsWith(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(clock.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aTimeoutReportsTheLastObservedState() {
        AtomicInteger polls = new AtomicInteger();

        assertThatThrownBy(() -> waits.until("pod web not Running", Duration.ofSeconds(30), polls::incrementAndGet,
                v -> false, v -> "phase Pending (poll " + v + ")"))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("pod web not Running after 30s; last phase Pending (poll "
                            + polls.get() + ")");
                    assertThat(e.lastObserved()).isEqualTo("phase Pending (poll " + polls.get() + ")");
                });
    }

    @Test
    void apiErrorsAreObservationsNotFailures() {
        AtomicInteger polls = new AtomicInteger();

        String value = waits.until("object not readable", Duration.ofSeconds(30), () -> {
            if (polls.incrementAndGet() < 3) {
                throw new KubernetesClientException("etcdserver: leader changed", 500, null);
            }
            return "ok";
        }, "ok"::equals, v -> v);

        assertThat(value).isEqualTo("ok");
    }

    @Test
    void aPersistentApiErrorIsTheLastObservedState() {
        assertThatThrownBy(() -> waits.until("pod x not found", Duration.ofSeconds(1), () -> {
            throw new KubernetesClientException("forbidden: user cannot get pods", 403, null);
        }, v -> true, v -> "x"))
                .hasMessage("pod x not found after 1s; last error 403: forbidden: user cannot get pods");
    }

    @Test
    void nullIsAnObservationToo() {
        Object value = waits.<Object>until("object still present", Duration.ofSeconds(1), () -> null, v -> v == null,
                v -> "present");

        assertThat(value).isNull();
    }

    @Test
    void durationsReadLikeKubectl() {
        assertThat(Describe.duration(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(Describe.duration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Describe.duration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Describe.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Describe.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
