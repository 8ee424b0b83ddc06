package io.fede2e.dashboard.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.ProgressListener;
import io.fede2e.dashboard.fakes.GzipBucket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile bucket corpus (issue 14): the site is built every time, in a JVM whose heap is
 * bounded at 1 GiB; each bad build shows its problem on its page; the good job's pages are the
 * very bytes they are without the hostile job beside it. The figures go to
 * {@code target/hostile-corpus.txt}.
 */
class HostileBucketTests {

    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(HostileCorpus.NOW), ZoneOffset.UTC);

    @TempDir
    static Path tmp;
    static List<HostileCorpus.Case> cases;
    static Map<String, String> child = new TreeMap<>();
    static String childOutput;
    static int exit;

    @BeforeAll
    static void buildTheSiteInABoundedJvm() throws Exception {
        Path bucket = tmp.resolve("bucket");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        cases = HostileCorpus.write(bucket, outside);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx1g", "-XX:+ExitOnOutOfMemoryError",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                HostileCorpusMain.class.getName(), bucket.toString(), tmp.resolve("site").toString())
                .redirectErrorStream(true).start();
        // the output is read to its end before waiting, so the child never blocks on a full pipe
        childOutput = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the site generation ended").isTrue();
        exit = p.exitValue();
        for (String line : childOutput.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("notice=")) {
                child.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
    }

    /** The folder of a job's pages: the job's name and a hash of its source (see Names.slug). */
    private static String slug(Path site, String job) throws IOException {
        try (Stream<Path> s = Files.list(site.resolve("builds"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(job + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no build pages of " + job + " in " + site));
        }
    }

    private static String page(long build) throws IOException {
        Path site = tmp.resolve("site");
        return Files.readString(site.resolve("builds/" + slug(site, HostileCorpus.HOSTILE) + "/" + build + ".html"),
                StandardCharsets.UTF_8);
    }

    @Test
    void theCorpusHasAtLeastFortyCases() {
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cases).extracting(HostileCorpus.Case::name).doesNotHaveDuplicates();
    }

    @Test
    void theSiteIsBuiltWithinAOneGibibyteHeap() {
        assertThat(exit).as(childOutput).isZero();
        assertThat(child.get("maxHeapMiB")).isNotNull();
        assertThat(Long.parseLong(child.get("maxHeapMiB"))).isLessThanOrEqualTo(1024);
        assertThat(Integer.parseInt(child.get("jobs"))).isEqualTo(2);
    }

    @Test
    void eachBadBuildShowsItsProblem() throws IOException {
        List<String> missing = new ArrayList<>();
        for (HostileCorpus.Case c : cases) {
            String page = page(c.build());
            if (!page.contains(c.expect())) {
                int at = page.indexOf("Problems reading this build");
                missing.add(c.name() + " (build " + c.build() + "): expected '" + c.expect() + "' in "
                        + (at < 0 ? "a page without problems" : page.substring(at, page.indexOf("</section>", at))));
            }
            assertThat(page).as(c.name()).doesNotContain("<script>alert").doesNotContain("<img src=x")
                    .doesNotContain("root:x:0").doesNotContain("[sig-h] stolen");
        }
        assertThat(missing).isEmpty();
        writeFigures();
    }

    @Test
    void nothingOfTheGoodJobChanges(@TempDir Path alone) throws IOException {
        try (GzipBucket bucket = GzipBucket.in(alone.resolve("bucket"))) {
            HostileCorpus.writeControl(bucket);
        }
        Dashboard.generate(DashboardConfig.ofRoots(List.of(alone.resolve("bucket").toUri().toString())),
                alone.resolve("site"), CLOCK, ProgressListener.NONE);

        Map<String, String> expected = controlPages(alone.resolve("site"), alone.resolve("bucket"));
        Map<String, String> actual = controlPages(tmp.resolve("site"), tmp.resolve("bucket"));
        assertThat(expected.keySet()).as("build pages, grid and badge").hasSizeGreaterThanOrEqualTo(
                HostileCorpus.CONTROL_BUILDS + 2);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, text) -> assertThat(actual.get(name)).as(name).isEqualTo(text));
    }

    /**
     * The control job's build pages, grid pages and badge, by path, with the bucket's location
     * (which differs between the two runs' folders) replaced by {@code BUCKET}.
     */
    private static Map<String, String> controlPages(Path site, Path bucket) throws IOException {
        String slug = slug(site, HostileCorpus.CONTROL);
        String root = bucket.toUri().toString();
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(site)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = site.relativize(p).toString();
                if (rel.startsWith("builds/" + slug + "/") || rel.startsWith("badges/" + slug)
                        || rel.startsWith("jobs/" + slug)) {
                    out.put(rel, Files.readString(p, StandardCharsets.UTF_8).replace(root, "BUCKET/")
                            .replace(root.substring(0, root.length() - 1), "BUCKET"));
                }
            }
        }
        return out;
    }

    private static void writeFigures() throws IOException {
        String figures = "load: " + Files.readString(Path.of("/proc/loadavg")).strip() + "\ninputs tried: "
                + cases.size() + " hostile builds beside " + HostileCorpus.CONTROL_BUILDS
                + " good ones\nsite built: " + (exit == 0 ? "yes" : "no") + " (exit " + exit + ")\nbuilds shown: "
                + child.get("builds") + ", with problems: " + child.get("broken") + "\nheap bound: "
                + child.get("maxHeapMiB") + " MiB, peak RSS " + child.get("peakRssKiB") + " KiB\nwall: "
                + child.get("wallMs") + " ms, process CPU " + child.get("cpuMs") + " ms\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/hostile-corpus.txt"), figures + childOutput, StandardCharsets.UTF_8);
    }
}
