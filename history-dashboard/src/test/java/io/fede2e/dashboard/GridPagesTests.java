package io.fede2e.dashboard;

import static io.fede2e.dashboard.DashboardTests.NOW;
import static io.fede2e.dashboard.DashboardTests.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.fakes.InMemoryObjectStore;
import io.fede2e.dashboard.model.Names;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.render.TestPages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's grid pages ({@code jobs/<job>.html} and its blocks {@code jobs/<job>/<k>.html}): the
 * rows' markup, built in code, with every untrusted text escaped, and the pages' keys, which
 * decide whether a page is written again.
 */
class GridPagesTests {

    static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    /** The slug of the job named "job" in a site: its grid is {@code jobs/<slug>.html}. */
    static String jobSlug(Path site) throws IOException {
        try (Stream<Path> s = Files.list(site.resolve("jobs"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("job-")).findFirst().orElseThrow();
        }
    }

    /** A junit file of one skipped test with {@code reason} and one passing test. */
    static String skipped(String test, String reason, String passing) {
        return "<testsuites><testsuite name=\"e2e\" tests=\"2\"><testcase name=\"" + Fixtures.xml(test)
                + "\" time=\"0\"><skipped message=\"" + Fixtures.xml(reason) + "\"/></testcase><testcase name=\""
                + Fixtures.xml(passing) + "\" time=\"2\"/></testsuite></testsuites>";
    }

    /** A build that started and has no finished.json yet. */
    static void running(InMemoryObjectStore store, String job, int id, String junit) {
        store.put("logs/" + job + "/" + id + "/started.json", Fixtures.started(NOW - 600, "p"));
        store.put("logs/" + job + "/" + id + "/artifacts/junit_01.xml", junit);
    }

    @Nested
    class Rows {

        @Test
        void aRowIsItsTestsLinkWithItsCountsAsTooltipThenItsCells(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            String name = "[sig-apps] Deployment should roll";
            Fixtures.build(store, "job", 1, NOW - 7200, "p", Fixtures.junit(new String[] {name, "passed", ""}));
            Fixtures.build(store, "job", 2, NOW - 3600, "p", Fixtures.junit(new String[] {name, "failed", "boom"}));

            DashboardTests.generate(store, tmp);

            String slug = jobSlug(tmp);
            TestInfo t = Names.test(name);
            // exactly the markup the template's row loop made, one line per row
            assertThat(read(tmp.resolve("jobs/" + slug + ".html"))).contains("<tbody>\n<tr class=\"overall\">")
                    .contains("</tr>\n<tr><th scope=\"row\" title=\"2 runs, 1 failed, 0 flaky, flakiness 50.0%\"><a href=\""
                            + TestPages.href(t, "../") + "\">" + name + "</a></th><td class=\"c fail\"><a href=\"../builds/"
                            + slug + "/2.html#t-" + t.slug() + "\" aria-label=\"FAIL\">&#10007;</a></td>"
                            + "<td class=\"c pass\">&#10003;</td></tr>\n</tbody>\n");
            assertThat(read(tmp.resolve("jobs/" + slug + "/1.html")))
                    .contains("</tr>\n<tr><th scope=\"row\" title=\"2 runs, 1 failed, 0 flaky in these builds\"><a href=\""
                            + TestPages.href(t, "../../") + "\">" + name + "</a></th><td class=\"c fail\"><a href=\""
                            + "../../builds/" + slug + "/2.html#t-" + t.slug() + "\" aria-label=\"FAIL\">&#10007;</a></td>"
                            + "<td class=\"c pass\">&#10003;</td></tr>\n</tbody>\n");
        }

        @Test
        void aJobWithoutTestsHasAnEmptyBody(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 3600, "p", Fixtures.junit());

            DashboardTests.generate(store, tmp);

            String slug = jobSlug(tmp);
            assertThat(read(tmp.resolve("jobs/" + slug + ".html"))).contains("</tr>\n</tbody>\n").contains("0 tests");
            assertThat(read(tmp.resolve("jobs/" + slug + "/1.html"))).contains("</tr>\n</tbody>\n")
                    .contains("0 tests ran in these builds");
        }

        @Test
        void hostileTestNamesAndSkipReasonsAreTextInTheRowsOfEveryGridPage(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            String name = "[sig-x] <script>alert(1)</script> \" onmouseover=\"alert(2)' & \u6d4b\u8bd5 \u2013 \ud83d\ude00";
            String skippedName = "[sig-x] skipped <b>bold</b>";
            String reason = "<img src=x onerror=alert(9)>\" title=\"alert(10)";
            Fixtures.build(store, "job", 1, NOW - 7200, "p", Fixtures.junit(new String[] {name, "failed", "x"}));
            Fixtures.build(store, "job", 2, NOW - 3600, "p", skipped(skippedName, reason, name));

            DashboardTests.generate(store, tmp);

            String slug = jobSlug(tmp);
            String escaped = "[sig-x] &lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;alert(2)&#39; &amp;"
                    + " &#27979;&#35797; &#8211; &#128512;";
            for (String page : new String[] {"jobs/" + slug + ".html", "jobs/" + slug + "/1.html"}) {
                String html = read(tmp.resolve(page));
                String body = html.substring(html.indexOf("<tbody>"));
                assertThat(body).as(page).contains(">" + escaped + "</a></th>")
                        .contains(">[sig-x] skipped &lt;b&gt;bold&lt;/b&gt;</a></th>")
                        .contains("<td class=\"c skip\" title=\"skipped: &lt;img src=x onerror=alert(9)&gt;&quot;"
                                + " title=&quot;alert(10)\">s</td>")
                        .doesNotContain("<script>").doesNotContain("<b>").doesNotContain("<img")
                        .doesNotContain("\" onmouseover=").doesNotContain("\" title=\"alert");
                // the link is made of the test's slug alone, whatever its name holds
                assertThat(body).as(page).contains("#t-" + Names.test(name).slug() + "\">");
            }
        }
    }

    @Nested
    class Order {

        @Test
        void aBlockListsItsOwnFailuresFirstThenEveryOtherTestByName(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            // 26 builds: block 1 holds builds 1-25, block 2 build 26; b failed in build 1 only, so
            // the job's rows start with it, and in block 2 it is one of the tests without a failure
            for (int id = 1; id <= 26; id++) {
                Fixtures.build(store, "job", id, NOW - 7200 + id, "p", Fixtures.junit(
                        new String[] {"[sig-a] c", "passed", ""}, new String[] {"[sig-a] b", id == 1 ? "failed" : "passed", "x"},
                        new String[] {"[sig-a] e", "passed", ""}, new String[] {"[sig-a] a", "passed", ""},
                        new String[] {"[sig-a] d", id == 26 ? "failed" : "passed", "y"}));
            }

            DashboardTests.generate(store, tmp);

            Path jobs = tmp.resolve("jobs").resolve(jobSlug(tmp));
            assertThat(rowNames(jobs.resolve("1.html"))).containsExactly("b", "a", "c", "d", "e");
            assertThat(rowNames(jobs.resolve("2.html"))).containsExactly("d", "a", "b", "c", "e");
            assertThat(rowNames(jobs.resolveSibling(jobSlug(tmp) + ".html"))).containsExactly("b", "d", "a", "c", "e");
        }

        /** The tests' names of a grid page's rows, without "[sig-a] ", in page order. */
        private static List<String> rowNames(Path page) throws IOException {
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("\">\\[sig-a\\] (\\w)</a></th>")
                    .matcher(read(page));
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    @Nested
    class Keys {

        @Test
        void aRerunOverTheSameBuildsWritesNoGridPageAndANewBuildElsewhereLeavesThemAlone(@TempDir Path tmp)
                throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            for (int id = 1; id <= 27; id++) {
                Fixtures.build(store, "job", id, NOW - 7200 + id, "p",
                        Fixtures.junit(new String[] {"[sig-a] t" + id % 3, id % 5 == 0 ? "failed" : "passed", "boom"}));
            }
            Fixtures.build(store, "other", 1, NOW - 7200, "p", Fixtures.junit(new String[] {"[sig-a] t", "passed", ""}));
            DashboardTests.generate(store, tmp);
            Path main = tmp.resolve("jobs").resolve(jobSlug(tmp) + ".html");
            Path block1 = tmp.resolve("jobs").resolve(jobSlug(tmp)).resolve("1.html");
            Path block2 = tmp.resolve("jobs").resolve(jobSlug(tmp)).resolve("2.html");
            byte[] before = Files.readAllBytes(main);
            for (Path p : new Path[] {main, block1, block2}) {
                Files.setLastModifiedTime(p, OLD);
            }

            Fixtures.build(store, "other", 2, NOW - 3600, "p", Fixtures.junit(new String[] {"[sig-a] t", "failed", "x"}));
            DashboardTests.generate(store, tmp);

            for (Path p : new Path[] {main, block1, block2}) {
                assertThat(Files.getLastModifiedTime(p)).as(p.toString()).isEqualTo(OLD);
            }
            assertThat(Files.readAllBytes(main)).isEqualTo(before);
        }

        @Test
        void aFinishedBuildWrittenAgainIsShownAgain(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 3600, "p", suite("failed", "passed"));
            DashboardTests.generate(store, tmp);
            Path main = tmp.resolve("jobs").resolve(jobSlug(tmp) + ".html");
            Path block = tmp.resolve("jobs").resolve(jobSlug(tmp)).resolve("1.html");
            assertThat(read(main)).contains(">[sig-a] b</a></th><td class=\"c pass\">");

            // the same build uploaded again (new generations) with another failure: the build, its
            // column and the job's status stay as they were, only a row differs
            Fixtures.build(store, "job", 1, NOW - 3600, "p", suite("failed", "failed"));
            DashboardTests.generate(store, tmp);

            assertThat(read(main)).contains(">[sig-a] b</a></th><td class=\"c fail\">")
                    .contains("[sig-a] a failed in its last 1 run");
            assertThat(read(block)).contains(">[sig-a] b</a></th><td class=\"c fail\">");
        }

        @Test
        void aRunningBuildsGridIsWrittenAgainExactlyWhenItsResultsChange(@TempDir Path tmp) throws IOException {
            InMemoryObjectStore store = new InMemoryObjectStore("gs://bucket");
            Fixtures.build(store, "job", 1, NOW - 7200, "p", suite("failed", "passed"));
            running(store, "job", 2, suite("failed", "passed"));
            DashboardTests.generate(store, tmp);
            Path main = tmp.resolve("jobs").resolve(jobSlug(tmp) + ".html");
            Path block = tmp.resolve("jobs").resolve(jobSlug(tmp)).resolve("1.html");
            assertThat(read(main)).contains("title=\"2 runs, 0 failed,").contains("[sig-a] a failed in its last 2 runs");
            Files.setLastModifiedTime(main, OLD);
            Files.setLastModifiedTime(block, OLD);

            // read again (it has no finished.json), with the same results: the pages are kept
            DashboardTests.generate(store, tmp);
            assertThat(Files.getLastModifiedTime(main)).isEqualTo(OLD);
            assertThat(Files.getLastModifiedTime(block)).isEqualTo(OLD);

            // a result changes while it runs, and nothing else the pages show: both show the new one
            running(store, "job", 2, suite("failed", "failed"));
            DashboardTests.generate(store, tmp);
            assertThat(read(main)).contains("title=\"2 runs, 1 failed,").contains("[sig-a] a failed in its last 2 runs");
            assertThat(read(block)).contains("title=\"2 runs, 1 failed, 0 flaky in these builds\"");
        }
    }

    /** Five tests: [sig-a] a with {@code a}, [sig-a] b with {@code b}, three passing ones. */
    static String suite(String a, String b) {
        return Fixtures.junit(new String[] {"[sig-a] a", a, "boom"}, new String[] {"[sig-a] b", b, "bang"},
                new String[] {"[sig-a] c", "passed", ""}, new String[] {"[sig-a] d", "passed", ""},
                new String[] {"[sig-a] e", "passed", ""});
    }
}
