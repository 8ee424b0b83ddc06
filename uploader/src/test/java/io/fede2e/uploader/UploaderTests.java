package io.fede2e.uploader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.BuildPaths;
import io.fede2e.layout.Finished;
import io.fede2e.layout.LatestBuild;
import io.fede2e.layout.Result;
import io.fede2e.layout.JobName;
import io.fede2e.uploader.Uploader.Phase;
import io.fede2e.uploader.fakes.RunDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderTests {

    static final JobName JOB = JobName.of("ci-fede2e-hollow");

    @TempDir
    Path tmp;

    Path bucket;
    ObjectStore store;
    Uploader uploader;

    @BeforeEach
    void open() {
        bucket = tmp.resolve("bucket");
        store = ObjectStore.open(bucket.toUri().toString());
        uploader = Uploader.create(store, UploadOptions.defaults().withBackoffBase(Duration.ofMillis(1)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Path completeRun() {
        return RunDirs.copy("complete-run", tmp.resolve("run"));
    }

    static String latin1(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> objects() {
        return store.list("", "").objects().stream().map(ObjectInfo::name).toList();
    }

    @Nested
    class Start {

        @Test
        void uploadsStartedJsonToTheGivenBuild() throws IOException {
            Path run = completeRun();
            BuildId id = uploader.start(run, JOB, Optional.of(new BuildId(42)));
            assertThat(id).isEqualTo(new BuildId(42));
            assertThat(objects()).containsExactly("logs/ci-fede2e-hollow/42/started.json");
            assertThat(store.read("logs/ci-fede2e-hollow/42/started.json"))
                    .isEqualTo(Files.readAllBytes(run.resolve("started.json")));
            assertThat(store.stat("logs/ci-fede2e-hollow/42/started.json").orElseThrow().contentType())
                    .isEqualTo("application/json");
        }

        @Test
        void aSecondRunWithTheSameBuildIdFailsLoudlyAndOverwritesNothing() throws IOException {
            uploader.start(completeRun(), JOB, Optional.of(new BuildId(7)));
            byte[] first = store.read("logs/ci-fede2e-hollow/7/started.json");
            Path other = RunDirs.minimal(tmp.resolve("other"), 1_800_000_000L);
            assertThatThrownBy(() -> uploader.start(other, JOB, Optional.of(new BuildId(7))))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("logs/ci-fede2e-hollow/7/started.json")
                    .hasMessageContaining("pick another build id")
                    .hasMessageNotContaining("\n");
            assertThat(store.read("logs/ci-fede2e-hollow/7/started.json")).isEqualTo(first);
        }

        @Test
        void allocatesOneForAJobsFirstBuild() {
            assertThat(uploader.start(completeRun(), JOB, Optional.empty())).isEqualTo(new BuildId(1));
        }

        @Test
        void allocatesTheNextAfterTheNewestBuildDirectory() {
            for (long b : new long[] {3, 12, 9}) {
                store.write(new BuildPaths(JOB, new BuildId(b)).started(), "{}".getBytes(UTF_8), WriteOptions.of(""));
            }
            store.write("logs/ci-fede2e-hollow/not-a-build/x", new byte[] {1}, WriteOptions.of(""));
            assertThat(uploader.start(completeRun(), JOB, Optional.empty())).isEqualTo(new BuildId(13));
        }

        @Test
        void allocatesAfterLatestBuildTxtWhenItIsAhead() {
            store.write(BuildPaths.latestBuild(JOB), "40".getBytes(UTF_8), WriteOptions.of("text/plain"));
            store.write(new BuildPaths(JOB, new BuildId(5)).started(), "{}".getBytes(UTF_8), WriteOptions.of(""));
            assertThat(uploader.start(completeRun(), JOB, Optional.empty())).isEqualTo(new BuildId(41));
        }

        @Test
        void concurrentAllocatorsGetDifferentIds() throws Exception {
            int n = 6;
            List<Path> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(RunDirs.minimal(tmp.resolve("run-" + i), 1_700_000_000L + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<BuildId>> futures = new ArrayList<>();
                for (Path run : runs) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return uploader.start(run, JOB, Optional.empty());
                    }));
                }
                go.countDown();
                List<Long> ids = new ArrayList<>();
                for (Future<BuildId> f : futures) {
                    ids.add(f.get(60, TimeUnit.SECONDS).value());
                }
                Collections.sort(ids);
                assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
                // Each build holds the started.json of the run that got it.
                for (int i = 0; i < n; i++) {
                    long id = futures.get(i).get().value();
                    assertThat(store.read(new BuildPaths(JOB, new BuildId(id)).started()))
                            .isEqualTo(Files.readAllBytes(runs.get(i).resolve("started.json")));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Artifacts {

        @Test
        void uploadsEverythingButStartedAndFinishedWithTypesAndGzip() throws IOException {
            Path run = completeRun();
            BuildPaths paths = new BuildPaths(JOB, new BuildId(3));
            UploadReport report = uploader.uploadArtifacts(run, paths);
            assertThat(report.ok()).isTrue();
            assertThat(report.uploaded()).containsExactly(
                    "logs/ci-fede2e-hollow/3/artifacts/junit_01.xml",
                    "logs/ci-fede2e-hollow/3/artifacts/junit_runner.xml",
                    "logs/ci-fede2e-hollow/3/artifacts/metrics.bin",
                    "logs/ci-fede2e-hollow/3/artifacts/nodes/node-1/kubelet.log",
                    "logs/ci-fede2e-hollow/3/artifacts/report.html",
                    "logs/ci-fede2e-hollow/3/artifacts/screenshot.png",
                    "logs/ci-fede2e-hollow/3/build-log.txt");
            assertThat(objects()).isEqualTo(report.uploaded());
            for (String relative : RunDirs.files(run)) {
                if (!relative.equals("started.json") && !relative.equals("finished.json")) {
                    assertThat(store.read(paths.file(relative))).as(relative)
                            .isEqualTo(Files.readAllBytes(run.resolve(relative)));
                }
            }
            assertThat(report.bytes()).isEqualTo(RunDirs.files(run).stream()
                    .filter(r -> r.contains("/") || r.equals("build-log.txt"))
                    .mapToLong(r -> run.resolve(r).toFile().length()).sum());
            ObjectInfo log = store.stat(paths.buildLog()).orElseThrow();
            assertThat(log.contentEncoding()).isEqualTo("gzip");
            assertThat(log.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(log.size()).isLessThan(Files.size(run.resolve("build-log.txt")));
            ObjectInfo junit = store.stat(paths.junitE2e()).orElseThrow();
            assertThat(junit.contentType()).isEqualTo("application/xml");
            assertThat(junit.contentEncoding()).isEqualTo("gzip");
            ObjectInfo smallLog = store.stat(paths.file("artifacts/nodes/node-1/kubelet.log")).orElseThrow();
            assertThat(smallLog.contentEncoding()).as("text up to 1 KiB stays plain").isEmpty();
            assertThat(store.stat(paths.file("artifacts/screenshot.png")).orElseThrow())
                    .extracting(ObjectInfo::contentType, ObjectInfo::contentEncoding).containsExactly("image/png", "");
            assertThat(store.stat(paths.file("artifacts/report.html")).orElseThrow().contentType())
                    .isEqualTo("text/html; charset=utf-8");
            assertThat(store.stat(paths.file("artifacts/metrics.bin")).orElseThrow().contentType())
                    .isEqualTo("application/octet-stream");
        }

        @Test
        void gzipIsDeterministicSoReUploadsAreByteIdentical() throws IOException {
            Path run = completeRun();
            BuildPaths paths = new BuildPaths(JOB, new BuildId(3));
            uploader.uploadArtifacts(run, paths);
            byte[] stored = Files.readAllBytes(bucket.resolve(paths.buildLog()));
            assertThat(stored[4] | stored[5] | stored[6] | stored[7]).as("no mtime in the gzip header").isZero();
            uploader.uploadArtifacts(run, paths);
            assertThat(Files.readAllBytes(bucket.resolve(paths.buildLog()))).isEqualTo(stored);
        }

        @Test
        void reportsProgressPerObject() {
            List<UploadProgress> seen = Collections.synchronizedList(new ArrayList<>());
            Uploader listening = Uploader.create(store, UploadOptions.defaults().withListener(seen::add));
            UploadReport report = listening.uploadArtifacts(completeRun(), new BuildPaths(JOB, new BuildId(1)));
            assertThat(seen).hasSize(7);
            assertThat(seen).extracting(UploadProgress::objectsDone).containsExactly(1, 2, 3, 4, 5, 6, 7);
            assertThat(seen).extracting(UploadProgress::bytesDone).isSorted();
            UploadProgress last = seen.get(seen.size() - 1);
            assertThat(last.bytesDone()).isEqualTo(last.bytesTotal()).isEqualTo(report.bytes());
            assertThat(last.objectsTotal()).isEqualTo(7);
        }

        @Test
        void aSymlinkPointingOutsideIsReportedAndNotUploaded() throws IOException {
            Path run = completeRun();
            Path secret = Files.writeString(tmp.resolve("secret.txt"), "token=hunter2");
            Files.createSymbolicLink(run.resolve("artifacts/leak.txt"), secret);
            Files.createSymbolicLink(run.resolve("artifacts/etc"), Path.of("/etc"));
            Files.createSymbolicLink(run.resolve("artifacts/same-log.txt"), run.resolve("build-log.txt"));
            Files.createSymbolicLink(run.resolve("artifacts/dangling"), tmp.resolve("nowhere"));
            UploadReport report = uploader.uploadArtifacts(run, new BuildPaths(JOB, new BuildId(1)));
            assertThat(report.ok()).isFalse();
            assertThat(report.errors()).hasSize(3);
            assertThat(report.errors()).anySatisfy(e -> assertThat(e).startsWith("artifacts/leak.txt: symlink pointing"
                    + " outside the run directory"));
            assertThat(report.errors()).anySatisfy(e -> assertThat(e).startsWith("artifacts/etc: symlink pointing"
                    + " outside"));
            assertThat(report.errors()).anySatisfy(e -> assertThat(e).startsWith("artifacts/dangling: dangling"));
            assertThat(report.skipped()).singleElement().asString().startsWith("artifacts/same-log.txt: symlink to"
                    + " build-log.txt inside");
            assertThat(objects()).noneMatch(n -> n.contains("leak") || n.contains("etc") || n.contains("same-log")
                    || n.contains("dangling")).hasSize(7);
            try (var walk = Files.walk(bucket)) {
                assertThat(walk.filter(Files::isRegularFile).map(UploaderTests::latin1))
                        .noneMatch(s -> s.contains("hunter2"));
            }
        }

        @Test
        void aFifoIsReportedNotRead() throws Exception {
            Path run = completeRun();
            Path fifo = run.resolve("artifacts/pipe");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
            org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
            UploadReport report = uploader.uploadArtifacts(run, new BuildPaths(JOB, new BuildId(1)));
            assertThat(report.errors()).singleElement().asString().startsWith("artifacts/pipe: not a regular file");
        }
    }

    @Nested
    class Finish {

        @Test
        void writesFinishedJsonThenLatestBuildWithNoCache() throws IOException {
            Path run = completeRun();
            BuildPaths paths = new BuildPaths(JOB, new BuildId(12));
            uploader.finish(run, paths);
            assertThat(store.read(paths.finished())).isEqualTo(Files.readAllBytes(run.resolve("finished.json")));
            ObjectInfo latest = store.stat(BuildPaths.latestBuild(JOB)).orElseThrow();
            assertThat(latest.cacheControl()).isEqualTo("no-cache");
            assertThat(latest.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(store.read(BuildPaths.latestBuild(JOB))).isEqualTo("12".getBytes(UTF_8));
        }

        @Test
        void latestBuildNeverMovesBackwards() {
            Path run = completeRun();
            uploader.finish(run, new BuildPaths(JOB, new BuildId(9)));
            long generation = store.stat(BuildPaths.latestBuild(JOB)).orElseThrow().generation();
            uploader.finish(run, new BuildPaths(JOB, new BuildId(4)));
            assertThat(store.read(BuildPaths.latestBuild(JOB))).isEqualTo("9".getBytes(UTF_8));
            assertThat(store.stat(BuildPaths.latestBuild(JOB)).orElseThrow().generation()).isEqualTo(generation);
        }

        @Test
        void aGarbledLatestBuildIsReplaced() {
            store.write(BuildPaths.latestBuild(JOB), "<html>oops".getBytes(UTF_8), WriteOptions.of("text/html"));
            uploader.finish(completeRun(), new BuildPaths(JOB, new BuildId(2)));
            assertThat(store.read(BuildPaths.latestBuild(JOB))).isEqualTo("2".getBytes(UTF_8));
        }
    }

    @Nested
    class Phases {

        @Test
        void allUploadsTheWholeRunInOrder() {
            Path run = completeRun();
            UploadReport report = uploader.upload(run, JOB, Optional.empty(), Phase.ALL);
            assertThat(report.paths()).isEqualTo(new BuildPaths(JOB, new BuildId(1)));
            assertThat(report.uploaded()).contains("logs/ci-fede2e-hollow/1/started.json",
                    "logs/ci-fede2e-hollow/1/finished.json", "logs/ci-fede2e-hollow/latest-build.txt",
                    "logs/ci-fede2e-hollow/1/build-log.txt").hasSize(10);
            assertThat(objects()).containsExactlyElementsOf(report.uploaded());
            assertThat(store.stat("logs/ci-fede2e-hollow/1/finished.json").orElseThrow().generation())
                    .as("finished.json after the artifacts")
                    .isGreaterThan(store.stat("logs/ci-fede2e-hollow/1/build-log.txt").orElseThrow().generation())
                    .isGreaterThan(store.stat("logs/ci-fede2e-hollow/1/artifacts/junit_01.xml").orElseThrow().generation());
        }

        @Test
        void startedThenFinishedIsTheRunnersWay() {
            Path run = completeRun();
            UploadReport started = uploader.upload(run, JOB, Optional.empty(), Phase.STARTED);
            assertThat(started.uploaded()).containsExactly("logs/ci-fede2e-hollow/1/started.json");
            assertThat(objects()).containsExactly("logs/ci-fede2e-hollow/1/started.json");
            UploadReport finished = uploader.upload(run, JOB, Optional.of(started.paths().build()), Phase.FINISHED);
            assertThat(finished.uploaded()).contains("logs/ci-fede2e-hollow/1/finished.json").hasSize(9);
            assertThat(objects()).hasSize(10);
        }

        @Test
        void finishedNeedsABuildId() {
            assertThatThrownBy(() -> uploader.upload(completeRun(), JOB, Optional.empty(), Phase.FINISHED))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("--build");
            assertThat(objects()).isEmpty();
        }

        @Test
        void finishedOfABuildNeverStartedIsRefused() {
            assertThatThrownBy(() -> uploader.upload(completeRun(), JOB, Optional.of(new BuildId(5)), Phase.FINISHED))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("logs/ci-fede2e-hollow/5/started.json is missing");
            assertThat(objects()).isEmpty();
        }
    }

    @Nested
    class BadInput {

        @Test
        void aRunDirectoryWithoutStartedJsonIsRefusedBeforeAnyWrite() {
            Path run = RunDirs.copy("no-started", tmp.resolve("run"));
            for (Phase phase : Phase.values()) {
                assertThatThrownBy(() -> uploader.upload(run, JOB, Optional.of(new BuildId(1)), phase))
                        .isInstanceOf(UploadException.class)
                        .hasMessageContaining(run.toString())
                        .hasMessageContaining("no started.json")
                        .hasMessageNotContaining("\n");
            }
            assertThatThrownBy(() -> uploader.start(run, JOB, Optional.empty())).hasMessageContaining("no started.json");
            assertThat(objects()).isEmpty();
        }

        @Test
        void aMalformedOrEmptyStartedJsonIsRefusedBeforeAnyWrite() {
            for (String scenario : List.of("malformed-started", "empty-started")) {
                Path run = RunDirs.copy(scenario, tmp.resolve(scenario));
                assertThatThrownBy(() -> uploader.upload(run, JOB, Optional.empty(), Phase.ALL))
                        .isInstanceOf(UploadException.class)
                        .hasMessageContaining(run.resolve("started.json").toString())
                        .hasMessageContaining("not valid");
            }
            assertThat(objects()).isEmpty();
        }

        @Test
        void aMissingOrMalformedFinishedJsonIsRefusedBeforeAnyWriteOfAll() {
            Path noFinished = RunDirs.copy("no-finished", tmp.resolve("nf"));
            assertThatThrownBy(() -> uploader.upload(noFinished, JOB, Optional.empty(), Phase.ALL))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("no finished.json");
            Path malformed = RunDirs.copy("malformed-finished", tmp.resolve("mf"));
            assertThatThrownBy(() -> uploader.upload(malformed, JOB, Optional.empty(), Phase.ALL))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining("finished.json is not valid");
            assertThat(objects()).isEmpty();
        }

        @Test
        void aMissingRunDirectoryIsNamed() {
            Path missing = tmp.resolve("does-not-exist");
            assertThatThrownBy(() -> uploader.upload(missing, JOB, Optional.empty(), Phase.ALL))
                    .isInstanceOf(UploadException.class)
                    .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        }

        /** A stray file that cannot be uploaded must not cost the night's verdict (issue 14). */
        @Test
        void aFileThatCannotBeUploadedIsSkippedAndFinishedJsonListsIt() throws IOException {
            for (Phase phase : List.of(Phase.ALL, Phase.FINISHED)) {
                Path run = RunDirs.copy("complete-run", tmp.resolve("run-" + phase));
                byte[] localFinished = Files.readAllBytes(run.resolve("finished.json"));
                Path secret = Files.writeString(tmp.resolve("secret.txt"), "token=hunter2");
                Files.createSymbolicLink(run.resolve("artifacts/leak.txt"), secret);
                Files.writeString(run.resolve("artifacts/back\\slash.txt"), "a name a bucket cannot hold");
                BuildPaths paths = new BuildPaths(JOB, new BuildId(phase == Phase.ALL ? 3 : 4));
                if (phase == Phase.FINISHED) {
                    uploader.upload(run, JOB, Optional.of(paths.build()), Phase.STARTED);
                }

                UploadReport report = uploader.upload(run, JOB, Optional.of(paths.build()), phase);

                assertThat(report.errors()).hasSize(2).anySatisfy(e -> assertThat(e)
                        .startsWith("artifacts/leak.txt: symlink pointing outside the run directory"));
                assertThat(report.uploaded()).contains(paths.finished(), paths.junitE2e());
                Finished finished = Finished.parse(store.read(paths.finished()));
                assertThat(finished.result()).as("no junit file nor the log is missing").isEqualTo(Result.SUCCESS);
                assertThat(finished.metadata().get(Uploader.UPLOAD_PROBLEMS)).asList().hasSize(2)
                        .anySatisfy(e -> assertThat(e).asString().startsWith("artifacts/leak.txt: symlink"));
                assertThat(finished.metadata()).containsEntry("provider", "hollow");
                assertThat(LatestBuild.parse(store.read(BuildPaths.latestBuild(JOB)), "latest").value())
                        .isEqualTo(paths.build().value());
                assertThat(Files.readAllBytes(run.resolve("finished.json")))
                        .as("the local finished.json is left as the run wrote it")
                        .isEqualTo(localFinished);
            }
            assertThat(objects()).noneMatch(n -> n.contains("leak") || n.contains("slash"));
        }

        @Test
        void aJunitFileThatCannotBeUploadedTurnsTheVerdictIntoFailure() throws IOException {
            Path run = completeRun();
            Path junit = run.resolve("artifacts/junit_01.xml");
            Path outside = Files.move(junit, tmp.resolve("junit_01.xml"));
            Files.createSymbolicLink(junit, outside);

            uploader.upload(run, JOB, Optional.of(new BuildId(5)), Phase.ALL);

            Finished finished = Finished.parse(store.read(new BuildPaths(JOB, new BuildId(5)).finished()));
            assertThat(finished.result()).isEqualTo(Result.FAILURE);
            assertThat(finished.passed()).isFalse();
            assertThat(finished.metadata().get(Uploader.UPLOAD_PROBLEMS)).asList().singleElement().asString()
                    .startsWith("artifacts/junit_01.xml: symlink pointing outside");
        }

        @Test
        void problemsAlreadyListedLocallyAreKeptAndNotRepeated() {
            byte[] local = Finished.of(1, Result.SUCCESS, java.util.Map.of(Uploader.UPLOAD_PROBLEMS,
                    List.of("artifacts/a.zip: a zip archive"))).toJson();

            byte[] twice = Uploader.withUploadProblems(Uploader.withUploadProblems(local,
                    List.of("artifacts/p: not a regular file")), List.of("artifacts/p: not a regular file"));

            assertThat(Finished.parse(twice).metadata().get(Uploader.UPLOAD_PROBLEMS)).asList()
                    .containsExactly("artifacts/a.zip: a zip archive", "artifacts/p: not a regular file");
            assertThat(Uploader.withUploadProblems(local, List.of())).isSameAs(local);
        }

        @Test
        void aStartedJsonSymlinkIsRefused() throws IOException {
            Path run = RunDirs.copy("no-started", tmp.resolve("run"));
            Path elsewhere = Files.writeString(tmp.resolve("elsewhere.json"), "{\"timestamp\": 1}");
            Files.createSymbolicLink(run.resolve("started.json"), elsewhere);
            assertThatThrownBy(() -> uploader.start(run, JOB, Optional.empty()))
                    .isInstanceOf(UploadException.class).hasMessageContaining("symlink");
            assertThat(objects()).isEmpty();
        }
    }
}
