package io.fede2e.dashboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.SourceConfig;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobBuilds;
import io.fede2e.dashboard.read.Outcome;
import io.fede2e.dashboard.read.TestResult;
import io.fede2e.layout.BuildState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AggregatorTests {

    static final long NOW = 1_795_000_000L;

    /** A finished build {@code hoursAgo} old with tests given as "name=OUTCOME", or "name=SKIP:reason". */
    static BuildRecord build(long id, long hoursAgo, String result, String... tests) {
        List<TestResult> results = new ArrayList<>();
        for (String t : tests) {
            String[] p = t.split("=");
            String[] outcome = p[1].split(":", 2);
            Outcome o = Outcome.valueOf(outcome[0]);
            String message = o.failedOnce() ? "boom at 10.0.0." + id : outcome.length > 1 ? outcome[1] : "";
            results.add(new TestResult(p[0], o, 1f, message, "", "", Map.of()));
        }
        results.sort(java.util.Comparator.comparing(TestResult::name));
        long start = NOW - hoursAgo * 3600;
        return new BuildRecord("gs://b", "job", id, 1, start, start + 600, result, "v1", "", List.of(), results,
                List.of(), "", List.of());
    }

    static Site site(SourceConfig source, BuildRecord... newestFirst) {
        return new Aggregator(List.of(source), Instant.ofEpochSecond(NOW))
                .aggregate("t", List.of(new JobBuilds(0, "job", List.of(newestFirst))));
    }

    static Job job(BuildRecord... newestFirst) {
        return site(SourceConfig.of("gs://b"), newestFirst).jobs().get(0);
    }

    @Nested
    class Status {

        @Test
        void passingWhenRecentBuildsHaveNoFailure() {
            Job j = job(build(3, 1, "SUCCESS", "a=PASS", "b=PASS"), build(2, 5, "SUCCESS", "a=PASS", "b=SKIP"));
            assertThat(j.status()).isEqualTo(TabStatus.PASSING);
        }

        @Test
        void failingWhenATestFailedInItsLastThreeRuns() {
            Job j = job(build(4, 1, "FAILURE", "a=FAIL", "b=PASS", "c=PASS"),
                    build(3, 2, "FAILURE", "a=FAIL", "b=PASS", "c=PASS"),
                    build(2, 3, "FAILURE", "a=FAIL", "b=PASS", "c=PASS"),
                    build(1, 4, "SUCCESS", "a=PASS", "b=PASS", "c=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.FAILING);
            assertThat(j.statusReason()).isEqualTo("a failed in its last 3 runs");
            assertThat(j.failingTests()).isEqualTo(1);
        }

        @Test
        void flakyWhenFailuresAreNotConsistent() {
            Job j = job(build(4, 1, "SUCCESS", "a=PASS", "b=PASS", "c=PASS"),
                    build(3, 2, "FAILURE", "a=FAIL", "b=PASS", "c=PASS"),
                    build(2, 3, "SUCCESS", "a=FLAKY", "b=PASS", "c=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.FLAKY);
        }

        @Test
        void brokenWhenHalfTheTestsOfTheNewestBuildFailed() {
            Job j = job(build(2, 1, "FAILURE", "a=FAIL", "b=FAIL", "c=PASS"), build(1, 2, "SUCCESS", "a=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.BROKEN);
            assertThat(j.statusReason()).isEqualTo("build 2 failed 2 of 3 tests");
        }

        @Test
        void brokenWhenTheNewestBuildFailedWithoutResults() {
            Job j = job(build(2, 1, "FAILURE"), build(1, 2, "SUCCESS", "a=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.BROKEN);
        }

        @Test
        void staleWhenTheNewestBuildIsOld() {
            Job j = job(build(1, Aggregator.STALE_HOURS + 1, "SUCCESS", "a=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.STALE);
        }

        @Test
        void staleWhenTheWindowHasNoBuild() {
            Job j = job();
            assertThat(j.status()).isEqualTo(TabStatus.STALE);
            assertThat(j.passRate()).isEqualTo(-1);
        }

        @Test
        void aRunningNewestBuildIsJudgedByTheOneBefore() {
            BuildRecord running = new BuildRecord("gs://b", "job", 3, 0, NOW - 600, -1, "", "", "", List.of(),
                    List.of(), List.of(), "", List.of());
            Job j = job(running, build(2, 2, "SUCCESS", "a=PASS"));
            assertThat(j.buildStates()).containsExactly(BuildState.RUNNING, BuildState.SUCCESS);
            assertThat(j.overall()).containsExactly(CellState.RUNNING, CellState.PASS);
            assertThat(j.rows().get(0).cell(0)).isEqualTo(CellState.RUNNING);
            assertThat(j.status()).isEqualTo(TabStatus.PASSING);
        }
    }

    @Nested
    class Grid {

        @Test
        void cellsAreNewestFirstWithNoResultWhereATestDidNotRun() {
            Job j = job(build(2, 1, "SUCCESS", "a=PASS"), build(1, 2, "FAILURE", "a=FAIL", "b=SKIP"));
            GridRow a = j.rows().stream().filter(r -> r.test().name().equals("a")).findFirst().orElseThrow();
            GridRow b = j.rows().stream().filter(r -> r.test().name().equals("b")).findFirst().orElseThrow();
            assertThat(a.cell(0)).isEqualTo(CellState.PASS);
            assertThat(a.cell(1)).isEqualTo(CellState.FAIL);
            assertThat(b.cell(0)).isEqualTo(CellState.NO_RESULT);
            assertThat(b.cell(1)).isEqualTo(CellState.SKIP);
            assertThat(j.overall()).containsExactly(CellState.PASS, CellState.FAIL);
            // the failing test sorts first
            assertThat(j.rows().get(0).test().name()).isEqualTo("a");
        }

        @Test
        void aRowHoldsOneDurationPerRunNewestFirstAndAResultOnlyWhereItFailed() {
            // oldest to newest: a PASS 1 s, a SKIP, a FAIL 3 s, no result, a PASS 5 s; b passes once
            BuildRecord b1 = timed(1, 5, "a=PASS=1", "b=PASS=7");
            BuildRecord b2 = timed(2, 4, "a=SKIP=0");
            BuildRecord b3 = timed(3, 3, "a=FAIL=3");
            BuildRecord b4 = timed(4, 2);
            BuildRecord b5 = timed(5, 1, "a=PASS=5");
            Job j = job(b5, b4, b3, b2, b1);
            GridRow a = j.rows().stream().filter(r -> r.test().name().equals("a")).findFirst().orElseThrow();
            GridRow b = j.rows().stream().filter(r -> r.test().name().equals("b")).findFirst().orElseThrow();

            assertThat(a.runSeconds()).containsExactly(5f, 3f, 1f);
            assertThat(a.result(2).message()).isEqualTo("boom");
            assertThat(a.result(0)).isNull();
            assertThat(b.runSeconds()).containsExactly(7f);
            // a row that never failed holds no result array at all
            assertThat(b.results()).isNull();
            assertThat(b.result(4)).isNull();
        }

        /** A finished build with tests as "name=OUTCOME=seconds". */
        private static BuildRecord timed(long id, long hoursAgo, String... tests) {
            List<TestResult> results = new ArrayList<>();
            for (String t : tests) {
                String[] p = t.split("=");
                Outcome o = Outcome.valueOf(p[1]);
                results.add(new TestResult(p[0], o, Float.parseFloat(p[2]), o.failedOnce() ? "boom" : "", "", "",
                        Map.of()));
            }
            long start = NOW - hoursAgo * 3600;
            return new BuildRecord("gs://b", "job", id, 1, start, start + 600, "SUCCESS", "v1", "", List.of(),
                    results, List.of(), "", List.of());
        }

        @Test
        void flakinessCountsFlipsBetweenConsecutiveRuns() {
            // oldest to newest: P F P P F, and a skip that is ignored: 3 flips in 5 runs
            Job j = job(build(6, 1, "FAILURE", "a=FAIL"), build(5, 2, "SUCCESS", "a=SKIP"),
                    build(4, 3, "SUCCESS", "a=PASS"), build(3, 4, "SUCCESS", "a=PASS"),
                    build(2, 5, "FAILURE", "a=FAIL"), build(1, 6, "SUCCESS", "a=PASS"));
            GridRow a = j.rows().get(0);
            assertThat(a.runs()).isEqualTo(5);
            assertThat(a.flips()).isEqualTo(3);
            assertThat(a.flakiness()).isEqualTo(60.0);
        }

        @Test
        void aConsistentlyFailingTestIsNotFlaky() {
            Job j = job(build(3, 1, "FAILURE", "a=FAIL"), build(2, 2, "FAILURE", "a=FAIL"),
                    build(1, 3, "FAILURE", "a=FAIL"));
            assertThat(j.rows().get(0).flakiness()).isZero();
        }
    }

    @Nested
    class Federation {

        @Test
        void marksATestThatFailsOnOneProviderAndPassesOnAnother() {
            SourceConfig azure = new SourceConfig("gs://a", "azure:", "", true, List.of(), "azure", 14);
            SourceConfig gke = new SourceConfig("gs://g", "gke:", "", true, List.of(), "gke", 14);
            Site s = new Aggregator(List.of(azure, gke), Instant.ofEpochSecond(NOW)).aggregate("t", List.of(
                    new JobBuilds(0, "job", List.of(build(2, 1, "FAILURE", "x=FAIL", "y=PASS"))),
                    new JobBuilds(1, "job", List.of(build(2, 1, "SUCCESS", "x=PASS", "y=PASS")))));

            assertThat(s.providers()).containsExactly("azure", "gke");
            assertThat(s.jobs()).extracting(Job::name).containsExactly("azure:job", "gke:job");
            TestSummary x = s.tests().get(0);
            assertThat(x.test().name()).isEqualTo("x");
            assertThat(x.failsOnlyOn()).containsExactly("azure");
            assertThat(x.cells()).extracting(ProviderCell::latest).containsExactly(CellState.FAIL, CellState.PASS);
            assertThat(s.tests().get(1).failsOnlyOn()).isEmpty();
        }

        @Test
        void clustersNormalizedFailuresAcrossJobsAndProviders() {
            SourceConfig azure = new SourceConfig("gs://a", "azure:", "", true, List.of(), "azure", 14);
            SourceConfig gke = new SourceConfig("gs://g", "gke:", "", true, List.of(), "gke", 14);
            Site s = new Aggregator(List.of(azure, gke), Instant.ofEpochSecond(NOW)).aggregate("t", List.of(
                    new JobBuilds(0, "job", List.of(build(2, 1, "FAILURE", "x=FAIL"), build(1, 3, "FAILURE", "x=FAIL"))),
                    new JobBuilds(1, "job", List.of(build(7, 2, "FAILURE", "y=FAIL")))));

            assertThat(s.clusters()).hasSize(1);
            Cluster c = s.clusters().get(0);
            assertThat(c.normalized()).isEqualTo("boom at <IP>");
            assertThat(c.count()).isEqualTo(3);
            assertThat(c.providers()).containsExactly("azure", "gke");
            assertThat(c.tests()).extracting(TestInfo::name).containsExactly("x", "y");
            assertThat(c.firstSeen()).isEqualTo(NOW - 3 * 3600);
            assertThat(c.lastSeen()).isEqualTo(NOW - 3600);
            assertThat(c.hits()).extracting(Cluster.Hit::build).containsExactly(2L, 7L, 1L);
        }
    }

    @Nested
    class Skips {

        final SourceConfig hollow = new SourceConfig("gs://h", "hollow:", "", true, List.of(), "hollow", 14);
        final SourceConfig kind = new SourceConfig("gs://k", "kind:", "", true, List.of(), "kind", 14);

        Site federation(List<BuildRecord> onHollow, List<BuildRecord> onKind) {
            return new Aggregator(List.of(hollow, kind), Instant.ofEpochSecond(NOW)).aggregate("t", List.of(
                    new JobBuilds(0, "job", onHollow), new JobBuilds(1, "job", onKind)));
        }

        ProviderCell cell(Site s, String test, String provider) {
            TestSummary t = s.tests().stream().filter(x -> x.test().name().equals(test)).findFirst().orElseThrow();
            return t.cells().get(s.providers().indexOf(provider));
        }

        @Test
        void aSkipIsItsOwnStateWithTheNewestReasonNotNoResult() {
            Site s = federation(
                    List.of(build(3, 1, "SUCCESS", "lb=SKIP:requires capability load-balancer", "dns=PASS"),
                            build(2, 2, "SUCCESS", "lb=SKIP:requires capability container-runtime", "dns=PASS")),
                    List.of(build(9, 1, "SUCCESS", "lb=PASS")));

            ProviderCell skipped = cell(s, "lb", "hollow");
            assertThat(skipped.latest()).isEqualTo(CellState.SKIP);
            assertThat(skipped.skipReason()).isEqualTo("requires capability load-balancer");
            assertThat(skipped.skips()).isEqualTo(2);
            assertThat(skipped.runs()).isZero();
            assertThat(skipped.passRate()).isEqualTo(-1);
            // dns is not in kind's suite at all: that stays NO_RESULT
            assertThat(cell(s, "dns", "kind").latest()).isEqualTo(CellState.NO_RESULT);
            assertThat(cell(s, "dns", "kind").skips()).isZero();
            assertThat(s.skippedPerProvider()).containsExactly(1, 0);
        }

        @Test
        void aRunNewerThanTheSkipIsTheNewestResultAndKeepsTheSkipCounted() {
            Site s = federation(
                    List.of(build(3, 1, "SUCCESS", "lb=PASS"), build(2, 2, "SUCCESS", "lb=SKIP:no load balancer")),
                    List.of(build(9, 1, "SUCCESS", "lb=PASS")));

            ProviderCell c = cell(s, "lb", "hollow");
            assertThat(c.latest()).isEqualTo(CellState.PASS);
            assertThat(c.skipReason()).isEmpty();
            assertThat(c.skips()).isEqualTo(1);
            assertThat(c.runs()).isEqualTo(1);
            assertThat(s.skippedPerProvider()).containsExactly(0, 0);
        }

        @Test
        void theGridRowKeepsEachBuildsReasonAndNoneWhereItRan() {
            Job j = job(build(3, 1, "SUCCESS", "lb=SKIP:reason three"), build(2, 2, "SUCCESS", "lb=PASS"),
                    build(1, 3, "SUCCESS", "lb=SKIP"));

            GridRow r = j.rows().get(0);
            assertThat(r.skipReason(0)).isEqualTo("reason three");
            assertThat(r.skipReason(1)).isEmpty();
            assertThat(r.skipReason(2)).as("skipped without a reason").isEmpty();
            assertThat(r.skips()).isEqualTo(2);
            assertThat(job(build(1, 1, "SUCCESS", "a=PASS")).rows().get(0).skipReasons())
                    .as("a row without skips holds no reasons array").isNull();
        }
    }
}
