package io.fede2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fede2e.dashboard.bench.SyntheticBuckets;
import io.fede2e.dashboard.fakes.InMemoryObjectStore;
import io.fede2e.dashboard.model.Names;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.render.TestPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test pages grouped by SIG and a hash of the name: every test keeps one stable URL,
 * {@code tests/<group>.html#t-<slug>}, that every page links and that resolves.
 */
class TestPagesTests {

    static final Pattern SECTION_ID = Pattern.compile("<section class=\"test\" id=\"([^\"]*)\"");
    static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    /** The ids of the test sections of a group's page, in page order. */
    static List<String> sections(Path page) throws IOException {
        List<String> ids = new ArrayList<>();
        Matcher m = SECTION_ID.matcher(Files.readString(page, StandardCharsets.UTF_8));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The link to {@code name} on the matrix page. */
    static String matrixLink(Path site, String name) throws IOException {
        String matrix = Files.readString(site.resolve("matrix.html"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<a href=\"([^\"]*)\">" + Pattern.quote(Fixtures.xml(name)) + "</a>")
                .matcher(matrix);
        assertThat(m.find()).as("the matrix links " + name).isTrue();
        return m.group(1);
    }

    static String[] pass(String name) {
        return new String[] {name, "passed", ""};
    }

    static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + " behaviour " + i + " should hold");
        }
        return out;
    }

    static void build(InMemoryObjectStore store, String job, int id, List<String> names) {
        Fixtures.build(store, job, id, DashboardTests.NOW - 3600 + id, "p",
                Fixtures.junit(names.stream().map(TestPagesTests::pass).toArray(String[][]::new)));
    }

    @Nested
    class Urls {

        @Test
        void aTestsGroupIsItsSigAndTheFirstBitsOfTheSha256OfItsName() {
            String name = "[sig-node] Pods should run [Conformance]";
            int bucket = Character.digit(Names.hash(name).charAt(0), 16);
            TestInfo t = Names.test(name);

            assertThat(TestPages.group(t)).isEqualTo("sig-node-" + bucket);
            assertThat(TestPages.href(t, "../")).isEqualTo("../tests/sig-node-" + bucket + ".html#t-" + t.slug());
            assertThat(TestPages.href(Names.test("[sig-node] Pods should run"), ""))
                    .as("the README's example: the same in every JVM and run")
                    .isEqualTo("tests/sig-node-12.html#t-sig-node-pods-should-run-cdfe81bc");
            assertThat(TestPages.group(Names.test("no sig here"))).matches("other-([0-9]|1[0-5])");
            assertThat(TestPages.group(Names.test("[sig-API Machinery/x] y"))).matches("sig-api-machinery-x-\\d+");
            assertThat(TestPages.group(Names.test("[sig-<>] y"))).as("no letter in the SIG").matches("other-\\d+");
        }

        @Test
        void everySigIsSpreadOverSixteenGroups() {
            Set<String> groups = new TreeSet<>();
            for (String n : names("[sig-apps] Deployment", 400)) {
                groups.add(TestPages.group(Names.test(n)));
            }
            assertThat(groups).hasSize(TestPages.BUCKETS).allMatch(g -> g.matches("sig-apps-([0-9]|1[0-5])"));
        }

        @Test
        void aTestsUrlDoesNotMoveWhenOtherTestsComeOrGo(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            List<String> first = new ArrayList<>(names("[sig-node] Pods", 30));
            build(store, "job", 1, first);
            DashboardTests.generate(store, tmp);
            String kept = first.get(7);
            String before = matrixLink(tmp, kept);

            // most of the other tests go, many new ones come, of the same SIG and of others
            List<String> second = new ArrayList<>(List.of(kept));
            second.addAll(names("[sig-node] Volumes", 60));
            second.addAll(names("[sig-apps] Jobs", 20));
            build(store, "job", 2, second);
            build(store, "other", 1, second);
            DashboardTests.generate(store, tmp);

            assertThat(matrixLink(tmp, kept)).isEqualTo(before)
                    .isEqualTo(TestPages.href(Names.test(kept), ""));
            String file = before.substring(0, before.indexOf('#'));
            assertThat(sections(tmp.resolve(file))).contains(before.substring(before.indexOf('#') + 1));
        }
    }

    @Nested
    class Groups {

        @Test
        void aGroupHoldsExactlyItsTestsByName(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            List<String> all = new ArrayList<>(names("[sig-node] Pods", 40));
            all.addAll(names("[sig-apps] Jobs", 40));
            all.addAll(names("Unowned test", 10));
            build(store, "job", 1, all);

            DashboardTests.generate(store, tmp);

            Map<String, List<String>> expected = new TreeMap<>();
            for (String n : new TreeSet<>(all)) {
                TestInfo t = Names.test(n);
                expected.computeIfAbsent(TestPages.group(t) + ".html", k -> new ArrayList<>()).add("t-" + t.slug());
            }
            Map<String, List<String>> actual = new TreeMap<>();
            try (var files = Files.list(tmp.resolve("tests"))) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    actual.put(p.getFileName().toString(), sections(p));
                }
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.size()).isLessThan(all.size());
        }

        @Test
        void aGroupWhoseTestsDidNotChangeIsNotWrittenAgain(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            List<String> node = names("[sig-node] Pods", 5);
            List<String> apps = names("[sig-apps] Jobs", 5);
            build(store, "node", 1, node);
            build(store, "apps", 1, apps);
            DashboardTests.generate(store, tmp);
            Path nodePage = tmp.resolve(TestPages.href(Names.test(node.get(0)), "").replaceAll("#.*", ""));
            Path appsPage = tmp.resolve(TestPages.href(Names.test(apps.get(0)), "").replaceAll("#.*", ""));
            FileTime old = FileTime.fromMillis(1_000_000_000_000L);
            Files.setLastModifiedTime(nodePage, old);
            Files.setLastModifiedTime(appsPage, old);

            build(store, "apps", 2, apps);
            DashboardTests.generate(store, tmp);

            assertThat(Files.getLastModifiedTime(nodePage)).as("only node's job is unchanged").isEqualTo(old);
            assertThat(Files.getLastModifiedTime(appsPage)).isNotEqualTo(old);
            assertThat(Files.readString(appsPage, StandardCharsets.UTF_8)).contains("2 runs, 0 failed");
        }
    }

    @Nested
    class Keys {

        final String name = "[sig-node] Pods behaviour should hold";

        /** Sets the page's time back and says whether the next run wrote it again. */
        boolean rewritten(Path page, InMemoryObjectStore store, Path site) throws IOException {
            FileTime old = FileTime.fromMillis(1_000_000_000_000L);
            Files.setLastModifiedTime(page, old);
            DashboardTests.generate(store, site);
            return !Files.getLastModifiedTime(page).equals(old);
        }

        void running(InMemoryObjectStore store, String[] result, String seconds) {
            store.put("logs/job/2/artifacts/junit_01.xml",
                    Fixtures.junit(result).replace("time=\"1.5\"", "time=\"" + seconds + "\""));
        }

        @Test
        void aGroupPageIsWrittenAgainExactlyWhenAValueItShowsChangesInARunningBuild(@TempDir Path tmp)
                throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            build(store, "job", 1, List.of(name));
            // build 2 has no finished.json: its record is read again in every run
            store.put("logs/job/2/started.json", Fixtures.started(DashboardTests.NOW - 600, "p"));
            running(store, pass(name), "1.5");
            DashboardTests.generate(store, tmp);
            Path page = tmp.resolve(TestPages.href(Names.test(name), "").replaceAll("#.*", ""));
            String first = Files.readString(page, StandardCharsets.UTF_8);

            assertThat(rewritten(page, store, tmp)).as("nothing changed").isFalse();

            running(store, pass(name), "42.5");
            assertThat(rewritten(page, store, tmp)).as("a duration of the running build").isTrue();
            assertThat(Files.readString(page, StandardCharsets.UTF_8)).isNotEqualTo(first);

            running(store, new String[] {name, "skipped", ""}, "42.5");
            assertThat(rewritten(page, store, tmp)).as("a state of the running build").isTrue();
            assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("1 runs, 0 failed");

            running(store, new String[] {name, "failed", "first text"}, "42.5");
            assertThat(rewritten(page, store, tmp)).as("a failure in the running build").isTrue();
            running(store, new String[] {name, "failed", "second text"}, "42.5");
            assertThat(rewritten(page, store, tmp)).as("only the failure's text").isTrue();
            assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("second text")
                    .doesNotContain("first text");
            assertThat(rewritten(page, store, tmp)).as("nothing changed").isFalse();
        }

        @Test
        void aGroupPageIsWrittenAgainWhenATestComesToAnotherJobAndKeptWhenAnotherJobChanges(@TempDir Path tmp)
                throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            build(store, "job", 1, List.of(name));
            build(store, "other", 1, List.of("[sig-apps] Jobs behaviour 1 should hold"));
            DashboardTests.generate(store, tmp);
            Path page = tmp.resolve(TestPages.href(Names.test(name), "").replaceAll("#.*", ""));

            Fixtures.build(store, "other", 2, DashboardTests.NOW - 3000, "p",
                    Fixtures.junit(new String[] {"[sig-apps] Jobs behaviour 1 should hold", "failed", "x"}));
            assertThat(rewritten(page, store, tmp)).as("a job it is not in").isFalse();

            Fixtures.build(store, "other", 3, DashboardTests.NOW - 2000, "p", Fixtures.junit(pass(name)));
            assertThat(rewritten(page, store, tmp)).as("a job it comes to").isTrue();
            assertThat(Files.readString(page, StandardCharsets.UTF_8).split("1 runs, 0 failed, 0 flaky", -1))
                    .as("a timeline in each job").hasSize(3);
        }
    }

    @Nested
    class Links {

        /** Every href to a test page on every page of the site: the file exists and holds the anchor. */
        @Test
        void everyTestLinkOnEveryPageResolvesToAFileAndASection(@TempDir Path tmp) throws IOException {
            // 30 builds a job, so the grids have blocks (jobs/<job>/<k>.html) too; test 42 has metrics
            SyntheticBuckets.Spec spec = new SyntheticBuckets.Spec(2, 2, 30, 50, 7, DashboardTests.NOW - 3600,
                    6 * 3600);
            List<Path> roots = SyntheticBuckets.write(tmp.resolve("buckets"), spec);
            Path site = tmp.resolve("site");
            Dashboard.generate(DashboardTests.config(roots), site, DashboardTests.CLOCK, ProgressListener.NONE);

            Map<Path, Set<String>> ids = new TreeMap<>();
            Set<String> linking = new TreeSet<>();
            int links = 0;
            for (String rel : DashboardTests.files(site).keySet()) {
                if (!rel.endsWith(".html")) {
                    continue;
                }
                Path page = site.resolve(rel);
                Matcher m = HREF.matcher(Files.readString(page, StandardCharsets.UTF_8));
                while (m.find()) {
                    String href = m.group(1);
                    Path target = href.startsWith("#") ? page : page.getParent().resolve(href.replaceAll("#.*", ""))
                            .normalize();
                    boolean toTest = target.startsWith(site.resolve("tests")) && href.contains("#t-");
                    if (!toTest) {
                        continue;
                    }
                    links++;
                    // the kind of page: jobs/ (a grid), jobs/*/ (a block), builds/*/, tests/, or the file
                    linking.add(rel.replaceAll("^([^/]+/)[^/]+/[^/]+$", "$1*/").replaceAll("^([^/]+/)[^/*]+$", "$1"));
                    assertThat(target).as(rel + ": " + href).isRegularFile();
                    Set<String> sections = ids.computeIfAbsent(target, p -> {
                        try {
                            return new HashSet<>(sections(p));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    assertThat(sections).as(rel + ": " + href).contains(href.substring(href.indexOf('#') + 1));
                }
            }
            assertThat(linking).containsExactlyInAnyOrder("matrix.html", "flaky.html", "clusters.html", "metrics.html",
                    "jobs/", "jobs/*/", "builds/*/", "tests/");
            assertThat(links).isGreaterThan(spec.tests());
            JsonNode matrix = new ObjectMapper().readTree(site.resolve("data/matrix.json").toFile());
            Set<String> inSections = new TreeSet<>();
            ids.values().forEach(inSections::addAll);
            assertThat(inSections).as("every test is linked from somewhere").hasSize(matrix.get("tests").size());
        }
    }

    @Nested
    class Escaping {

        @Test
        void anUntrustedNameIsTextInItsSectionAndNeverInTheIdOrLink(@TempDir Path tmp) throws IOException {
            String name = "[sig-x\" onclick=\"a] it's <b>bold</b> & \"quoted\"  with spaces";
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, DashboardTests.NOW - 100, "p",
                    Fixtures.junit(new String[] {name, "failed", "boom"}));

            DashboardTests.generate(store, tmp);

            String href = TestPages.href(Names.test(name), "");
            assertThat(href).matches("tests/sig-x-onclick-a-\\d+\\.html#t-[a-z0-9-]+");
            String id = href.substring(href.indexOf('#') + 1);
            String page = Files.readString(tmp.resolve(href.substring(0, href.indexOf('#'))), StandardCharsets.UTF_8);
            String escaped = "[sig-x&quot; onclick=&quot;a] it&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"
                    + "  with spaces";
            assertThat(page).doesNotContain("<b>bold").doesNotContain("\" onclick=\"")
                    .contains("<section class=\"test\" id=\"" + id + "\" data-title=\"" + escaped + " &#183; ")
                    .contains("<h2 class=\"testname\" id=\"" + id + "-h\">" + escaped + "</h2>")
                    .contains("<li><a href=\"" + href.substring(href.indexOf('#')) + "\">" + escaped + "</a></li>");
            assertThat(Files.readString(tmp.resolve("matrix.html"), StandardCharsets.UTF_8))
                    .contains("href=\"" + href + "\">" + escaped + "</a>");
        }
    }

    @Nested
    class Durations {

        /** The markup of {@code name}'s section on its group's page. */
        private String section(Path site, String name) throws IOException {
            TestInfo t = Names.test(name);
            String page = Files.readString(site.resolve("tests/" + TestPages.group(t) + ".html"),
                    StandardCharsets.UTF_8);
            int from = page.indexOf("<section class=\"test\" id=\"t-" + t.slug() + "\"");
            assertThat(from).as("the section of " + name).isNotNegative();
            return page.substring(from, page.indexOf("</section>", from));
        }

        @Test
        void oneRunIsSaidNotDrawnAndTwoRunsAreAChartWithItsLegend(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            String once = "[sig-node] Pods run once";
            String twice = "[sig-node] Pods run twice";
            String skipped = "[sig-node] Pods never run";
            Fixtures.build(store, "job", 1, DashboardTests.NOW - 7200, "azure", Fixtures.junit(pass(twice),
                    new String[] {skipped, "skipped", ""}));
            Fixtures.build(store, "job", 2, DashboardTests.NOW - 3600, "azure", Fixtures.junit(pass(once),
                    pass(twice), new String[] {skipped, "skipped", ""}));

            DashboardTests.generate(store, tmp);

            // a line of one point draws nothing: the run's duration is said instead
            assertThat(section(tmp, once)).contains("<h3>Duration</h3>\n<p class=\"few-runs\">One run: 1.5 s on azure.</p>")
                    .doesNotContain("<svg class=\"chart\"").doesNotContain("legend-item");
            assertThat(section(tmp, skipped)).contains("<p class=\"few-runs\">No run with a known start time.</p>")
                    .doesNotContain("<svg class=\"chart\"");
            assertThat(section(tmp, twice)).contains("<figure class=\"chart-box\"><svg class=\"chart\"")
                    .contains("<polyline").contains("<span class=\"legend-item\">").doesNotContain("few-runs");
        }
    }
}
