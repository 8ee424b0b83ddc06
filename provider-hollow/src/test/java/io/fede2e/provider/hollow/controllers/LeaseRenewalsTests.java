package io.fede2e.provider.hollow.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.provider.hollow.controllers.fakes.ManualClock;
import io.fede2e.provider.hollow.controllers.fakes.SlowLeaseApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Lease renewal schedule against an API server whose writes take a set time, on a manual clock: the
 * test plays the timer (one {@link LeaseRenewals#tick()} per slice), so nothing here waits or depends on
 * the machine's speed.
 */
class LeaseRenewalsTests {

    /** A kubelet's defaults: renew every 10 s; the node controller gives up after 40 s. */
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(40);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

    /** Nodes {@code node-0}... on a schedule that writes through {@code api}. */
    private LeaseRenewals schedule(SlowLeaseApi api, int nodes) {
        LeaseRenewals renewals = new LeaseRenewals(clock, INTERVAL, GRACE, api);
        for (int i = 0; i < nodes; i++) {
            renewals.add("node-" + i);
        }
        return renewals;
    }

    /** Plays {@code duration} of the timer: each slice, the clock moves, due answers arrive, the slice renews. */
    private List<Integer> run(LeaseRenewals renewals, SlowLeaseApi api, Duration duration) {
        Duration slice = INTERVAL.dividedBy(renewals.sliceCount());
        List<Integer> startedPerTick = new ArrayList<>();
        for (long t = 0; t < duration.dividedBy(slice); t++) {
            clock.advance(slice);
            api.answerDue();
            int before = api.started();
            renewals.tick();
            startedPerTick.add(api.started() - before);
        }
        return startedPerTick;
    }

    @Nested
    class KeepingUp {

        @Test
        void twoThousandNodesWithOneSecondWritesAreAllRenewedEveryIntervalAndNoneLate() {
            // The density run's case: a loaded 2-core v1.20 apiserver answered a Lease write in about 1 s,
            // and 8 blocking writers renewed 8 a second where 2,000 nodes need 200.
            SlowLeaseApi api = new SlowLeaseApi(clock, Duration.ofSeconds(1));
            LeaseRenewals renewals = schedule(api, 2000);

            run(renewals, api, Duration.ofSeconds(120));

            for (int i = 0; i < 2000; i++) {
                assertThat(api.landings("node-" + i)).as("node-" + i).hasSizeGreaterThanOrEqualTo(11);
            }
            assertThat(api.longestGap()).isEqualTo(INTERVAL);
            assertThat(renewals.late()).isZero();
            assertThat(renewals.skipped()).isZero();
        }

        @Test
        void writesInFlightFollowTheLatencyTimesTheRateNotAFixedPool() {
            // Little's law: 2,000 nodes / 10 s = 200 writes a second; at 1 s each, 200 in flight; at 5 s, 1,000.
            SlowLeaseApi fast = new SlowLeaseApi(clock, Duration.ofSeconds(1));
            LeaseRenewals atOneSecond = schedule(fast, 2000);
            run(atOneSecond, fast, Duration.ofSeconds(60));

            SlowLeaseApi slow = new SlowLeaseApi(clock, Duration.ofSeconds(5));
            LeaseRenewals atFiveSeconds = schedule(slow, 2000);
            run(atFiveSeconds, slow, Duration.ofSeconds(60));

            assertThat(atOneSecond.maxInFlight()).isEqualTo(200);
            assertThat(atFiveSeconds.maxInFlight()).isEqualTo(1000);
            assertThat(atFiveSeconds.late()).isZero();
            assertThat(slow.longestGap()).isEqualTo(INTERVAL);
            assertThat(atFiveSeconds.maxLatency()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void renewalsAreSpreadOverTheIntervalNeverBunched() {
            SlowLeaseApi api = new SlowLeaseApi(clock, Duration.ofMillis(300));
            LeaseRenewals renewals = schedule(api, 2000);

            List<Integer> perTick = run(renewals, api, Duration.ofSeconds(30));

            // 100 slices of 100 ms: each node renews in its own slice, 20 of them every 100 ms.
            assertThat(renewals.sliceCount()).isEqualTo(LeaseRenewals.MAX_SLICES);
            assertThat(perTick).hasSize(300).containsOnly(20);
        }

        @Test
        void aShortIntervalIsCutIntoSlicesOfAtLeastTenMilliseconds() {
            LeaseRenewals renewals = new LeaseRenewals(clock, Duration.ofMillis(500), GRACE, new SlowLeaseApi(clock,
                    Duration.ZERO));

            assertThat(renewals.sliceCount()).isEqualTo(50);
        }
    }

    @Nested
    class WhenTheApiServerLags {

        @Test
        void writesSlowerThanTheGraceAreCountedLateAndNeverPileUpPerNode() {
            SlowLeaseApi api = new SlowLeaseApi(clock, Duration.ofSeconds(50));
            LeaseRenewals renewals = schedule(api, 100);

            run(renewals, api, Duration.ofSeconds(200));

            // A node whose renewal has not been answered skips its turn: at most one write each, at most N.
            assertThat(api.mostPendingForOneNode()).isEqualTo(1);
            assertThat(renewals.maxInFlight()).isEqualTo(100);
            assertThat(renewals.skipped()).isPositive();
            assertThat(renewals.late()).isPositive();
            assertThat(api.longestGap()).isGreaterThan(GRACE);
        }

        @Test
        void aFailedWriteIsTriedAgainInTheNodesNextTurnAndCountsNothing() {
            SlowLeaseApi api = new SlowLeaseApi(clock, Duration.ofMillis(200));
            LeaseRenewals renewals = schedule(api, 10);
            run(renewals, api, Duration.ofSeconds(20));
            api.failNext("node-3", 2);

            run(renewals, api, Duration.ofSeconds(60));

            // Two failed turns: the node's renewals land 30 s apart once, still inside the grace.
            assertThat(api.landings("node-3")).hasSize(6);
            assertThat(api.longestGap()).isEqualTo(Duration.ofSeconds(30));
            assertThat(renewals.late()).isZero();
        }

        @Test
        void aNodeWhoseWritesFailedForLongerThanTheGraceIsCountedLateOnce() {
            SlowLeaseApi api = new SlowLeaseApi(clock, Duration.ofMillis(200));
            LeaseRenewals renewals = schedule(api, 10);
            run(renewals, api, Duration.ofSeconds(20));
            api.failNext("node-3", 4);

            run(renewals, api, Duration.ofSeconds(60));

            assertThat(api.longestGap()).isEqualTo(Duration.ofSeconds(50));
            assertThat(renewals.late()).isEqualTo(1);
        }

        @Test
        void aWriteThatThrowsSparesTheOtherNodesAndTheNodesNextTurn() {
            SlowLeaseApi api = new SlowLeaseApi(clock, Duration.ofMillis(200));
            api.throwFor("node-0");
            LeaseRenewals renewals = schedule(api, 5);

            run(renewals, api, Duration.ofSeconds(30));
            assertThat(api.landings("node-0")).isEmpty();
            api.stopThrowing("node-0");
            run(renewals, api, Duration.ofSeconds(30));

            assertThat(api.landings("node-0")).hasSize(3);
            for (int i = 1; i < 5; i++) {
                assertThat(api.landings("node-" + i)).as("node-" + i).hasSize(6);
            }
        }

        @Test
        void aNodeThatIsGoneIsNotCountedAsRenewedNorLate() {
            LeaseRenewals renewals = new LeaseRenewals(clock, INTERVAL, GRACE,
                    node -> java.util.concurrent.CompletableFuture.completedFuture(false));
            renewals.add("gone");
            for (int i = 0; i < 1000; i++) {
                clock.advance(Duration.ofMillis(100));
                renewals.tick();
            }

            assertThat(renewals.late()).isZero();
            assertThat(renewals.maxInFlight()).isEqualTo(1);
        }
    }

    @Test
    void closedScheduleStartsNoMoreWrites() {
        SlowLeaseApi api = new SlowLeaseApi(clock, Duration.ZERO);
        LeaseRenewals renewals = schedule(api, 100);
        renewals.close();

        run(renewals, api, Duration.ofSeconds(20));

        assertThat(api.started()).isZero();
    }
}
