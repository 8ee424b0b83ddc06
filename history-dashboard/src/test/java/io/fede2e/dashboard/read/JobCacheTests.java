package io.fede2e.dashboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCacheTests {

    static final String ROOT = "gs://bucket";

    static BuildRecord build(long id, long generation, String... outcomes) {
        List<TestResult> tests = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            Outcome o = Outcome.valueOf(outcomes[i]);
            String message = o.failedOnce() ? "dial tcp 10.0.0." + id + ":443: refused" : "";
            tests.add(new TestResult("[sig-x] test " + i + " <é>", o, 1.5f + i, message, o.failedOnce() ? "at x.go:" + id
                    : "", o.failedOnce() ? "out\u0000put" : "", i == 0 ? Map.of("p99_ms", 12.5 + id) : Map.of()));
        }
        return new BuildRecord(ROOT, "job", id, generation, 1000 + id, 2000 + id, "FAILURE", "v" + id, "azure",
                id % 2 == 0 ? List.of("started.json: odd") : List.of(), tests,
                List.of(new Step("Up", Outcome.PASS, 3f, ""), new Step("Test", Outcome.FAIL, 9f, "boom")),
                "line 1\nERROR line 2", List.of("artifacts/junit_01.xml"));
    }

    @Nested
    class RoundTrip {

        @Test
        void aSnapshotGivesBackEveryFinishedBuildAsItWasStored(@TempDir Path tmp) {
            JobCache cache = new JobCache(tmp);
            BuildRecord a = build(1, 11, "PASS", "FAIL", "SKIP");
            BuildRecord b = build(2, 12, "FLAKY", "PASS", "PASS");
            BuildRecord running = new BuildRecord(ROOT, "job", 3, 0, 3000, -1, "", "", "", List.of(), List.of(),
                    List.of(), "", List.of());

            cache.store(ROOT, "job", List.of(b, running, a));
            JobCache.Snapshot s = new JobCache(tmp).load(ROOT, "job");

            assertThat(s.size()).isEqualTo(2);
            assertThat(s.get(1)).isEqualTo(a);
            assertThat(s.get(2)).isEqualTo(b);
            assertThat(s.get(3)).as("a build without finished.json is not cached").isNull();
            // the failure key travels with the result rather than being normalized again
            assertThat(s.get(1).tests().get(1).failureKey()).isEqualTo("dial tcp <IP>: refused");
            // held as columns: only the failed result and the one with metrics are kept whole
            assertThat(s.get(1).notableTests()).extracting(TestResult::name)
                    .containsExactly("[sig-x] test 0 <é>", "[sig-x] test 1 <é>");
            assertThat(s.get(1).testName(2)).isEqualTo("[sig-x] test 2 <é>");
            assertThat(s.get(1).testOutcome(2)).isEqualTo(Outcome.SKIP);
            assertThat(s.get(1).testSeconds(2)).isEqualTo(3.5f);
            assertThat(s.get(1).tests().get(2)).isEqualTo(a.tests().get(2));
        }

        @Test
        void buildsHeldAsColumnsAreEncodedByteForByteAsTheirResultsAre() throws IOException {
            // the same names in the same positions, fewer, and more: the column encoder's
            // per-position name ids must give what a lookup of every name gives
            List<BuildRecord> lists = List.of(build(1, 11, "PASS", "FAIL", "SKIP"), build(2, 12, "SKIP", "PASS"),
                    build(3, 13, "PASS", "PASS", "FLAKY", "SKIP"));
            List<BuildRecord> columns = JobCache.decode(JobCache.encode(ROOT, "job", lists), ROOT, "job")
                    .newestFirst();

            assertThat(columns).allSatisfy(b -> assertThat(b.tests()).isInstanceOf(TestColumns.class));
            assertThat(JobCache.encode(ROOT, "job", columns)).isEqualTo(JobCache.encode(ROOT, "job", lists));
        }

        @Test
        void skipReasonsComeBackAsAColumnNotAsWholeResults(@TempDir Path tmp) {
            JobCache cache = new JobCache(tmp);
            List<TestResult> tests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tests.add(new TestResult("t" + i, i == 5 ? Outcome.PASS : Outcome.SKIP, 0f,
                        i == 5 ? "" : i % 2 == 0 ? "requires capability load-balancer" : "", "", "", Map.of()));
            }
            BuildRecord b = new BuildRecord(ROOT, "job", 1, 11, 1000, 2000, "SUCCESS", "v", "hollow", List.of(), tests,
                    List.of(), "", List.of());

            cache.store(ROOT, "job", List.of(b));
            BuildRecord back = new JobCache(tmp).load(ROOT, "job").get(1);

            assertThat(back).isEqualTo(b);
            assertThat(back.notableTests()).as("a skip with a reason is not kept whole").isEmpty();
            assertThat(back.testSkipReason(0)).isEqualTo("requires capability load-balancer");
            assertThat(back.testSkipReason(1)).isEmpty();
            assertThat(back.testSkipReason(5)).isEmpty();
            assertThat(b.testSkipReason(2)).isEqualTo("requires capability load-balancer");
        }

        @Test
        void aTestNameStoredInEveryBuildIsDecodedOnce(@TempDir Path tmp) {
            JobCache cache = new JobCache(tmp);
            cache.store(ROOT, "job", List.of(build(1, 11, "PASS"), build(2, 12, "PASS")));

            JobCache.Snapshot s = cache.load(ROOT, "job");

            assertThat(s.get(1).tests().get(0).name()).isSameAs(s.get(2).tests().get(0).name());
        }

        @Test
        void aRewriteAfterANewBuildKeepsTheOthersAsTheyWere(@TempDir Path tmp) {
            JobCache cache = new JobCache(tmp);
            List<BuildRecord> builds = new ArrayList<>();
            for (int id = 1; id <= 8; id++) {
                builds.add(build(id, 10 + id, "PASS", id % 3 == 0 ? "FAIL" : "PASS"));
            }
            cache.store(ROOT, "job", builds);
            JobCache.Snapshot before = cache.load(ROOT, "job");
            List<BuildRecord> next = new ArrayList<>();
            for (int id = 1; id <= 8; id++) {
                next.add(before.get(id));
            }
            next.add(build(9, 19, "FLAKY", "FAIL"));

            // the new build is encoded against the old string table, the others copied as bytes
            cache.store(ROOT, "job", next, before);
            JobCache.Snapshot after = cache.load(ROOT, "job");

            assertThat(after.size()).isEqualTo(9);
            for (int id = 1; id <= 8; id++) {
                assertThat(after.get(id)).isEqualTo(builds.get(id - 1));
            }
            assertThat(after.get(9)).isEqualTo(build(9, 19, "FLAKY", "FAIL"));
        }

        @Test
        void buildsThatLeftAreDroppedFromTheSnapshot(@TempDir Path tmp) {
            JobCache cache = new JobCache(tmp);
            cache.store(ROOT, "job", List.of(build(1, 11, "PASS"), build(2, 12, "FAIL"), build(3, 13, "PASS")));
            JobCache.Snapshot before = cache.load(ROOT, "job");

            cache.store(ROOT, "job", List.of(before.get(3), build(4, 14, "PASS")), before);
            JobCache.Snapshot after = cache.load(ROOT, "job");

            assertThat(after.size()).isEqualTo(2);
            assertThat(after.get(1)).isNull();
            assertThat(after.get(3)).isEqualTo(build(3, 13, "PASS"));
            assertThat(after.get(4)).isEqualTo(build(4, 14, "PASS"));
        }
    }

    @Nested
    class NeverTrusted {

        JobCache stored(Path tmp) {
            JobCache cache = new JobCache(tmp);
            cache.store(ROOT, "job", List.of(build(1, 11, "PASS", "FAIL"), build(2, 12, "PASS", "PASS")));
            return cache;
        }

        @Test
        void everyFlippedByteIsNoticed(@TempDir Path tmp) throws IOException {
            JobCache cache = stored(tmp);
            Path file = cache.file(ROOT, "job");
            byte[] sound = Files.readAllBytes(file);
            // each position of the file, header included: none may give a snapshot that decodes
            for (int i = 0; i < sound.length; i++) {
                byte[] bad = sound.clone();
                bad[i] ^= 0x01;
                Files.write(file, bad);
                assertThat(cache.load(ROOT, "job").size()).as("byte %d flipped", i).isZero();
            }
            assertThat(cache.rejected()).isEqualTo(sound.length);
        }

        @Test
        void aTruncatedOrExtendedSnapshotIsRefused(@TempDir Path tmp) throws IOException {
            JobCache cache = stored(tmp);
            Path file = cache.file(ROOT, "job");
            byte[] sound = Files.readAllBytes(file);

            Files.write(file, Arrays.copyOf(sound, sound.length - 1));
            assertThat(cache.load(ROOT, "job").size()).isZero();
            Files.write(file, Arrays.copyOf(sound, sound.length + 1));
            assertThat(cache.load(ROOT, "job").size()).isZero();
            Files.write(file, new byte[0]);
            assertThat(cache.load(ROOT, "job").size()).isZero();
            assertThat(cache.rejected()).isEqualTo(3);
        }

        @Test
        void anotherJobsSnapshotIsRefusedThoughSound(@TempDir Path tmp) throws IOException {
            JobCache cache = stored(tmp);
            Files.createDirectories(cache.file(ROOT, "other").getParent());
            Files.copy(cache.file(ROOT, "job"), cache.file(ROOT, "other"));

            assertThat(cache.load(ROOT, "other").size()).isZero();
            assertThat(cache.load("gs://elsewhere", "job").size()).isZero();
            assertThat(cache.rejected()).isEqualTo(1);
            assertThat(cache.load(ROOT, "job").size()).isEqualTo(2);
        }

        @Test
        void noSnapshotIsNotAnError(@TempDir Path tmp) {
            JobCache cache = new JobCache(tmp);
            assertThat(cache.load(ROOT, "job").size()).isZero();
            assertThat(cache.rejected()).isZero();
        }
    }
}
