package io.fede2e.uploader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.JobName;
import io.fede2e.uploader.Uploader.Phase;
import io.fede2e.uploader.fakes.FaultyStore;
import io.fede2e.uploader.fakes.RunDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderFaultTests {

    static final JobName JOB = JobName.of("ci-fede2e-faults");
    static final UploadOptions FAST = UploadOptions.defaults().withBackoffBase(Duration.ofMillis(1));

    @TempDir
    Path tmp;

    ObjectStore files;
    FaultyStore store;

    @BeforeEach
    void open() {
        files = ObjectStore.open(tmp.resolve("bucket").toString());
        store = new FaultyStore(files);
    }

    @AfterEach
    void close() {
        files.close();
    }

    /** A run directory with many artifacts, some over the gzip threshold. */
    private Path bigRun() throws IOException {
        Path run = RunDirs.copy("complete-run", tmp.resolve("run"));
        for (int i = 0; i < 40; i++) {
            RunDirs.write(run, "artifacts/nodes/node-" + (i % 4) + "/log-" + i + ".log",
                    ("line of node log " + i + "\n").repeat(i * 5 + 1));
        }
        return run;
    }

    private void assertEveryObjectIntact(Path run, BuildPaths paths) throws IOException {
        List<String> expected = new ArrayList<>();
        for (String relative : RunDirs.files(run)) {
            expected.add(paths.file(relative));
            assertThat(files.read(paths.file(relative))).as(relative).isEqualTo(Files.readAllBytes(run.resolve(relative)));
        }
        expected.add(BuildPaths.latestBuild(paths.job()));
        expected.sort(null);
        assertThat(files.list("", "").objects()).extracting(ObjectInfo::name).containsExactlyElementsOf(expected);
    }

    @Nested
    class Transient {

        @Test
        void failuresOnTheFirstAttemptsOfEachWriteAreRetriedAndEveryObjectArrivesIntact() throws IOException {
            store.failFirstAttempts(2);
            Path run = bigRun();
            UploadReport report = Uploader.create(store, FAST).upload(run, JOB, Optional.empty(), Phase.ALL);
            assertThat(report.ok()).isTrue();
            assertEveryObjectIntact(run, report.paths());
            assertThat(store.attempts(report.paths().buildLog())).isEqualTo(3);
            assertThat(store.attempts(report.paths().started())).isEqualTo(3);
            assertThat(store.attempts(report.paths().finished())).isEqualTo(3);
        }

        @Test
        void aCreateThatLandedBeforeItsTimeoutIsRecognizedAsOurs() throws IOException {
            store.failFirstAttempts(1).failAfterLanding();
            Path run = bigRun();
            UploadReport report = Uploader.create(store, FAST).upload(run, JOB, Optional.of(new BuildId(3)), Phase.ALL);
            assertThat(report.paths().build()).isEqualTo(new BuildId(3));
            assertEveryObjectIntact(run, report.paths());
        }

        @Test
        void failuresBeyondTheAttemptsStopTheUploadWithoutFinishedJson() throws IOException {
            store.failFirstAttempts(5);
            Path run = bigRun();
            Uploader uploader = Uploader.create(store, FAST.withAttempts(3));
            files.write(new BuildPaths(JOB, new BuildId(2)).started(), "{}".getBytes(UTF_8), WriteOptions.of(""));
            assertThatThrownBy(() -> uploader.upload(run, JOB, Optional.of(new BuildId(2)), Phase.FINISHED))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("injected 503")
                    .satisfies(e -> assertThat(((UploadException) e).notWritten())
                            .contains("logs/ci-fede2e-faults/2/finished.json"));
            assertThat(files.stat(new BuildPaths(JOB, new BuildId(2)).finished())).isEmpty();
            assertThat(files.stat(BuildPaths.latestBuild(JOB))).isEmpty();
        }
    }

    @Nested
    class Permanent {

        @Test
        void stopsNamesTheObjectsNotWrittenAndNeverWritesFinishedJson() throws IOException {
            store.failPermanently(name -> name.endsWith("/log-17.log"));
            Path run = bigRun();
            Uploader uploader = Uploader.create(store, FAST.withParallelism(2));
            UploadException e = org.junit.jupiter.api.Assertions.assertThrows(UploadException.class,
                    () -> uploader.upload(run, JOB, Optional.of(new BuildId(8)), Phase.ALL));
            BuildPaths paths = new BuildPaths(JOB, new BuildId(8));
            assertThat(e.getMessage()).contains("stopped at " + paths.file("artifacts/nodes/node-1/log-17.log"))
                    .contains("injected 403").contains("not written").doesNotContain("\n");
            assertThat(e.notWritten()).contains(paths.file("artifacts/nodes/node-1/log-17.log"), paths.finished());
            assertThat(store.attempts(paths.file("artifacts/nodes/node-1/log-17.log")))
                    .as("a permanent error is not retried").isEqualTo(1);
            List<String> stored = files.list("", "").objects().stream().map(ObjectInfo::name).toList();
            assertThat(stored).doesNotContain(paths.finished(), BuildPaths.latestBuild(JOB));
            // What the exception says was written is exactly what is there, and the rest is named.
            assertThat(stored).containsExactlyInAnyOrderElementsOf(concat(List.of(paths.started()), e.written()));
            List<String> all = new ArrayList<>(e.written());
            all.addAll(e.notWritten());
            assertThat(all).hasSize(RunDirs.files(run).size() - 1).doesNotHaveDuplicates();
        }

        @Test
        void aFailingFinishedJsonLeavesLatestBuildAlone() throws IOException {
            store.failPermanently(name -> name.endsWith("/finished.json"));
            Path run = bigRun();
            assertThatThrownBy(() -> Uploader.create(store, FAST).upload(run, JOB, Optional.empty(), Phase.ALL))
                    .isInstanceOf(UploadException.class)
                    .satisfies(e -> assertThat(((UploadException) e).notWritten()).containsExactly(
                            "logs/ci-fede2e-faults/1/finished.json", "logs/ci-fede2e-faults/latest-build.txt"));
            assertThat(files.stat(BuildPaths.latestBuild(JOB))).isEmpty();
        }

        private static List<String> concat(List<String> a, List<String> b) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    @Nested
    class LatestBuildRace {

        private void finish(long build) {
            Uploader.create(store, FAST).finish(RunDirs.minimal(tmp.resolve("run-" + build + "-" + System.nanoTime()),
                    1_700_000_000L + build), new BuildPaths(JOB, new BuildId(build)));
        }

        private String latest() {
            return new String(files.read(BuildPaths.latestBuild(JOB)), UTF_8);
        }

        @Test
        void sevenThenEightEndsAtEight() {
            finish(7);
            finish(8);
            assertThat(latest()).isEqualTo("8");
        }

        @Test
        void eightThenSevenEndsAtEight() {
            finish(8);
            finish(7);
            assertThat(latest()).isEqualTo("8");
        }

        @Test
        void eightSlippingInBetweenSevensLookAndItsWriteEndsAtEight() {
            // Build 7 reads latest-build.txt, then build 8 finishes completely, then 7 writes: its CAS must fail.
            AtomicBoolean once = new AtomicBoolean();
            files.write(BuildPaths.latestBuild(JOB), "6".getBytes(UTF_8), WriteOptions.of("text/plain"));
            store.beforeWrite(name -> {
                if (name.endsWith("latest-build.txt") && once.compareAndSet(false, true)) {
                    Uploader.create(files, FAST).finish(RunDirs.minimal(tmp.resolve("run-8"), 1_700_000_008L),
                            new BuildPaths(JOB, new BuildId(8)));
                }
            });
            finish(7);
            assertThat(once).isTrue();
            assertThat(latest()).isEqualTo("8");
        }

        @Test
        void sevenSlippingInBetweenEightsLookAndItsWriteEndsAtEight() {
            AtomicBoolean once = new AtomicBoolean();
            store.beforeWrite(name -> {
                if (name.endsWith("latest-build.txt") && once.compareAndSet(false, true)) {
                    Uploader.create(files, FAST).finish(RunDirs.minimal(tmp.resolve("run-7"), 1_700_000_007L),
                            new BuildPaths(JOB, new BuildId(7)));
                }
            });
            finish(8);
            assertThat(once).isTrue();
            assertThat(latest()).isEqualTo("8");
        }

        @RepeatedTest(10)
        void concurrentFinishersEndAtTheHighest() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CyclicBarrier barrier = new CyclicBarrier(4);
                List<Future<?>> futures = new ArrayList<>();
                for (long build : new long[] {7, 8, 5, 6}) {
                    Path run = RunDirs.minimal(tmp.resolve("c-" + build), 1_700_000_000L + build);
                    futures.add(pool.submit(() -> {
                        barrier.await(30, TimeUnit.SECONDS);
                        Uploader.create(store, FAST).finish(run, new BuildPaths(JOB, new BuildId(build)));
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(latest()).isEqualTo("8");
        }
    }

    @Nested
    class Killed {

        @Test
        void anUploadKilledMidwayAndRunAgainCompletesWithoutDuplicatesOrCorruption() throws IOException {
            Path run = bigRun();
            store.crashAfter(12);
            Uploader uploader = Uploader.create(store, FAST.withParallelism(4));
            assertThatThrownBy(() -> uploader.upload(run, JOB, Optional.of(new BuildId(21)), Phase.ALL))
                    .isInstanceOf(FaultyStore.SimulatedCrash.class);
            BuildPaths paths = new BuildPaths(JOB, new BuildId(21));
            assertThat(files.stat(paths.started())).isPresent();
            assertThat(files.stat(paths.finished())).as("a killed upload is not finished").isEmpty();
            long before = files.list("", "").objects().size();
            assertThat(before).isBetween(2L, 12L);

            // The re-run: a new process, the same build id.
            FaultyStore again = new FaultyStore(files);
            UploadReport report = Uploader.create(again, FAST)
                    .upload(run, JOB, Optional.of(new BuildId(21)), Phase.FINISHED);
            assertThat(report.ok()).isTrue();
            assertEveryObjectIntact(run, paths);
            assertThat(again.written()).doesNotHaveDuplicates();
            assertThat(new String(files.read(BuildPaths.latestBuild(JOB)), UTF_8)).isEqualTo("21");
            try (var walk = Files.walk(tmp.resolve("bucket"))) {
                assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".fede2e.tmp"));
            }
        }

        @Test
        void reRunningAllOfAStartedBuildRefusesToTakeItOver() throws IOException {
            Path run = bigRun();
            store.crashAfter(3);
            assertThatThrownBy(() -> Uploader.create(store, FAST).upload(run, JOB, Optional.of(new BuildId(4)),
                    Phase.ALL)).isInstanceOf(FaultyStore.SimulatedCrash.class);
            assertThatThrownBy(() -> Uploader.create(files, FAST).upload(run, JOB, Optional.of(new BuildId(4)),
                    Phase.ALL)).isInstanceOf(PreconditionFailedException.class).hasMessageContaining("pick another");
        }
    }

    @Test
    void theListenerHearsNothingAfterACrash() throws IOException {
        CountDownLatch none = new CountDownLatch(1);
        store.crashAfter(0);
        Uploader uploader = Uploader.create(store, FAST.withListener(p -> none.countDown()));
        assertThatThrownBy(() -> uploader.uploadArtifacts(bigRun(), new BuildPaths(JOB, new BuildId(1))))
                .isInstanceOf(FaultyStore.SimulatedCrash.class);
        assertThat(none.getCount()).isEqualTo(1);
    }
}
