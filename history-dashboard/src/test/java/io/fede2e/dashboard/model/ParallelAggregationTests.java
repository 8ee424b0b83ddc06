package io.fede2e.dashboard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.dashboard.SourceConfig;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobBuilds;
import io.fede2e.dashboard.read.Outcome;
import io.fede2e.dashboard.read.TestResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The aggregator on a pool gives the model it gives on one thread, and the orders it now reaches
 * through ranks of names are the orders its public comparators define.
 */
class ParallelAggregationTests {

    static final long NOW = 1_795_000_000L;

    /** Names whose order by {@link String#compareTo} is not their order by letters alone. */
    static final List<String> NAMES = List.of("[sig-apps] Deployment should roll", "[sig-apps] Deployment should Roll",
            "[sig-apps] Deployment", "[sig-apps] Deployment should roll back [Conformance]", "Zeta", "alpha",
            "[sig-node] Pods should run \u00e9t\u00e9", "[sig-node] Pods should run \u4e2d",
            "[sig-node] Pods should run e",
            "[sig-storage] CSI [Feature:X] mounts", "[sig-storage] CSI [Slow] mounts", "b", "B", "a b", "a  b");

    ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    static final SourceConfig AZURE = new SourceConfig("gs://a", "azure:", "", true, List.of(), "azure", 14);
    static final SourceConfig GKE = new SourceConfig("gs://g", "gke:", "", true, List.of(), "gke", 14);
    // sorts first by name ("a-...") but last by provider: FLAKY_ORDER and JOB_ORDER disagree on it
    static final SourceConfig ZONE = new SourceConfig("gs://z", "a-zone:", "", true, List.of(), "zone", 14);
    static final List<SourceConfig> SOURCES = List.of(AZURE, GKE, ZONE);

    /**
     * A federation of 9 jobs of 12 builds each with seeded outcomes: failures with two texts (two
     * clusters), flakes, skips with and without reasons, metrics, tests missing from some builds,
     * and names given as other String instances in each build, in shuffled order in some.
     */
    static List<JobBuilds> federation(long seed) {
        Random random = new Random(seed);
        List<JobBuilds> jobs = new ArrayList<>();
        for (int source = 0; source < SOURCES.size(); source++) {
            for (int j = 0; j < 3; j++) {
                List<BuildRecord> builds = new ArrayList<>();
                for (int b = 12; b >= 1; b--) {
                    List<TestResult> results = new ArrayList<>();
                    for (String name : NAMES) {
                        if (random.nextInt(10) == 0) {
                            continue;
                        }
                        int roll = random.nextInt(20);
                        Outcome o = roll < 3 ? Outcome.FAIL : roll < 5 ? Outcome.FLAKY : roll < 9 ? Outcome.SKIP
                                : Outcome.PASS;
                        String message = o.failedOnce() ? (roll == 0 ? "timed out after 5m" : "pod p-" + b
                                + " failed to reach 10.0.0." + j + ":80") : o == Outcome.SKIP && roll < 8
                                ? "requires capability c" + roll : "";
                        Map<String, Double> metrics = roll == 10 ? Map.of("seconds", (double) b) : Map.of();
                        results.add(new TestResult(new String(name), o, random.nextInt(100) / 4f, message, "", "",
                                metrics));
                    }
                    if (b % 3 != 0) {
                        results.sort(Comparator.comparing(TestResult::name));
                    }
                    long start = NOW - 3600L * (13 - b) * 2 - j * 60L;
                    builds.add(new BuildRecord("gs://x", "job-" + j, b, 1, start, start + 600,
                            random.nextInt(4) == 0 ? "FAILURE" : "SUCCESS", "v1", "", List.of(), results, List.of(),
                            "", List.of()));
                }
                jobs.add(new JobBuilds(source, "job-" + j, builds));
            }
        }
        return jobs;
    }

    Site serial(List<JobBuilds> jobs) {
        return new Aggregator(SOURCES, Instant.ofEpochSecond(NOW)).aggregate("t", jobs);
    }

    Site parallel(List<JobBuilds> jobs) {
        return new Aggregator(SOURCES, Instant.ofEpochSecond(NOW)).aggregate("t", jobs, pool);
    }

    @Nested
    class Determinism {

        @Test
        void aPoolGivesTheModelOneThreadGives() {
            for (long seed = 1; seed <= 5; seed++) {
                List<JobBuilds> jobs = federation(seed);
                Site one = serial(jobs);
                Site many = parallel(jobs);
                assertThat(many).usingRecursiveComparison().isEqualTo(one);
                // the seeds reach every part of the model
                assertThat(one.flaky()).isNotEmpty();
                assertThat(one.clusters()).hasSize(2);
                assertThat(one.metrics()).isNotEmpty();
                assertThat(one.tests()).hasSize(NAMES.size());
            }
        }

        @Test
        void theJobsOrderDoesNotDependOnTheInputsOrder() {
            List<JobBuilds> jobs = federation(7);
            List<JobBuilds> reversed = new ArrayList<>(jobs);
            java.util.Collections.reverse(reversed);
            assertThat(parallel(reversed)).usingRecursiveComparison().isEqualTo(serial(jobs));
        }

        @Test
        void aJobThatCannotBeAggregatedFailsTheWholeModelWithItsOwnError() {
            List<JobBuilds> jobs = new ArrayList<>(federation(3));
            jobs.add(new JobBuilds(0, "job-1", List.of()));
            assertThatThrownBy(() -> parallel(jobs)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("two jobs share the page " + Names.slug("azure:job-1", 50));
            assertThatThrownBy(() -> serial(jobs)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("two jobs share the page " + Names.slug("azure:job-1", 50));
        }
    }

    @Nested
    class Orders {

        Site site;

        @BeforeEach
        void aggregate() {
            site = parallel(federation(11));
        }

        @Test
        void eachJobsRowsAreInRowOrderWithNamesComparedAsStrings() {
            for (Job job : site.jobs()) {
                assertThat(job.rows()).isSortedAccordingTo(Aggregator.ROW_ORDER);
                assertThat(job.rows()).extracting(r -> r.test().name()).doesNotHaveDuplicates();
            }
        }

        @Test
        void theMatrixIsInMatrixOrder() {
            assertThat(site.tests()).isSortedAccordingTo(Aggregator.MATRIX_ORDER);
            assertThat(site.tests()).extracting(t -> t.test().name()).containsExactlyInAnyOrderElementsOf(NAMES);
        }

        @Test
        void theFlakyListBreaksTiesByTestThenJobNameNotByProvider() {
            assertThat(site.flaky()).isSortedAccordingTo(Aggregator.FLAKY_ORDER);
            assertThat(site.jobs()).extracting(Job::name).first().isEqualTo("azure:job-0");
            assertThat(site.flaky()).extracting(f -> f.job().name()).contains("a-zone:job-0");
        }

        @Test
        void aClustersTestsAreByNameAndItsHitsNewestFirst() {
            for (Cluster c : site.clusters()) {
                assertThat(c.tests()).extracting(TestInfo::name).isSortedAccordingTo(Comparator.naturalOrder())
                        .doesNotHaveDuplicates();
                assertThat(c.hits()).hasSize(Math.min(Aggregator.HITS_PER_CLUSTER, c.count()))
                        .isSortedAccordingTo(Comparator.comparingLong(Cluster.Hit::startedAt).reversed()
                                .thenComparing(Cluster.Hit::job)
                                .thenComparing(Comparator.comparingLong(Cluster.Hit::build).reversed())
                                .thenComparing(h -> h.test().name()));
                assertThat(c.jobs()).isSortedAccordingTo(Comparator.naturalOrder());
            }
            assertThat(site.clusters()).isSortedAccordingTo(Aggregator.CLUSTER_ORDER);
        }
    }

    @Nested
    class FailingStatus {

        static BuildRecord build(long id, long hoursAgo, String... tests) {
            return AggregatorTests.build(id, hoursAgo, "FAILURE", tests);
        }

        Job job(BuildRecord... newestFirst) {
            return new Aggregator(List.of(SourceConfig.of("gs://b")), Instant.ofEpochSecond(NOW))
                    .aggregate("t", List.of(new JobBuilds(0, "job", List.of(newestFirst))), pool).jobs().get(0);
        }

        @Test
        void aTestThatRanOnceAndFailedIsFailingInItsLastRun() {
            Job j = job(build(3, 1, "a=FAIL", "b=PASS", "c=PASS"), build(2, 2, "a=SKIP", "b=PASS", "c=PASS"),
                    build(1, 3, "b=PASS", "c=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.FAILING);
            assertThat(j.statusReason()).isEqualTo("a failed in its last 1 run");
        }

        @Test
        void twoFailuresAfterAPassAreFlakyNotFailing() {
            Job j = job(build(3, 1, "a=FAIL", "b=PASS", "c=PASS"), build(2, 2, "a=FAIL", "b=PASS", "c=PASS"),
                    build(1, 3, "a=PASS", "b=PASS", "c=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.FLAKY);
        }

        @Test
        void skipsBetweenFailuresDoNotBreakTheStreakAndTheMostFailingTestIsNamed() {
            // two of five fail in each build: under the share that makes a build BROKEN
            Job j = job(build(5, 1, "a=FAIL", "b=FAIL", "c=PASS", "d=PASS", "e=PASS"),
                    build(4, 2, "a=SKIP", "b=FAIL", "c=PASS", "d=PASS", "e=PASS"),
                    build(3, 3, "a=FAIL", "b=FAIL", "c=PASS", "d=PASS", "e=PASS"),
                    build(2, 4, "a=FAIL", "b=FAIL", "c=PASS", "d=PASS", "e=PASS"),
                    build(1, 5, "a=PASS", "b=PASS", "c=PASS", "d=PASS", "e=PASS"));
            assertThat(j.status()).isEqualTo(TabStatus.FAILING);
            assertThat(j.statusReason()).isEqualTo("b failed in its last 3 runs");
            assertThat(j.rows()).extracting(r -> r.test().name()).startsWith("b", "a");
            assertThat(j.failingTests()).isEqualTo(2);
        }
    }
}
