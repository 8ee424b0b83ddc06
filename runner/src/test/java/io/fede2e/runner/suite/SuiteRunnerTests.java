package io.fede2e.runner.suite;

import io.fede2e.redact.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTests {

    private static final String BASIC = "io.fede2e.fixtures.runner.basic";
    private static final String FLAKY = "io.fede2e.fixtures.runner.flaky";
    private static final String SLOW = "io.fede2e.fixtures.runner.slow";
    private static final String DYNAMIC = "io.fede2e.fixtures.runner.dynamicflaky";

    @TempDir
    Path dir;

    private SuiteConfig config(String pkg, Selection selection, int parallel, int attempts, Duration testTimeout) {
        return new SuiteConfig(List.of(pkg), List.of(), selection, parallel, attempts, testTimeout, null,
                Map.of("fixture.dir", dir.toString()));
    }

    private List<String> names(Selection selection) {
        return new SuiteRunner(config(BASIC, selection, 1, 1, null), Redactor.patternsOnly()).list().stream()
                .map(SelectedTest::name).toList();
    }

    private static Selection select(List<String> focus, List<String> skip, String label, Mode mode, Shard shard) {
        return new Selection(Selection.compile("--focus", focus), Selection.compile("--skip", skip),
                Optional.ofNullable(label), Optional.ofNullable(mode), shard);
    }

    @Nested
    class Selecting {
        @Test
        void namesFollowKubernetesWithTagsAppended() {
            assertThat(names(Selection.ALL)).contains("[sig-fixture] Basic should pass [Conformance]",
                    "[sig-fixture] Basic should run alone [Conformance] [Serial]", "[sig-fixture] Basic should fail");
        }

        @Test
        void testsWithoutDisplayNamesKeepTheirClassSoNamesStayUnique() {
            List<String> plain = new SuiteRunner(config("io.fede2e.fixtures.runner.plain", Selection.ALL, 1, 1, null),
                    Redactor.patternsOnly()).list().stream().map(SelectedTest::name).toList();
            assertThat(plain).containsExactly("PlainOneFixture same()", "PlainTwoFixture same()");
        }

        @Test
        void focusMatchesAnyRegexAndSkipRemoves() {
            assertThat(names(select(List.of("should pass$", "\\[Serial\\]"), List.of(), null, null, Shard.ALL)))
                    .containsExactly("[sig-fixture] Basic should run alone [Conformance] [Serial]");
            assertThat(names(select(List.of("should pass"), List.of("Slow"), null, null, Shard.ALL)))
                    .containsExactly("[sig-fixture] Basic should pass [Conformance]");
        }

        @Test
        void labelFilterIsAJUnitTagExpression() {
            assertThat(names(select(List.of(), List.of(), "Conformance & !Slow & !Serial", null, Shard.ALL)))
                    .containsExactly("[sig-fixture] Basic should pass [Conformance]");
        }

        @Test
        void modesAreSonobuoys() {
            assertThat(names(select(List.of(), List.of(), null, Mode.CONFORMANCE, Shard.ALL))).hasSize(3);
            assertThat(names(select(List.of(), List.of(), null, Mode.NON_DISRUPTIVE, Shard.ALL))).hasSize(3)
                    .noneMatch(n -> n.contains("Disruptive"));
            assertThat(names(select(List.of(), List.of(), null, Mode.QUICK, Shard.ALL)))
                    .containsExactly("[sig-fixture] Basic should pass [Conformance]");
        }

        @Test
        void shardsCoverEverySelectedTestExactlyOnce() {
            List<String> all = names(Selection.ALL);
            for (int n : new int[] {2, 3, 5}) {
                List<String> union = new ArrayList<>();
                for (int k = 1; k <= n; k++) {
                    union.addAll(names(select(List.of(), List.of(), null, null, new Shard(k, n))));
                }
                assertThat(union).as("%d shards", n).hasSameSizeAs(all).containsExactlyInAnyOrderElementsOf(all);
            }
        }

        @Test
        void shardOfOtherNamesIsDeterministic() {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                String name = "[sig-x] test " + i;
                int owners = 0;
                for (int k = 1; k <= 4; k++) {
                    if (new Shard(k, 4).contains(name)) {
                        owners++;
                        seen.add(k);
                    }
                }
                assertThat(owners).isEqualTo(1);
            }
            assertThat(seen).containsExactlyInAnyOrder(1, 2, 3, 4);
        }

        @Test
        void badRegexAndBadShardAreClearErrors() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Selection.compile("--focus", List.of("[oops")))
                    .hasMessageContaining("--focus '[oops' is not a valid regular expression");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Shard.parse("3/2"))
                    .hasMessageContaining("use K/N");
        }
    }

    @Nested
    class Running {
        @Test
        void reportsOutcomesOutputAndMetrics() {
            SuiteResult r = new SuiteRunner(config(BASIC, Selection.ALL, 1, 1, null), Redactor.patternsOnly())
                    .run(ProgressSink.none(), new SuiteControl());
            Map<String, TestCase> byName = r.finalResults();
            TestCase pass = byName.get("[sig-fixture] Basic should pass [Conformance]");
            assertThat(pass.status()).isEqualTo(TestStatus.PASSED);
            assertThat(pass.systemOut()).contains("hello from the passing test");
            assertThat(pass.metrics()).containsEntry("pod_startup_p99_seconds", 1.25);
            assertThat(pass.className()).isEqualTo("io.fede2e.fixtures.runner.basic.BasicFixture");
            TestCase fail = byName.get("[sig-fixture] Basic should fail");
            assertThat(fail.status()).isEqualTo(TestStatus.FAILED);
            assertThat(fail.message() + fail.details() + fail.systemOut()).doesNotContain("pw12345678", "sekretTOKEN12345");
            assertThat(byName.get("[sig-fixture] Basic should be skipped without dns").message())
                    .isEqualTo("needs capability dns");
            assertThat(r.failed()).containsExactly("[sig-fixture] Basic should fail");
        }

        @Test
        void serialAndDisruptiveTestsRunAloneAfterTheParallelOnes() {
            SuiteResult r = new SuiteRunner(config(BASIC, Selection.ALL, 4, 1, null), Redactor.patternsOnly())
                    .run(ProgressSink.none(), new SuiteControl());
            List<String> order = r.executions().stream().map(TestCase::name).toList();
            assertThat(order).hasSize(6);
            assertThat(order.subList(4, 6)).allMatch(n -> n.contains("[Serial]") || n.contains("[Disruptive]"));
        }

        @Test
        void aFlakePassingOnRetryIsReportedFlakyWithBothAttempts() {
            SuiteResult r = new SuiteRunner(config(FLAKY, Selection.ALL, 1, 3, null), Redactor.patternsOnly())
                    .run(ProgressSink.none(), new SuiteControl());
            String flaky = "[sig-fixture] Flaky should pass on the second attempt";
            String broken = "[sig-fixture] Flaky should always fail";
            assertThat(r.executions().stream().filter(c -> c.name().equals(flaky)).map(TestCase::status))
                    .containsExactly(TestStatus.FAILED, TestStatus.PASSED);
            assertThat(r.executions().stream().filter(c -> c.name().equals(broken))).hasSize(3);
            assertThat(r.flaky()).containsExactly(flaky);
            assertThat(r.failed()).containsExactly(broken);
            assertThat(r.success()).isFalse();
        }

        @Test
        void aFailedDynamicTestIsRetriedAloneAndReportedFlaky() {
            java.util.concurrent.atomic.AtomicInteger planned = new java.util.concurrent.atomic.AtomicInteger();
            ProgressSink sink = new ProgressSink() {
                @Override
                public void planned(int total) {
                    planned.set(total);
                }

                @Override
                public void finished(TestCase result, int attempt) {
                }
            };
            SuiteResult r = new SuiteRunner(config(DYNAMIC, Selection.ALL, 1, 2, null), Redactor.patternsOnly())
                    .run(sink, new SuiteControl());
            assertThat(planned.get()).as("the progress total counts the dynamic tests and the retry")
                    .isEqualTo(r.executions().size()).isEqualTo(3);
            List<String> names = r.executions().stream().map(TestCase::name).toList();
            String flaky = names.stream().filter(n -> n.endsWith("should pass on the second attempt")).findFirst()
                    .orElseThrow(() -> new AssertionError("no dynamic flaky test in " + names));
            assertThat(r.executions().stream().filter(c -> c.name().equals(flaky)).map(TestCase::status))
                    .as("both attempts reported, as TestGrid reads them").containsExactly(TestStatus.FAILED,
                            TestStatus.PASSED);
            assertThat(names.stream().filter(n -> n.endsWith("should pass"))).as("its passing sibling ran once")
                    .hasSize(1);
            assertThat(r.flaky()).containsExactly(flaky);
            assertThat(r.failed()).isEmpty();
        }

        @Test
        void withoutFlakeAttemptsAFailureStaysAFailure() {
            SuiteResult r = new SuiteRunner(config(FLAKY, Selection.ALL, 1, 1, null), Redactor.patternsOnly())
                    .run(ProgressSink.none(), new SuiteControl());
            assertThat(r.flaky()).isEmpty();
            assertThat(r.failed()).hasSize(2);
        }

        @Test
        void aTestOverItsTimeoutIsInterruptedAndReportedTimedOut() {
            long t0 = System.nanoTime();
            SuiteResult r = new SuiteRunner(config(SLOW, Selection.ALL, 1, 1, Duration.ofMillis(300)),
                    Redactor.patternsOnly()).run(ProgressSink.none(), new SuiteControl());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            TestCase c = r.executions().get(0);
            assertThat(c.status()).isEqualTo(TestStatus.FAILED);
            assertThat(c.message()).startsWith("timed out");
        }

        @Test
        void aFailingClassCleanupIsReportedAsItsOwnFailure() {
            SuiteResult r = new SuiteRunner(config("io.fede2e.fixtures.runner.cleanup", Selection.ALL, 1, 1, null),
                    Redactor.patternsOnly()).run(ProgressSink.none(), new SuiteControl());
            assertThat(r.executions()).extracting(TestCase::status)
                    .containsExactly(TestStatus.PASSED, TestStatus.FAILED);
            assertThat(r.executions().get(1).message()).contains("container failed after its tests",
                    "namespace e2e-cleanup-abcde was not deleted");
            assertThat(r.success()).isFalse();
        }

        @Test
        void testsTheInterruptionKeptFromRunningAreReportedSkippedWithTheReason() {
            SuiteControl control = new SuiteControl();
            control.interrupt("aborted by SIGTERM");
            SuiteResult r = new SuiteRunner(config(BASIC, Selection.ALL, 1, 1, null), Redactor.patternsOnly())
                    .run(ProgressSink.none(), control);
            assertThat(r.executions()).hasSize(6).allMatch(c -> c.status() == TestStatus.SKIPPED
                    && c.message().equals("not run: aborted by SIGTERM"));
        }

        @Test
        void theSuiteTimeoutInterruptsRunningTests() {
            SuiteConfig c = new SuiteConfig(List.of(SLOW), List.of(), Selection.ALL, 1, 1, null, Duration.ofMillis(1500),
                    Map.of("fixture.dir", dir.toString()));
            SuiteResult r = new SuiteRunner(c, Redactor.patternsOnly()).run(ProgressSink.none(), new SuiteControl());
            assertThat(r.interruption()).hasValueSatisfying(s -> assertThat(s).contains("suite timeout"));
            assertThat(r.executions().get(0).message()).startsWith("interrupted: suite timeout");
        }
    }

    @Test
    void patternsKeepTheirText() {
        assertThat(Selection.compile("--skip", List.of("a|b")).stream().map(Pattern::pattern)).containsExactly("a|b");
    }
}
