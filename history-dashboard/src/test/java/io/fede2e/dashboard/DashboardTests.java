package io.fede2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.dashboard.bench.SyntheticBuckets;
import io.fede2e.dashboard.fakes.GzipBucket;
import io.fede2e.dashboard.fakes.InMemoryObjectStore;
import io.fede2e.uploader.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardTests {

    static final long NOW = 1_795_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final SyntheticBuckets.Spec SMALL = new SyntheticBuckets.Spec(3, 2, 12, 60, 7, NOW - 3600, 6 * 3600);

    static DashboardConfig config(List<Path> roots) {
        return DashboardConfig.ofRoots(roots.stream().map(p -> p.toUri().toString()).toList());
    }

    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString();
                if (Files.isRegularFile(p) && !rel.startsWith(Dashboard.DEFAULT_CACHE)) {
                    out.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Nested
    class EndToEnd {

        @Test
        void buildsEveryPageFromFederatedFileBuckets(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Path out = tmp.resolve("site");

            DashboardResult r = Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);

            assertThat(r.jobs()).isEqualTo(6);
            assertThat(r.buildsRead()).isEqualTo(72);
            assertThat(r.buildsFromCache()).isZero();
            assertThat(r.tests()).isEqualTo(60);
            assertThat(r.index()).isEqualTo(out.toAbsolutePath().resolve("index.html"));
            assertThat(out.resolve("index.html")).exists();
            assertThat(out.resolve("matrix.html")).exists();
            assertThat(out.resolve("clusters.html")).exists();
            assertThat(out.resolve("flaky.html")).exists();
            assertThat(out.resolve("metrics.html")).exists();
            assertThat(out.resolve("assets/site.css")).exists();
            assertThat(out.resolve("data/summary.json")).exists();
            try (Stream<Path> s = Files.list(out.resolve("badges"))) {
                assertThat(s.count()).isEqualTo(6);
            }
            // one page per group of tests (SIG and a hash of the name), not per test
            java.util.Set<String> groups = new java.util.TreeSet<>();
            for (com.fasterxml.jackson.databind.JsonNode t : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(out.resolve("data/matrix.json").toFile()).get("tests")) {
                groups.add(io.fede2e.dashboard.render.TestPages.group(
                        io.fede2e.dashboard.model.Names.test(t.get("test").asText())) + ".html");
            }
            try (Stream<Path> s = Files.list(out.resolve("tests"))) {
                assertThat(s.map(p -> p.getFileName().toString()).toList())
                        .containsExactlyInAnyOrderElementsOf(groups).hasSizeLessThan(60);
            }
            String summary = read(out.resolve("index.html"));
            assertThat(summary).contains("ci-e2e-azure-0").contains("<th scope=\"col\">Status</th>");
        }
    }

    @Nested
    class Sources {

        @Test
        void appliesPrefixProviderExcludeJobsAndTheWindow(@TempDir Path tmp, @TempDir Path bucketDir) throws IOException {
            GzipBucket store = GzipBucket.in(bucketDir);
            String[] pass = {"[sig-a] t", "passed", ""};
            for (int id = 1; id <= 10; id++) {
                Fixtures.build(store, "ci-e2e", id, NOW - (30 - id) * 86400L, "x", Fixtures.junit(pass));
            }
            Fixtures.build(store, "ci-e2e", 11, NOW - 3600, "x", Fixtures.junit(pass));
            Fixtures.build(store, "ci-scratch", 1, NOW - 3600, "x", Fixtures.junit(pass));
            store.put("logs/bad name/1/started.json", Fixtures.started(NOW, "x"));
            SourceConfig source = new SourceConfig("gs://bucket", "azure:", "sig-azure", true, List.of("ci-scratch"),
                    "azure", 7);
            List<String> phases = new java.util.ArrayList<>();

            DashboardResult r = Dashboard.generate(new DashboardConfig(List.of(source), "T", null), tmp, CLOCK,
                    (phase, done, total) -> phases.add(phase), root -> store.store());

            assertThat(r.jobs()).isEqualTo(1);
            // builds are read newest first in batches of 8; the first batch reaches past the
            // 7 days, so the older builds are never read
            assertThat(r.buildsRead()).isEqualTo(8);
            try (Stream<Path> pages = Files.walk(tmp.resolve("builds"))) {
                assertThat(pages.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList())
                        .containsExactly("11.html");
            }
            String summary = read(tmp.resolve("index.html"));
            assertThat(summary).contains(">azure:ci-e2e</a>").contains("<td>azure</td>").doesNotContain("scratch")
                    .contains("<title>Summary &#183; T</title>");
            assertThat(phases).contains("read", "aggregate", "render");
        }

        @Test
        void readsEveryBuildOfANonSequentialSource(@TempDir Path tmp, @TempDir Path bucketDir) throws IOException {
            GzipBucket store = GzipBucket.in(bucketDir);
            String[] pass = {"t", "passed", ""};
            // ids do not follow time here: 9 is old, 5 is new
            Fixtures.build(store, "job", 9, NOW - 30 * 86400, "x", Fixtures.junit(pass));
            Fixtures.build(store, "job", 5, NOW - 3600, "x", Fixtures.junit(pass));
            SourceConfig source = new SourceConfig("gs://bucket", "", "", false, List.of(), "", 14);

            DashboardResult r = Dashboard.generate(new DashboardConfig(List.of(source), null, null), tmp, CLOCK,
                    ProgressListener.NONE, root -> store.store());

            assertThat(r.buildsRead()).isEqualTo(2);
            try (Stream<Path> pages = Files.walk(tmp.resolve("builds"))) {
                assertThat(pages.map(p -> p.getFileName().toString()).toList()).contains("5.html")
                        .doesNotContain("9.html");
            }
        }
    }

    @Nested
    class Configuration {

        @Test
        void refusesAnEmptySourceList() {
            assertThatThrownBy(() -> DashboardConfig.ofRoots(List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no sources");
        }

        @Test
        void opensEachSourceThroughTheOpener(@TempDir Path tmp) {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 100, "p", Fixtures.junit(new String[] {"a", "passed", ""}));
            DashboardResult r = Dashboard.generate(DashboardConfig.ofRoots(List.of("gs://bucket")), tmp, CLOCK,
                    ProgressListener.NONE, root -> store);
            assertThat(r.jobs()).isEqualTo(1);
            assertThat(r.tests()).isEqualTo(1);
        }
    }

    static byte[] resource(String path) {
        try (var in = DashboardTests.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + path, e);
        }
    }

    /** Through the real opener: the site opens (and closes) its own store on the bucket's directory. */
    static DashboardResult generate(GzipBucket bucket, Path out) {
        return Dashboard.generate(DashboardConfig.ofRoots(List.of(bucket.store().root())), out, CLOCK,
                ProgressListener.NONE);
    }

    static DashboardResult generate(InMemoryObjectStore store, Path out) {
        return Dashboard.generate(DashboardConfig.ofRoots(List.of(store.root())), out, CLOCK,
                ProgressListener.NONE, root -> store);
    }

    @Nested
    class Determinism {

        @Test
        void theSameInputGivesByteIdenticalSites(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);

            Dashboard.generate(config(roots), tmp.resolve("a"), CLOCK, ProgressListener.NONE);
            Dashboard.generate(config(roots), tmp.resolve("b"), CLOCK, ProgressListener.NONE);

            Map<String, byte[]> a = files(tmp.resolve("a"));
            Map<String, byte[]> b = files(tmp.resolve("b"));
            assertThat(a.keySet()).hasSizeGreaterThan(100).isEqualTo(b.keySet());
            a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
        }

        @Test
        void aSiteBuiltFromTheCacheIsByteIdenticalToAColdOne(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Path shared = tmp.resolve("cache");

            Dashboard.generate(config(roots).withCacheDir(shared), tmp.resolve("cold"), CLOCK, ProgressListener.NONE);
            DashboardResult warm = Dashboard.generate(config(roots).withCacheDir(shared), tmp.resolve("warm"), CLOCK,
                    ProgressListener.NONE);

            assertThat(warm.buildsRead()).isZero();
            Map<String, byte[]> cold = files(tmp.resolve("cold"));
            Map<String, byte[]> hot = files(tmp.resolve("warm"));
            assertThat(hot.keySet()).isEqualTo(cold.keySet());
            cold.forEach((name, bytes) -> assertThat(hot.get(name)).as(name).isEqualTo(bytes));
        }

        @Test
        void anIncrementalRunWritesWhatAColdRunOverTheSameInputWrites(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Path out = tmp.resolve("incremental");
            Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);
            SyntheticBuckets.Spec next = new SyntheticBuckets.Spec(3, 2, 13, 60, 7, NOW - 1800, 6 * 3600);
            for (int p = 0; p < 3; p++) {
                for (int j = 0; j < 2; j++) {
                    SyntheticBuckets.writeBuild(roots.get(p), next, p, j, 13);
                }
            }
            // later, so ages, the window and the summary's time all move
            Clock later = Clock.offset(CLOCK, java.time.Duration.ofHours(2));

            DashboardResult incremental = Dashboard.generate(config(roots), out, later, ProgressListener.NONE);
            Dashboard.generate(config(roots), tmp.resolve("cold"), later, ProgressListener.NONE);

            assertThat(incremental.buildsRead()).isEqualTo(6);
            Map<String, byte[]> cold = files(tmp.resolve("cold"));
            Map<String, byte[]> inc = files(out);
            assertThat(inc.keySet()).hasSizeGreaterThan(100).isEqualTo(cold.keySet());
            cold.forEach((name, bytes) -> assertThat(inc.get(name)).as(name).isEqualTo(bytes));
        }

        @Test
        void onlyTheSummaryNamesTheGenerationTime(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Path out = tmp.resolve("site");
            Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);

            assertThat(read(out.resolve("index.html"))).containsPattern("Generated [^<]*\\d{4}[^<]* by fede2e");
            for (String page : List.of("matrix.html", "flaky.html", "clusters.html", "metrics.html")) {
                assertThat(read(out.resolve(page))).as(page).contains("Generated by fede2e");
            }
        }

        @Test
        void htmlIsUtf8WithNewlinesOnly(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Dashboard.generate(config(roots), tmp.resolve("site"), CLOCK, ProgressListener.NONE);

            assertThat(read(tmp.resolve("site/index.html"))).doesNotContain("\r").startsWith("<!DOCTYPE html>");
        }
    }

    @Nested
    class Incremental {

        @Test
        void aRerunReadsOnlyNewBuilds(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Path out = tmp.resolve("site");
            Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);

            DashboardResult again = Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);
            assertThat(again.buildsRead()).isZero();
            assertThat(again.buildsFromCache()).isEqualTo(72);

            SyntheticBuckets.Spec next = new SyntheticBuckets.Spec(3, 2, 13, 60, 7, NOW - 1800, 6 * 3600);
            SyntheticBuckets.writeBuild(roots.get(0), next, 0, 0, 13);
            DashboardResult third = Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);
            assertThat(third.buildsRead()).isEqualTo(1);
            assertThat(third.buildsFromCache()).isEqualTo(72);
            assertThat(out.resolve("builds")).isDirectory();
        }

        @Test
        void aNewBuildRewritesOnlyTheNewestBlockOfTheGrid(@TempDir Path tmp) throws IOException {
            // 30 builds: block 1 holds builds 1-25, block 2 builds 26-30
            SyntheticBuckets.Spec spec = new SyntheticBuckets.Spec(1, 1, 30, 8, 7, NOW - 3600, 3 * 3600);
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), spec);
            Path out = tmp.resolve("site");
            Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);
            Path jobs = out.resolve("jobs");
            String slug;
            try (Stream<Path> s = Files.list(jobs)) {
                slug = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
            }
            Path block1 = jobs.resolve(slug).resolve("1.html");
            Path block2 = jobs.resolve(slug).resolve("2.html");
            String main = read(jobs.resolve(slug + ".html"));
            assertThat(main).contains("The newest 25 of the 30 builds").contains("href=\"" + slug + "/1.html\">#1&#8211;25</a>")
                    .contains("href=\"" + slug + "/2.html\">#26&#8211;30</a>").contains(">30</a></th>")
                    .doesNotContain(">5</a></th>");
            assertThat(read(block1)).contains(">25</a></th>").contains(">1</a></th>").doesNotContain(">26</a></th>")
                    .contains("all pages, newest builds and status</a>").doesNotContain("href=\"2.html\"").contains("Overall");
            byte[] before = Files.readAllBytes(block1);
            java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000L);
            Files.setLastModifiedTime(block1, old);
            Files.setLastModifiedTime(block2, old);

            SyntheticBuckets.Spec next = new SyntheticBuckets.Spec(1, 1, 31, 8, 7, NOW - 1800, 3 * 3600);
            SyntheticBuckets.writeBuild(roots.get(0), next, 0, 0, 31);
            Clock later = Clock.offset(CLOCK, java.time.Duration.ofHours(1));
            DashboardResult r = Dashboard.generate(config(roots), out, later, ProgressListener.NONE);

            assertThat(r.buildsRead()).isEqualTo(1);
            assertThat(Files.getLastModifiedTime(block1)).as("block 1 is not written again").isEqualTo(old);
            assertThat(Files.readAllBytes(block1)).isEqualTo(before);
            assertThat(Files.getLastModifiedTime(block2)).isNotEqualTo(old);
            assertThat(read(block2)).contains(">31</a></th>").contains(">26</a></th>");
            assertThat(read(jobs.resolve(slug + ".html"))).contains("#26&#8211;31</a>").contains(">31</a></th>")
                    .doesNotContain(">6</a></th>");
            // and the blocks kept are what a cold run over the same input writes
            Dashboard.generate(config(roots), tmp.resolve("cold"), later, ProgressListener.NONE);
            Map<String, byte[]> cold = files(tmp.resolve("cold"));
            Map<String, byte[]> inc = files(out);
            assertThat(inc.keySet()).isEqualTo(cold.keySet());
            cold.forEach((name, bytes) -> assertThat(inc.get(name)).as(name).isEqualTo(bytes));
        }

        @Test
        void aTestThatRanOnlyInOlderBuildsIsOnTheirBlockPageNotOnTheMainGrid(@TempDir Path tmp, @TempDir Path bucketDir)
                throws IOException {
            GzipBucket store = GzipBucket.in(bucketDir);
            String[] kept = {"[sig-a] still runs", "passed", ""};
            String[] gone = {"[sig-a] removed from the suite <b>", "failed", "boom"};
            for (int id = 1; id <= 27; id++) {
                String junit = id <= 2 ? Fixtures.junit(kept, gone) : Fixtures.junit(kept);
                Fixtures.build(store, "job", id, NOW - (28 - id) * 3600L, "p", junit);
            }

            generate(store, tmp);

            String main = read(tmp.resolve("jobs/job-" + slugOf(tmp) + ".html"));
            // the main page shows the newest 25 builds (3-27): the removed test has no result there
            assertThat(main).contains("1 test; 1 test ran only in older builds, on the pages below");
            assertThat(main.substring(main.indexOf("<tbody>"))).contains(">[sig-a] still runs<")
                    .doesNotContain("removed from the suite");
            String block = read(tmp.resolve("jobs/job-" + slugOf(tmp) + "/1.html"));
            assertThat(block).contains("removed from the suite &lt;b&gt;").contains("2 tests ran in these builds");
        }

        private static String slugOf(Path site) throws IOException {
            try (Stream<Path> s = Files.list(site.resolve("jobs"))) {
                String dir = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
                return dir.substring("job-".length());
            }
        }

        @Test
        void theFirstBuildOfANewBlockStartsItsPageAndLeavesTheFullOneAlone(@TempDir Path tmp) throws IOException {
            SyntheticBuckets.Spec spec = new SyntheticBuckets.Spec(1, 1, 25, 4, 7, NOW - 3600, 3 * 3600);
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), spec);
            Path out = tmp.resolve("site");
            Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);
            String slug;
            try (Stream<Path> s = Files.list(out.resolve("jobs"))) {
                slug = s.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
            }
            assertThat(out.resolve("jobs").resolve(slug).resolve("2.html")).doesNotExist();
            Path block1 = out.resolve("jobs/" + slug + "/1.html");
            byte[] before = Files.readAllBytes(block1);
            java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000L);
            Files.setLastModifiedTime(block1, old);

            SyntheticBuckets.writeBuild(roots.get(0), new SyntheticBuckets.Spec(1, 1, 26, 4, 7, NOW - 1800, 3 * 3600),
                    0, 0, 26);
            Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);

            assertThat(read(out.resolve("jobs/" + slug + "/2.html"))).contains(">26</a></th>")
                    .contains("Builds #26 (page 2").contains("href=\"1.html\">older builds (page 1)</a>");
            // a full block links to no newer one, so the next block starting leaves it alone
            assertThat(Files.getLastModifiedTime(block1)).isEqualTo(old);
            assertThat(Files.readAllBytes(block1)).isEqualTo(before);
            assertThat(read(out.resolve("jobs/" + slug + ".html"))).contains("href=\"" + slug + "/2.html\">#26</a>")
                    .contains("href=\"" + slug + "/1.html\">#1&#8211;25</a>");
        }

        @Test
        void aTestPageFollowsTheFailureTextsOfRunningAndRewrittenBuilds(@TempDir Path tmp, @TempDir Path bucketDir) throws IOException {
            GzipBucket store = GzipBucket.in(bucketDir);
            Fixtures.build(store, "job", 1, NOW - 7200, "p", Fixtures.junit(new String[] {"t", "failed", "boom one"}));
            store.put("logs/job/2/started.json", Fixtures.started(NOW - 600, "p"));
            store.put("logs/job/2/artifacts/junit_01.xml", Fixtures.junit(new String[] {"t", "failed", "first text"}));
            generate(store, tmp);
            Path page;
            try (Stream<Path> s = Files.list(tmp.resolve("tests"))) {
                page = s.findFirst().orElseThrow();
            }
            assertThat(read(page)).contains("boom one").contains("first text");

            // the running build's results change; the finished one is rewritten with a new generation
            store.put("logs/job/2/artifacts/junit_01.xml", Fixtures.junit(new String[] {"t", "failed", "second text"}));
            store.put("logs/job/1/artifacts/junit_01.xml", Fixtures.junit(new String[] {"t", "failed", "boom two"}));
            store.put("logs/job/1/finished.json", Fixtures.finished(NOW - 7000, false));
            generate(store, tmp);

            assertThat(read(page)).contains("boom two").contains("second text").doesNotContain("boom one")
                    .doesNotContain("first text");
        }

        @Test
        void theMatrixAndItsDataAreKeptWhileNoTestChangesAndWrittenWhenOneDoes(@TempDir Path tmp)
                throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 7200, "p", Fixtures.junit(new String[] {"a", "passed", ""},
                    new String[] {"b", "skipped", ""}));
            generate(store, tmp);
            List<Path> files = List.of(tmp.resolve("matrix.html"), tmp.resolve("data/matrix.json"));
            java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000L);
            for (Path f : files) {
                Files.setLastModifiedTime(f, old);
            }

            generate(store, tmp);
            for (Path f : files) {
                assertThat(Files.getLastModifiedTime(f)).as(f + ": nothing changed").isEqualTo(old);
            }

            Fixtures.build(store, "job", 2, NOW - 3600, "p", Fixtures.junit(new String[] {"a", "failed", "boom"},
                    new String[] {"b", "skipped", ""}));
            generate(store, tmp);
            for (Path f : files) {
                assertThat(Files.getLastModifiedTime(f)).as(f + ": a's newest result").isNotEqualTo(old);
            }
            assertThat(read(files.get(0))).contains("newest FAIL; 1 of 2 runs passed, 1 failed");
            assertThat(read(files.get(1))).contains("\"latest\":\"FAIL\",\"runs\":2,\"passes\":1,\"failures\":1");
        }

        @Test
        void aRewrittenFinishedJsonIsReadAgain(@TempDir Path tmp, @TempDir Path bucketDir) {
            GzipBucket store = GzipBucket.in(bucketDir);
            Fixtures.build(store, "job", 1, NOW - 100, "p", Fixtures.junit(new String[] {"a", "passed", ""}));
            generate(store, tmp);

            store.put("logs/job/1/finished.json", Fixtures.finished(NOW, false));
            DashboardResult r = generate(store, tmp);

            assertThat(r.buildsRead()).isEqualTo(1);
            assertThat(r.buildsFromCache()).isZero();
        }

        @Test
        void aCorruptCacheIsRebuiltNotTrusted(@TempDir Path tmp) throws IOException {
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), SMALL);
            Path out = tmp.resolve("site");
            Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);
            Map<String, byte[]> before = files(out);
            List<Path> snapshots;
            try (Stream<Path> s = Files.walk(out.resolve(Dashboard.DEFAULT_CACHE).resolve("jobs"))) {
                snapshots = s.filter(Files::isRegularFile).sorted().toList();
            }
            // one snapshot per job, each holding the job's 12 builds
            assertThat(snapshots).hasSize(6);
            // one with a flipped byte in the middle, one truncated, one replaced by garbage
            byte[] flipped = Files.readAllBytes(snapshots.get(0));
            flipped[flipped.length / 2] ^= 0x5a;
            Files.write(snapshots.get(0), flipped);
            byte[] whole = Files.readAllBytes(snapshots.get(1));
            Files.write(snapshots.get(1), java.util.Arrays.copyOf(whole, whole.length / 3));
            Files.writeString(snapshots.get(2), "not a cache entry");

            DashboardResult r = Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);

            assertThat(r.buildsRead()).isEqualTo(36);
            assertThat(r.buildsFromCache()).isEqualTo(36);
            Map<String, byte[]> after = files(out);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
            // and the snapshots were rewritten sound
            DashboardResult once = Dashboard.generate(config(roots), out, CLOCK, ProgressListener.NONE);
            assertThat(once.buildsRead()).isZero();
            assertThat(once.buildsFromCache()).isEqualTo(72);
        }

        @Test
        void aSnapshotOfAnotherJobIsNotTrusted(@TempDir Path tmp, @TempDir Path bucketDir) throws IOException {
            GzipBucket store = GzipBucket.in(bucketDir);
            Fixtures.build(store, "a", 1, NOW - 100, "p", Fixtures.junit(new String[] {"t", "passed", ""}));
            Fixtures.build(store, "b", 1, NOW - 100, "p", Fixtures.junit(new String[] {"t", "failed", "boom"}));
            generate(store, tmp);
            List<Path> snapshots;
            try (Stream<Path> s = Files.walk(tmp.resolve(Dashboard.DEFAULT_CACHE).resolve("jobs"))) {
                snapshots = s.filter(Files::isRegularFile).sorted().toList();
            }
            assertThat(snapshots).hasSize(2);
            // a sound snapshot under the other job's name: same build id and generation, other results
            Files.copy(snapshots.get(0), snapshots.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            DashboardResult r = generate(store, tmp);

            assertThat(r.buildsRead()).isEqualTo(1);
            assertThat(r.buildsFromCache()).isEqualTo(1);
        }

        @Test
        void pagesOfBuildsThatLeftTheWindowAreRemovedAndNothingElse(@TempDir Path tmp, @TempDir Path bucketDir) throws IOException {
            GzipBucket store = GzipBucket.in(bucketDir);
            Fixtures.build(store, "job", 1, NOW - 100, "p", Fixtures.junit(new String[] {"a", "passed", ""}));
            Fixtures.build(store, "job", 2, NOW - 50, "p", Fixtures.junit(new String[] {"a", "passed", ""}));
            Files.writeString(tmp.resolve("README.txt"), "mine");
            generate(store, tmp);
            String page = Files.list(tmp.resolve("builds")).findFirst().orElseThrow().getFileName().toString();
            assertThat(tmp.resolve("builds/" + page + "/1.html")).exists();

            store.delete("logs/job/1/started.json");
            store.delete("logs/job/1/finished.json");
            store.delete("logs/job/1/build-log.txt");
            store.delete("logs/job/1/artifacts/junit_01.xml");
            generate(store, tmp);

            assertThat(tmp.resolve("builds/" + page + "/1.html")).doesNotExist();
            assertThat(tmp.resolve("builds/" + page + "/2.html")).exists();
            assertThat(tmp.resolve("README.txt")).hasContent("mine");
        }
    }

    @Nested
    class BadBuilds {

        @TempDir
        Path bucketDir;
        GzipBucket store;

        @org.junit.jupiter.api.BeforeEach
        void open() {
            store = GzipBucket.in(bucketDir);
        }

        void good(int id) {
            Fixtures.build(store, "job", id, NOW - 1000 + id, "p",
                    Fixtures.junit(new String[] {"[sig-a] fine", "passed", ""}));
        }

        String buildPage(Path out, int id) throws IOException {
            try (Stream<Path> s = Files.list(out.resolve("builds"))) {
                return read(s.findFirst().orElseThrow().resolve(id + ".html"));
            }
        }

        @Test
        void aBadFileSpoilsOnlyItsBuildAndTheBuildPageSaysWhy(@TempDir Path tmp) throws IOException {
            good(1);
            good(2);
            store.put("logs/job/2/artifacts/junit_02.xml", resource("/builds/malformed/junit_01.xml"));
            good(3);
            store.put("logs/job/3/artifacts/junit_01.xml", resource("/builds/dtd/junit_01.xml"));
            good(4);
            store.put("logs/job/4/artifacts/junit_01.xml", resource("/builds/empty/junit_01.xml"));
            good(5);
            store.put("logs/job/5/finished.json", "{not json");
            good(6);
            store.delete("logs/job/6/started.json");
            good(7);

            DashboardResult r = generate(store, tmp);

            assertThat(r.jobs()).isEqualTo(1);
            assertThat(r.brokenBuilds()).isEqualTo(5);
            assertThat(buildPage(tmp, 2)).contains("Problems reading this build")
                    .contains("artifacts/junit_02.xml: malformed");
            assertThat(buildPage(tmp, 3)).contains("artifacts/junit_01.xml: forbidden dtd")
                    .doesNotContain("root:x:0");
            assertThat(buildPage(tmp, 4)).contains("artifacts/junit_01.xml: empty");
            assertThat(buildPage(tmp, 5)).contains("finished.json: ");
            assertThat(buildPage(tmp, 6)).contains("started.json is missing");
            assertThat(buildPage(tmp, 7)).doesNotContain("Problems reading this build");
            // the good part of build 2 is still shown
            assertThat(buildPage(tmp, 2)).contains("1 passed, 0 failed");
        }

        @Test
        void aStoreErrorOnOneFileIsShownAndNotCached(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore failing = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(failing, "job", 1, NOW - 999, "p", Fixtures.junit(new String[] {"[sig-a] fine", "passed", ""}));
            failing.failReadsOf("logs/job/1/artifacts/junit_01.xml");

            DashboardResult r = generate(failing, tmp);
            assertThat(r.brokenBuilds()).isEqualTo(1);
            assertThat(buildPage(tmp, 1)).contains("503 Service Unavailable");
        }

        @Test
        void aBuildWithoutFinishedJsonIsRunningFor24HoursThenAFailure(@TempDir Path tmp) throws IOException {
            store.put("logs/job/1/started.json", Fixtures.started(NOW - 25 * 3600, "p"));
            store.put("logs/job/2/started.json", Fixtures.started(NOW - 3600, "p"));

            generate(store, tmp);

            // layout's BuildState: a failure, and the page says why
            assertThat(buildPage(tmp, 1)).contains("<span class=\"state failed\">FAILURE</span>")
                    .contains("finished.json is missing 24 h after the start");
            assertThat(buildPage(tmp, 2)).contains("RUNNING").doesNotContain("finished.json is missing");
        }

        @Test
        void aFinishedJsonWithoutResultIsAFailureAndSaysSo(@TempDir Path tmp) throws IOException {
            store.put("logs/job/1/started.json", Fixtures.started(NOW - 600, "p"));
            store.put("logs/job/1/finished.json", "{\"timestamp\": " + (NOW - 60) + "}");

            generate(store, tmp);

            assertThat(buildPage(tmp, 1)).contains("<span class=\"state failed\">FAILURE</span>")
                    .contains("finished.json names no result");
        }

        @Test
        void anUnopenableSourceIsShownUnavailableWithItsCacheAndTheRestIsBuilt(@TempDir Path tmp)
                throws IOException {
            // in memory: the failing source is named gs://bucket, as its cache is
            InMemoryObjectStore bucket = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(bucket, "job", 1, NOW - 999, "p", Fixtures.junit(new String[] {"[sig-a] fine", "passed", ""}));
            InMemoryObjectStore other = new InMemoryObjectStore("gs://other");
            Fixtures.build(other, "elsewhere", 1, NOW - 100, "q", Fixtures.junit(new String[] {"b", "passed", ""}));
            DashboardConfig both = DashboardConfig.ofRoots(List.of("gs://bucket", "gs://other"));
            Dashboard.generate(both, tmp, CLOCK, ProgressListener.NONE,
                    root -> root.equals("gs://bucket") ? bucket : other);

            DashboardResult r = Dashboard.generate(both, tmp, CLOCK, ProgressListener.NONE, root -> {
                if (root.equals("gs://bucket")) {
                    throw new io.fede2e.uploader.ObjectStoreException("503 backend unreachable");
                }
                return other;
            });

            assertThat(r.jobs()).isEqualTo(2);
            assertThat(r.notices()).singleElement().asString()
                    .startsWith("source unavailable: gs://bucket cannot be listed: cannot be opened: 503 backend"
                            + " unreachable; showing the cached builds of 1 job");
            String index = read(tmp.resolve("index.html"));
            assertThat(index).contains("source unavailable: gs://bucket").contains("(showing 1 cached build)")
                    .contains("elsewhere");
        }

        @Test
        void aFailingJobListingCostsThatJobItsFreshBuildsOnly(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 999, "p", Fixtures.junit(new String[] {"[sig-a] fine", "passed", ""}));
            InMemoryObjectStore flaky = new InMemoryObjectStore("gs://bucket") {
                @Override
                public synchronized io.fede2e.uploader.Listing list(String prefix, String delimiter) {
                    if (prefix.equals("logs/job/")) {
                        throw new io.fede2e.uploader.ObjectStoreException("429 rate limited", true, null);
                    }
                    return store.list(prefix, delimiter);
                }
            };
            generate(store, tmp);

            DashboardResult r = generate(flaky, tmp);

            assertThat(r.jobs()).isEqualTo(1);
            assertThat(r.buildsFromCache()).isEqualTo(1);
            assertThat(r.notices()).singleElement().asString()
                    .isEqualTo("job unavailable: logs/job/ in gs://bucket cannot be listed: 429 rate limited;"
                            + " showing its cached builds");
            assertThat(read(tmp.resolve("index.html"))).contains("job unavailable: logs/job/ in gs://bucket");
        }

        @Test
        void jobsAreListedSideBySideAndTheirNoticesKeepTheJobsOrder(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            for (String job : List.of("job-a", "job-b", "job-c")) {
                Fixtures.build(store, job, 1, NOW - 999, "p", Fixtures.junit(new String[] {"[sig-a] fine", "passed", ""}));
            }
            java.util.concurrent.CountDownLatch lastListed = new java.util.concurrent.CountDownLatch(1);
            InMemoryObjectStore failing = new InMemoryObjectStore("gs://bucket") {
                @Override
                public io.fede2e.uploader.Listing list(String prefix, String delimiter) {
                    if (prefix.equals("logs/")) {
                        return store.list(prefix, delimiter);
                    }
                    if (prefix.equals("logs/job-c/")) {
                        lastListed.countDown();
                    } else if (prefix.equals("logs/job-a/")) {
                        // the first job answers last: only a listing of job-c, while job-a's is
                        // still open, lets it go on (read job after job, this waits out its bound)
                        try {
                            if (!lastListed.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                                throw new io.fede2e.uploader.ObjectStoreException("job-c was not listed meanwhile");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    throw new io.fede2e.uploader.ObjectStoreException("503 " + prefix, true, null);
                }
            };
            generate(store, tmp);

            DashboardResult r = generate(failing, tmp);

            assertThat(r.buildsFromCache()).isEqualTo(3);
            assertThat(r.notices()).containsExactly(
                    "job unavailable: logs/job-a/ in gs://bucket cannot be listed: 503 logs/job-a/; showing its cached builds",
                    "job unavailable: logs/job-b/ in gs://bucket cannot be listed: 503 logs/job-b/; showing its cached builds",
                    "job unavailable: logs/job-c/ in gs://bucket cannot be listed: 503 logs/job-c/; showing its cached builds");
        }

        @Test
        void aSourceThatWasNeverListedIsShownWithoutBuilds(@TempDir Path tmp) {
            DashboardResult r = Dashboard.generate(DashboardConfig.ofRoots(List.of("gs://x")), tmp, CLOCK,
                    ProgressListener.NONE, root -> {
                        throw new io.fede2e.uploader.ObjectStoreException("no credentials found");
                    });

            assertThat(r.jobs()).isZero();
            assertThat(r.notices()).containsExactly("source unavailable: gs://x cannot be listed: cannot be opened:"
                    + " no credentials found; showing the cached builds of 0 jobs");
            assertThat(tmp.resolve("index.html")).exists();
        }
    }

    @Nested
    class Skips {

        static String junit(String skipMessage) {
            return "<testsuites><testsuite name=\"e2e\" tests=\"2\">"
                    + "<testcase name=\"[sig-network] LoadBalancer should serve\" time=\"0\"><skipped message=\""
                    + Fixtures.xml(skipMessage) + "\"/></testcase>"
                    + "<testcase name=\"[sig-apps] Deployment should roll\" time=\"2\"/></testsuite></testsuites>";
        }

        DashboardResult site(Path out, Path cache, String skipMessage) {
            InMemoryObjectStore hollow = new InMemoryObjectStore("gs://hollow");
            Fixtures.build(hollow, "ci-e2e-hollow", 1, NOW - 7200, "hollow",
                    Fixtures.junit(new String[] {"[sig-network] LoadBalancer should serve", "passed", ""}));
            Fixtures.build(hollow, "ci-e2e-hollow", 2, NOW - 3600, "hollow", junit(skipMessage));
            InMemoryObjectStore kind = new InMemoryObjectStore("gs://kind");
            Fixtures.build(kind, "ci-e2e-kind", 1, NOW - 3600, "kind",
                    Fixtures.junit(new String[] {"[sig-network] LoadBalancer should serve", "passed", ""}));
            Map<String, ObjectStore> stores = Map.of("gs://hollow", hollow, "gs://kind", kind);
            return Dashboard.generate(DashboardConfig.ofRoots(List.of("gs://hollow", "gs://kind")).withCacheDir(cache),
                    out, CLOCK, ProgressListener.NONE, stores::get);
        }

        @Test
        void aSkippedTestIsSkippedWithItsReasonInTheMatrixTheGridAndTheJson(@TempDir Path tmp) throws IOException {
            site(tmp, tmp.resolve("cache"), "requires capability load-balancer");

            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("data/matrix.json")
                    .toFile());
            assertThat(json.get("skippedTests").toString()).isEqualTo("{\"hollow\":1,\"kind\":0}");
            var lb = java.util.stream.StreamSupport.stream(json.get("tests").spliterator(), false)
                    .filter(t -> t.get("test").asText().contains("LoadBalancer")).findFirst().orElseThrow();
            assertThat(lb.at("/providers/hollow/latest").asText()).isEqualTo("SKIP");
            assertThat(lb.at("/providers/hollow/skipReason").asText())
                    .isEqualTo("requires capability load-balancer");
            assertThat(lb.at("/providers/hollow/skips").asInt()).isEqualTo(1);
            assertThat(lb.at("/providers/hollow/runs").asInt()).isEqualTo(1);
            assertThat(lb.at("/providers/kind/latest").asText()).isEqualTo("PASS");
            assertThat(lb.at("/providers/kind/skipReason").isMissingNode()).isTrue();

            String matrix = read(tmp.resolve("matrix.html"));
            assertThat(matrix).contains("<th scope=\"col\">hollow<span class=\"skipped\">1 skipped</span></th>")
                    .contains("<th scope=\"col\">kind<span class=\"skipped\"></span></th>")
                    .contains("title=\"hollow: skipped in its newest build: requires capability load-balancer; 1 of 1"
                            + " runs passed, 0 failed, 0 flaky, 1 skipped\"")
                    .contains("s SKIPPED</a>")
                    .contains("<span class=\"reason\">requires capability load-balancer</span>")
                    .contains("data-states=\"|PASS|SKIP|\"")
                    // a test a provider's runs never had is not a skip
                    .contains("title=\"kind: no result (not in this provider&#39;s runs)\"");

            String grid;
            try (Stream<Path> jobs = Files.list(tmp.resolve("jobs"))) {
                grid = read(jobs.filter(p -> p.getFileName().toString().startsWith("ci-e2e-hollow-")).findFirst()
                        .orElseThrow());
            }
            assertThat(grid).contains("<td class=\"c skip\" title=\"skipped: requires capability load-balancer\">s</td>");
        }

        @Test
        void aHostileSkipReasonIsShownAsText(@TempDir Path tmp) throws IOException {
            Path out = tmp.resolve("site");
            site(out, tmp.resolve("cache"), "<img src=x onerror=alert(9)>\" onmouseover=\"alert(10)");

            for (Map.Entry<String, byte[]> e : files(out).entrySet()) {
                if (!e.getKey().endsWith(".html")) {
                    continue; // data/*.json holds the text as a JSON string, which is data, not markup
                }
                String page = new String(e.getValue(), StandardCharsets.UTF_8);
                assertThat(page).as(e.getKey()).doesNotContain("<img src=x").doesNotContain("\" onmouseover=");
            }
            assertThat(read(out.resolve("matrix.html")))
                    .contains("<span class=\"reason\">&lt;img src=x onerror=alert(9)&gt;&quot; onmouseover=&quot;"
                            + "alert(10)</span>");
        }

        @Test
        void aCachedRunShowsTheSameSkipsAsAColdOne(@TempDir Path tmp) throws IOException {
            site(tmp.resolve("cold"), tmp.resolve("cache"), "requires capability load-balancer");
            // the second run takes every build from the snapshots, where reasons are a column
            DashboardResult warm = site(tmp.resolve("warm"), tmp.resolve("cache"), "requires capability load-balancer");

            assertThat(warm.buildsRead()).isZero();
            Map<String, byte[]> cold = files(tmp.resolve("cold"));
            Map<String, byte[]> hot = files(tmp.resolve("warm"));
            assertThat(hot.keySet()).isEqualTo(cold.keySet());
            cold.forEach((name, bytes) -> assertThat(hot.get(name)).as(name).isEqualTo(bytes));
            assertThat(new String(hot.get("matrix.html"), StandardCharsets.UTF_8)).contains("s SKIPPED</a>");
        }
    }

    @Nested
    class Hostile {

        @Test
        void untrustedTextIsShownAsTextOnEveryPage(@TempDir Path tmp, @TempDir Path bucketDir) throws IOException {
            GzipBucket store = GzipBucket.in(bucketDir);
            String dir = "logs/job/1/";
            store.put(dir + "started.json", "{\"timestamp\": " + (NOW - 100)
                    + ", \"metadata\": {\"provider\": \"<b>evil</b>\"}, \"repo-version\": \"\\\" onmouseover=\\\"x\"}");
            store.put(dir + "artifacts/junit_01.xml", resource("/builds/hostile/junit_01.xml"));
            store.put(dir + "build-log.txt", "<script>alert(7)</script>\nERROR: <img src=x onerror=alert(8)>\n");
            store.put(dir + "finished.json", Fixtures.finished(NOW - 50, false));

            generate(store, tmp);

            Map<String, byte[]> site = files(tmp);
            assertThat(site.keySet()).anyMatch(n -> n.startsWith("tests/"));
            for (Map.Entry<String, byte[]> e : site.entrySet()) {
                if (!e.getKey().endsWith(".html") && !e.getKey().endsWith(".svg")) {
                    continue;
                }
                String page = new String(e.getValue(), StandardCharsets.UTF_8);
                assertThat(page).as(e.getKey())
                        .doesNotContain("<script>alert")
                        .doesNotContain("<img src=x")
                        .doesNotContain("\" onmouseover=")
                        .doesNotContain("<b>evil")
                        .doesNotContainPattern("href=\"javascript:");
            }
            String build = read(Files.list(tmp.resolve("builds")).findFirst().orElseThrow().resolve("1.html"));
            assertThat(build).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .contains("&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
                    .contains("&lt;img src=x onerror=alert(8)&gt;");
            String matrix = read(tmp.resolve("matrix.html"));
            assertThat(matrix).contains("data-name=\"[sig-x] quote &quot; onmouseover=&quot;alert(5)&quot; x=&quot;\"");
        }

        @Test
        void everyPageIsAsciiWhateverTheNamesHold(@TempDir Path tmp) throws IOException {
            // Latin-1 beyond ASCII, a C1 control, CJK and an emoji: pages carry them as references,
            // so each page is built and written as ASCII (and a C1 control is no character at all)
            String name = "[sig-x] caf\u00e9 \u00b7 \u0085 \u6d4b\u8bd5 \ud83d\ude00 works";
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 100, "pr\u00f6vider",
                    Fixtures.junit(new String[] {name, "failed", "expected \u00bd got \u2153"}));

            generate(store, tmp);

            Map<String, byte[]> site = files(tmp);
            for (Map.Entry<String, byte[]> e : site.entrySet()) {
                if (e.getKey().endsWith(".html") || e.getKey().endsWith(".svg")) {
                    for (byte b : e.getValue()) {
                        assertThat(b).as(e.getKey()).isNotNegative();
                    }
                }
            }
            assertThat(read(tmp.resolve("matrix.html")))
                    .contains("caf&#233; &#183; &#65533; &#27979;&#35797; &#128512; works");
        }

        @Test
        void artifactLinksPointOnlyIntoTheSourceBucket(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket") {
                @Override
                public String browseUrl(String name) {
                    return name.endsWith("evil.txt") ? "javascript:alert(1)" : super.browseUrl(name);
                }
            };
            Fixtures.build(store, "job", 1, NOW - 100, "p", Fixtures.junit(new String[] {"a", "passed", ""}));
            store.put("logs/job/1/artifacts/evil.txt", "x");

            generate(store, tmp);

            String build = read(Files.list(tmp.resolve("builds")).findFirst().orElseThrow().resolve("1.html"));
            assertThat(build).contains("href=\"https://storage.example.test/bucket/logs/job/1/artifacts/junit_01.xml\"")
                    .doesNotContain("javascript:")
                    .contains("<li>artifacts/evil.txt</li>");
        }
    }
}
