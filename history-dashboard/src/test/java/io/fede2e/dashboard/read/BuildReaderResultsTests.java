package io.fede2e.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.fakes.InMemoryObjectStore;
import io.fede2e.layout.junit.JUnitReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build's results as the site uses them: one per test name, in name order whatever order the
 * junit files list them in, retries of one test folded, and the names and skip reasons of all
 * builds one reader reads shared, not copied per build.
 */
class BuildReaderResultsTests {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_795_001_000L), ZoneOffset.UTC);

    private final InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
    private final BuildReader reader = new BuildReader(JUnitReader.create(), CLOCK);

    /** Build {@code id} of "job" with one junit file per text given, junit_01.xml first. */
    private BuildRecord read(long id, String... junitFiles) {
        String dir = "logs/job/" + id + "/";
        store.put(dir + "started.json", "{\"timestamp\": 1795000000}");
        for (int i = 0; i < junitFiles.length; i++) {
            store.put(dir + "artifacts/junit_0" + (i + 1) + ".xml", "<testsuite name=\"e2e\">" + junitFiles[i]
                    + "</testsuite>");
        }
        store.put(dir + "finished.json", "{\"timestamp\": 1795000600, \"result\": \"SUCCESS\"}");
        BuildRecord r = reader.read(store, "job", id, BuildReader.finishedGeneration(store, "job", id));
        assertThat(r.problems()).isEmpty();
        return r;
    }

    private static String passed(String name) {
        return "<testcase name=\"" + name + "\" time=\"1.5\"/>";
    }

    private static String skipped(String name, String reason) {
        return "<testcase name=\"" + name + "\" time=\"0\"><skipped message=\"" + reason + "\"/></testcase>";
    }

    private static String failed(String name, String message) {
        return "<testcase name=\"" + name + "\" time=\"2\"><failure message=\"" + message + "\">at e2e.go:12"
                + "</failure><system-out>pod web-1 logs</system-out></testcase>";
    }

    /** {@code n} passed tests with names sharing a long prefix, as Ginkgo's do, listed in reverse. */
    private static String suite(int n, String suffix) {
        StringBuilder b = new StringBuilder();
        for (int i = n - 1; i >= 0; i--) {
            b.append(passed("[sig-apps] Deployment should roll out revision " + i + suffix));
        }
        return b.toString();
    }

    private static List<String> names(BuildRecord r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.tests().size(); i++) {
            out.add(r.testName(i));
        }
        return out;
    }

    @Nested
    class NameOrder {

        @Test
        void resultsAreInNameOrderWhateverOrderTheFilesListThem() {
            BuildRecord r = read(1, passed("[sig-b] two") + passed("[sig-a] one"), passed("[sig-a] zero"));

            assertThat(names(r)).containsExactly("[sig-a] one", "[sig-a] zero", "[sig-b] two");
            assertThat(r.tests()).extracting(TestResult::outcome).containsOnly(Outcome.PASS);
            assertThat(r.testSeconds(0)).isEqualTo(1.5f);
        }

        @Test
        void aBuildOfNamesAlreadyRankedAndOneBringingNewNamesAreBothInNameOrder() {
            List<String> first = names(read(1, suite(40, "")));
            // all of build 1's names again, listed in another order: sorted by the pool's ranks
            StringBuilder forward = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                forward.append(passed("[sig-apps] Deployment should roll out revision " + i));
            }
            List<String> again = names(read(2, forward.toString()));
            // a few names the pool has not ranked: too few to rank again, sorted by comparing names
            List<String> grown = names(read(3, suite(40, "") + passed("[sig-apps] Deployment a new test")
                    + passed("[sig-apps] Deployment should roll out revision 3 again")));

            assertThat(first).hasSize(40).isSorted();
            assertThat(again).isEqualTo(first);
            assertThat(grown).hasSize(42).isSorted()
                    .contains("[sig-apps] Deployment a new test", "[sig-apps] Deployment should roll out revision 3 again");
        }

        @Test
        void manyNewNamesAreRankedAgainAndStillSorted() {
            read(1, suite(8, " old"));
            BuildRecord r = read(2, suite(8, " old") + suite(30, " new"));

            assertThat(names(r)).hasSize(38).isSorted();
        }
    }

    @Nested
    class Retries {

        @Test
        void aFailThenAPassOfOneTestIsOneFlakyResultWithTheFailuresTexts() {
            BuildRecord r = read(1, failed("[sig-a] retried", "timed out") + passed("[sig-a] other"),
                    passed("[sig-a] retried"));

            assertThat(names(r)).containsExactly("[sig-a] other", "[sig-a] retried");
            TestResult t = r.tests().get(1);
            assertThat(t.outcome()).isEqualTo(Outcome.FLAKY);
            assertThat(t.seconds()).isEqualTo(3.5f);
            assertThat(t.message()).isEqualTo("timed out");
            assertThat(t.details()).isEqualTo("at e2e.go:12");
            assertThat(t.output()).isEqualTo("pod web-1 logs");
            assertThat(t.failureKey()).isNotEmpty();
            assertThat(r.notableTests()).containsExactly(t);
        }

        @Test
        void twoSkipsKeepTheFirstReasonAndASkipThenAPassIsAPassWithoutOne() {
            BuildRecord r = read(1, skipped("[sig-a] skipped twice", "first reason")
                    + skipped("[sig-a] skipped then run", "not yet") + skipped("[sig-a] skipped twice", "second"),
                    passed("[sig-a] skipped then run"));

            assertThat(r.testOutcome(0)).isEqualTo(Outcome.PASS);
            assertThat(r.testSkipReason(0)).isEmpty();
            assertThat(r.testOutcome(1)).isEqualTo(Outcome.SKIP);
            assertThat(r.testSkipReason(1)).isEqualTo("first reason");
            assertThat(r.notableTests()).isEmpty();
        }
    }

    @Nested
    class Caching {

        @Test
        void aBuildReadAsColumnsComesBackFromTheCacheEqual(@TempDir Path tmp) {
            BuildRecord r = read(1, failed("[sig-a] flaky", "boom") + skipped("[sig-a] skipped", "no gpu")
                    + passed("[sig-a] passed") + "<testcase name=\"[sig-a] measured\"><properties>"
                    + "<property name=\"p99\" value=\"7\"/></properties></testcase>", passed("[sig-a] flaky"));
            JobCache cache = new JobCache(tmp);

            cache.store("gs://bucket", "job", List.of(r));
            BuildRecord back = new JobCache(tmp).load("gs://bucket", "job").get(1);

            assertThat(r.tests()).isInstanceOf(TestColumns.class);
            assertThat(back).isEqualTo(r);
            assertThat(back.testSkipReason(3)).isEqualTo("no gpu");
            assertThat(back.notableTests()).extracting(TestResult::name)
                    .containsExactly("[sig-a] flaky", "[sig-a] measured");
        }
    }

    @Nested
    class Sharing {

        @Test
        void buildsShareOneInstanceOfEachNameAndSkipReason() {
            BuildRecord a = read(1, skipped("[sig-a] needs gpu", "requires capability gpu"));
            BuildRecord b = read(2, skipped("[sig-a] needs gpu", "requires capability gpu"));

            assertThat(b.testName(0)).isEqualTo("[sig-a] needs gpu").isSameAs(a.testName(0));
            assertThat(b.testSkipReason(0)).isEqualTo("requires capability gpu").isSameAs(a.testSkipReason(0));
        }

        @Test
        void onlyFailedTestsAndTestsWithMetricsAreKeptWhole() {
            BuildRecord r = read(1, passed("[sig-a] passes") + skipped("[sig-a] skips", "no gpu")
                    + failed("[sig-a] fails", "boom") + "<testcase name=\"[sig-a] measures\"><properties>"
                    + "<property name=\"p99\" value=\"12.5\"/></properties></testcase>");

            assertThat(r.notableTests()).extracting(TestResult::name)
                    .containsExactly("[sig-a] fails", "[sig-a] measures");
            assertThat(r.tests().get(1).metrics()).containsEntry("p99", 12.5);
            assertThat(r.notableTests().get(0).name()).isSameAs(r.testName(0));
        }

        @Test
        void aSkipReasonIsTheFirstLineOfTheMessageElseOfTheBodyAndBounded() {
            String longReason = "x".repeat(BuildReader.MAX_SKIP_REASON + 50);
            BuildRecord r = read(1, "<testcase name=\"a body\"><skipped>  from the body\nsecond line</skipped>"
                    + "</testcase>" + skipped("b long", longReason) + skipped("c none", "")
                    + skipped("d same text", longReason));

            assertThat(r.testSkipReason(0)).isEqualTo("from the body");
            assertThat(r.testSkipReason(1)).hasSize(BuildReader.MAX_SKIP_REASON + 3).endsWith("...");
            assertThat(r.testSkipReason(2)).isEmpty();
            assertThat(r.testSkipReason(3)).isSameAs(r.testSkipReason(1));
        }
    }

    @Nested
    class ManyFiles {

        /** Files {@code junit_001.xml} and on, one per text, into build {@code id}; the record as read, problems and all. */
        private BuildRecord readFiles(long id, List<String> files) {
            String dir = "logs/job/" + id + "/";
            store.put(dir + "started.json", "{\"timestamp\": 1795000000}");
            for (int i = 0; i < files.size(); i++) {
                store.put(dir + String.format("artifacts/junit_%03d.xml", i + 1), files.get(i));
            }
            store.put(dir + "finished.json", "{\"timestamp\": 1795000600, \"result\": \"FAILURE\"}");
            return reader.read(store, "job", id, BuildReader.finishedGeneration(store, "job", id));
        }

        @Test
        void aBuildOfManyFilesParsedSideBySideIsTheBuildOfTheirCasesOneAfterTheOther() {
            // 40 files, more than the reader parses at once: failures whose texts differ only in
            // what varies from run to run, a test failing in one file and passing in a later one,
            // and two files that cannot be read, in the middle and near the end
            List<String> files = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (int f = 1; f <= 40; f++) {
                StringBuilder cases = new StringBuilder();
                for (int i = 0; i < 25; i++) {
                    String name = "[sig-node] file " + f + " case " + i;
                    cases.append(i % 9 == 4 ? failed(name, "pod web-" + f + "-x2k9" + i + " at 10.0." + f + "." + i
                            + ":8443 refused") : passed(name));
                }
                if (f == 3) {
                    cases.append(failed("[sig-node] retried across files", "timed out after 30s"));
                }
                if (f == 30) {
                    cases.append(passed("[sig-node] retried across files"));
                }
                String junit = "<testsuite name=\"e2e\">" + cases + "</testsuite>";
                files.add(f == 7 ? "<testsuite name=\"e2e\"><testcase name=\"cut" : f == 33 ? "" : junit);
                if (f != 7 && f != 33) {
                    all.append(cases);
                }
            }

            BuildRecord many = readFiles(1, files);
            BuildRecord one = readFiles(2, List.of("<testsuite name=\"e2e\">" + all + "</testsuite>"));

            assertThat(many.problems()).hasSize(2);
            assertThat(many.problems().get(0)).startsWith("artifacts/junit_007.xml: malformed");
            assertThat(many.problems().get(1)).startsWith("artifacts/junit_033.xml: empty");
            assertThat(one.problems()).isEmpty();
            assertThat(names(many)).hasSize(38 * 25 + 1).isSorted().isEqualTo(names(one));
            assertThat(many.tests()).isEqualTo(one.tests());
            for (int i = 0; i < many.tests().size(); i++) {
                assertThat(many.testSeconds(i)).isEqualTo(one.testSeconds(i));
            }
            TestResult retried = many.tests().get(names(many).indexOf("[sig-node] retried across files"));
            assertThat(retried.outcome()).isEqualTo(Outcome.FLAKY);
            assertThat(retried.message()).isEqualTo("timed out after 30s");
            // the failure keys made on the parsing threads are those a result computes for itself
            assertThat(many.notableTests()).hasSize(38 * 3 + 1).allSatisfy(t -> assertThat(t.failureKey())
                    .isEqualTo(FailureText.normalize(TestResult.failureText(t.message(), t.details()))));
            assertThat(many.notableTests()).extracting(TestResult::failureKey)
                    .contains("pod <NAME> at <IP> refused");
        }
    }
}
