package io.fede2e.dashboard.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.dashboard.SourceConfig;
import io.fede2e.dashboard.model.Aggregator;
import io.fede2e.dashboard.model.CellState;
import io.fede2e.dashboard.model.GridRow;
import io.fede2e.dashboard.model.ProviderCell;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.model.TestSummary;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobBuilds;
import io.fede2e.dashboard.read.Outcome;
import io.fede2e.dashboard.read.TestResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RenderTests {

    @Nested
    class EscapingByDefault {

        final Templates templates = new Templates();

        @Test
        void everyInsertedValueIsEscapedWithoutTheTemplateAskingForIt() {
            String out = templates.render("escape-probe.vm",
                    Map.of("v", "<script>alert(1)</script>\" onmouseover=\"x' &", "h", new Html("<b>ours</b>")));

            assertThat(out).isEqualTo("<p title=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39;"
                    + " &amp;\">&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39; &amp;</p>\n"
                    + "<div><b>ours</b></div>\n");
        }

        @Test
        void anObjectWhoseToStringLooksLikeMarkupIsStillEscaped() {
            Object sneaky = new Object() {
                @Override
                public String toString() {
                    return "<i>not trusted</i>";
                }
            };
            assertThat(templates.render("escape-probe.vm", Map.of("v", sneaky, "h", new Html(""))))
                    .contains("&lt;i&gt;not trusted&lt;/i&gt;");
        }

        @Test
        void anUnknownReferenceFailsInsteadOfPrintingItsName() {
            assertThatThrownBy(() -> templates.render("escape-probe.vm", Map.of("v", "x")))
                    .hasMessageContaining("$h");
        }
    }

    @Nested
    class Escaping {

        @Test
        void replacesControlCharacters() {
            assertThat(Escape.html("a\u0000b\u001bc\td\ne")).isEqualTo("a&#65533;b&#65533;c\td\ne");
        }

        @Test
        void writesCharactersBeyondAsciiAsReferencesSoPagesStayAscii() {
            // an en dash, a CJK name, an emoji (a surrogate pair), a lone surrogate, Latin-1 beyond ASCII
            assertThat(Escape.html("a\u2013b \u30c6\u30b9\u30c8 \ud83d\ude00 \ud800x \u00e9\u00b7"))
                    .isEqualTo("a&#8211;b &#12486;&#12473;&#12488; &#128512; &#65533;x &#233;&#183;");
            assertThat(Escape.html("\ud83d\ude00")).isEqualTo("&#128512;");
            assertThat(Escape.html("end\ud83d")).isEqualTo("end&#65533;");
        }

        @Test
        void leavesPlainTextAlone() {
            String s = "[sig-apps] Deployment should work";
            assertThat(Escape.html(s)).isSameAs(s);
        }
    }

    @Nested
    class LinksOut {

        @Test
        void acceptsHttpAndFileUrlsInsideTheBucket() {
            assertThat(Links.inside("https://storage.googleapis.com/b/logs/j/1/",
                    "https://storage.googleapis.com/b/logs/j/1/artifacts/a.log")).isPresent();
            assertThat(Links.inside("file:///srv/r/logs/j/1/", "file:///srv/r/logs/j/1/build-log.txt")).isPresent();
        }

        @Test
        void refusesOtherSchemesAndPlacesOutsideTheBucket() {
            assertThat(Links.inside("javascript:", "javascript:alert(1)")).isEmpty();
            assertThat(Links.inside("data:", "data:text/html,<script>")).isEmpty();
            assertThat(Links.inside("https://storage.googleapis.com/b/logs/j/1/", "https://evil.example/x")).isEmpty();
            assertThat(Links.inside("https://s/b/logs/j/1/", "https://s/b/logs/j/1/../../../other")).isEmpty();
            assertThat(Links.inside("https://s/b/", "https://s/b/a\" onclick=\"x")).isEmpty();
            assertThat(Links.inside(null, "https://s/b/x")).isEmpty();
        }
    }

    @Nested
    class ViewDigests {

        record V(String a, String b, java.util.List<String> list, Html h, int n) {
        }

        @Test
        void equalViewsShareADigestAndAnyChangeMovesIt() {
            V v = new V("x", "y", java.util.List.of("p", "q"), new Html("<b>"), 3);
            String d = ViewDigest.of("t", v);
            assertThat(ViewDigest.of("t", new V("x", "y", java.util.List.of("p", "q"), new Html("<b>"), 3))).isEqualTo(d);
            assertThat(ViewDigest.of("u", v)).isNotEqualTo(d);
            assertThat(ViewDigest.of("t", new V("x", "y", java.util.List.of("p", "q"), new Html("<b>"), 4))).isNotEqualTo(d);
            assertThat(ViewDigest.of("t", new V("x", "y", java.util.List.of("p", "q", ""), new Html("<b>"), 3)))
                    .isNotEqualTo(d);
        }

        @Test
        void hostileTextCannotMakeTwoViewsLookAlike() {
            // the same characters split differently between fields, as a toString-based key would confuse
            assertThat(ViewDigest.of(new V("a, b=c", "d", java.util.List.of(), null, 0)))
                    .isNotEqualTo(ViewDigest.of(new V("a", "c, b=d", java.util.List.of(), null, 0)))
                    .isNotEqualTo(ViewDigest.of(new V("a", "c", java.util.List.of(), null, 0)));
            assertThat(ViewDigest.of(java.util.List.of("ab", "c"))).isNotEqualTo(ViewDigest.of(java.util.List.of("a", "bc")));
        }

        @Test
        void anUnknownValueTypeIsRefusedRatherThanIgnored() {
            assertThatThrownBy(() -> ViewDigest.of(new java.util.HashMap<String, String>()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HashMap");
        }

        @Test
        void aViewsDigestIsTheOneAnOlderGeneratorKept() {
            // what the generator of 6d40a3d made of these values: pages keyed by of() (build pages,
            // grid blocks) are recognised across the upgrade to compact keys, not all rendered again
            assertThat(ViewDigest.of("t", new Views.Nav("index.html", "Summary", "page"), List.of("p", 3),
                    new Html("<b>"), 7L, 0.5, true, CellState.PASS, new byte[] {1, 2}, null, "\u00e9\u4e2d"))
                    .isEqualTo("0004b5924f9782cdb98f871f589f8ec32b2bc542ee9d38e5e922898cf075ed01");
        }

        /** A compact key of every kind of value, with {@code change} applied at step {@code at}. */
        private String compact(int at) {
            ViewDigest d = ViewDigest.start("kind");
            d.text(at == 0 ? "b" : "a");
            d.i32(at == 1 ? 2 : 1);
            d.count(at == 2 ? 3 : 2);
            d.i64(at == 3 ? 4L : 3L);
            d.f64(at == 4 ? -0.0 : 0.0);
            d.floats(at == 5 ? new float[] {1f, 2.5f} : new float[] {1f, 2f});
            d.cells(at == 6 ? new byte[] {9, 0, 1, 1} : new byte[] {9, 0, 0, 1}, 1, 4);
            d.value(at == 7 ? new Views.Nav("x", "y", "z") : new Views.Nav("x", "y", "false"));
            if (at != 8) {
                d.end();
            }
            return d.hex();
        }

        @Test
        void aCompactKeyMovesWithEveryValueItIsGiven() {
            assertThat(compact(-1)).isEqualTo(compact(-1)).hasSize(64);
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (int at = -1; at <= 8; at++) {
                keys.add(compact(at));
            }
            assertThat(keys).as("each change gives its own key").hasSize(10);
            assertThat(ViewDigest.start("other").text("a").hex()).isNotEqualTo(ViewDigest.start("kind").text("a").hex());
        }

        @Test
        void hostileTextOrSplitValuesCannotMakeTwoCompactKeysLookAlike() {
            assertThat(ViewDigest.start("k").text("ab").text("c").hex())
                    .isNotEqualTo(ViewDigest.start("k").text("a").text("bc").hex())
                    .isNotEqualTo(ViewDigest.start("k").text("abc").hex())
                    .isNotEqualTo(ViewDigest.start("k").text("ab").text("c").text("").hex())
                    .isNotEqualTo(ViewDigest.start("k").text("ab").text("c").text(null).hex());
            // one number in its three forms, and a count that spans several bytes
            assertThat(java.util.Set.of(ViewDigest.start("k").i32(1).hex(), ViewDigest.start("k").count(1).hex(),
                    ViewDigest.start("k").i64(1).hex(), ViewDigest.start("k").count(1 << 20).hex(),
                    ViewDigest.start("k").count(0).count(1 << 13).hex())).hasSize(5);
            // runs of states: where a run ends and how long the range is both count
            assertThat(java.util.Set.of(ViewDigest.start("k").cells(new byte[] {0, 0, 1}, 0, 3).hex(),
                    ViewDigest.start("k").cells(new byte[] {0, 1, 1}, 0, 3).hex(),
                    ViewDigest.start("k").cells(new byte[] {0, 0, 1, 1}, 0, 4).hex(),
                    ViewDigest.start("k").cells(new byte[] {0, 0}, 0, 2).cells(new byte[] {1}, 0, 1).hex(),
                    ViewDigest.start("k").cells(new byte[300], 0, 300).hex(),
                    ViewDigest.start("k").cells(new byte[301], 0, 301).hex())).hasSize(6);
            // a compact key never meets a key of of(), whatever the kind's text
            assertThat(ViewDigest.start("k").hex()).isNotEqualTo(ViewDigest.of("k"));
            assertThatThrownBy(() -> ViewDigest.start("k").count(-1)).isInstanceOf(IllegalArgumentException.class);
        }

        record W(String a, String b, java.util.List<String> list, Html h, int n) {
        }

        @Test
        void aCompactValueIsTheWholeRecordWithItsClass() {
            V v = new V("x", "y", List.of("p"), new Html("<b>"), 3);
            String d = ViewDigest.start("k").value(v).value(v).hex();
            assertThat(ViewDigest.start("k").value(new V("x", "y", List.of("p"), new Html("<b>"), 3)).value(v).hex())
                    .isEqualTo(d);
            assertThat(java.util.Set.of(d,
                    ViewDigest.start("k").value(v).value(new W("x", "y", List.of("p"), new Html("<b>"), 3)).hex(),
                    ViewDigest.start("k").value(v).value(new V("x", "y", List.of("p"), new Html("<b>"), 4)).hex(),
                    ViewDigest.start("k").value(v).value(new V("x", "y", List.of("p", ""), new Html("<b>"), 3)).hex(),
                    ViewDigest.start("k").value(v).value(new V("x", "y", List.of("p"), new Html("<i>"), 3)).hex(),
                    ViewDigest.start("k").value(v).value(new V("xy", "", List.of("p"), new Html("<b>"), 3)).hex()))
                    .hasSize(6);
            assertThatThrownBy(() -> ViewDigest.start("k").value(new java.util.HashMap<String, String>()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HashMap");
        }

        @Test
        void everyComponentOfATestsSummaryCountsInItsKey() throws ReflectiveOperationException {
            TestSummary base = new TestSummary(new TestInfo("[sig-a] t [Conformance]", "sig-a-t-12345678", "a",
                    List.of("Conformance")), List.of(
                    new ProviderCell("p1", CellState.FAIL, 3, 1, 2, 0, 1, 25.0, "job-a", 7, ""),
                    new ProviderCell("p2", CellState.SKIP, 0, 0, 0, 0, 4, 0.0, "job-b", 9, "needs dns")),
                    2, 25.0, List.of("p1"));
            String key = ViewDigest.start("k").summary(base).hex();
            List<Object> variants = RecordVariants.variants(base);
            // TestSummary's 5 components, TestInfo's 4 and ProviderCell's 11 twice, and one more of each list
            assertThat(variants).hasSizeGreaterThanOrEqualTo(5 + 4 + 2 * 11);
            assertThat(ViewDigest.start("k").summary(RecordVariants.copy(base)).hex()).isEqualTo(key);
            for (Object v : variants) {
                assertThat(ViewDigest.start("k").summary((TestSummary) v).hex()).as(v.toString()).isNotEqualTo(key);
            }
        }

        @Test
        void aTemplateDigestCoversItsSource() {
            Templates t = new Templates();
            assertThat(t.digest("grid.vm")).isEqualTo(t.digest("grid.vm")).isNotEqualTo(t.digest("build.vm"));
            assertThatThrownBy(() -> t.digest("missing.vm")).hasMessageContaining("missing.vm");
        }
    }

    @Nested
    class KeptPages {

        @Test
        void aPageIsKeptOnlyWithItsDigestAndLengthAndStillThere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
                throws java.io.IOException {
            SiteWriter first = new SiteWriter(tmp);
            first.write("jobs/a.html", "<p>a</p>", "d1");
            first.write("jobs/b.html", "<p>b</p>", "d2");
            first.write("c.html", "<p>c</p>", "d3");
            first.write("data/x.json", "{}");
            first.finish();
            assertThat(java.nio.file.Files.readString(tmp.resolve(SiteWriter.MANIFEST)))
                    .isEqualTo("c.html\td3 8\ndata/x.json\njobs/a.html\td1 8\njobs/b.html\td2 8\n");

            java.nio.file.Files.writeString(tmp.resolve("c.html"), "<p>changed by hand</p>");
            SiteWriter second = new SiteWriter(tmp);
            assertThat(second.reuse("jobs/a.html", "d1")).isTrue();
            assertThat(second.reuse("jobs/b.html", "other")).isFalse();
            assertThat(second.reuse("c.html", "d3")).as("length differs").isFalse();
            assertThat(second.reuse("data/x.json", "")).isFalse();
            assertThat(second.reuse("new.html", "d4")).isFalse();
            second.write("jobs/b.html", "<p>bb</p>", "d5");
            second.finish();

            assertThat(second.reused()).isEqualTo(1);
            assertThat(tmp.resolve("jobs/a.html")).hasContent("<p>a</p>");
            assertThat(tmp.resolve("c.html")).doesNotExist();
            assertThat(tmp.resolve("data/x.json")).doesNotExist();
            assertThat(java.nio.file.Files.readString(tmp.resolve(SiteWriter.MANIFEST)))
                    .isEqualTo("jobs/a.html\td1 8\njobs/b.html\td5 9\n");
        }

        @Test
        void aDeletedPageIsRenderedAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
                throws java.io.IOException {
            SiteWriter first = new SiteWriter(tmp);
            first.write("a.html", "<p>a</p>", "d1");
            first.finish();
            java.nio.file.Files.delete(tmp.resolve("a.html"));

            assertThat(new SiteWriter(tmp).reuse("a.html", "d1")).isFalse();
        }

        @Test
        void aManifestOfAnOlderVersionWithoutDigestsKeepsNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
                throws java.io.IOException {
            java.nio.file.Files.writeString(tmp.resolve("a.html"), "<p>a</p>");
            java.nio.file.Files.writeString(tmp.resolve(SiteWriter.MANIFEST), "a.html\n");

            SiteWriter w = new SiteWriter(tmp);
            assertThat(w.reuse("a.html", "d1")).isFalse();
            w.finish();
            assertThat(tmp.resolve("a.html")).doesNotExist();
        }

        @Test
        void refusesDigestsAndNamesThatWouldBreakTheManifest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
            SiteWriter w = new SiteWriter(tmp);
            assertThatThrownBy(() -> w.write("a.html", "x", "has space")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.write("a\tb.html", "x", "d")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A job of finished builds, newest first, each given as the outcomes of tests a and b ("PASS,FAIL"). */
    static io.fede2e.dashboard.model.Job job(String... newestFirst) {
        List<BuildRecord> builds = new ArrayList<>();
        for (int k = 0; k < newestFirst.length; k++) {
            long id = newestFirst.length - k;
            String[] o = newestFirst[k].split(",");
            List<TestResult> tests = new ArrayList<>();
            for (int t = 0; t < o.length; t++) {
                if (!o[t].equals("NONE")) {
                    // SKIP:reason gives a skip its reason
                    String[] state = o[t].split(":", 2);
                    tests.add(new TestResult(String.valueOf((char) ('a' + t)), Outcome.valueOf(state[0]), 2f + id,
                            state.length > 1 ? state[1] : "", "", "", Map.of()));
                }
            }
            builds.add(new BuildRecord("gs://b", "job", id, 1, 1000 * id, 1000 * id + 60, "SUCCESS", "", "", List.of(),
                    tests, List.of(), "", List.of()));
        }
        return new Aggregator(List.of(SourceConfig.of("gs://b")), Instant.ofEpochSecond(1_000_000))
                .aggregate("t", List.of(new JobBuilds(0, "job", builds))).jobs().get(0);
    }

    static GridRow row(io.fede2e.dashboard.model.Job job, String test) {
        return job.rows().stream().filter(r -> r.test().name().equals(test)).findFirst().orElseThrow();
    }

    @Nested
    class Timelines {

        @Test
        void aRunOfOneStateIsOneTitledBarAndEachFailureItsOwnLinkedSquare() {
            io.fede2e.dashboard.model.Job job = job("PASS", "PASS", "FAIL", "PASS", "PASS", "PASS", "FLAKY", "PASS");

            String svg = Snippets.timeline(job, row(job, "a"), "../builds/j/").toString();

            // oldest left: 1 PASS, 2 FLAKY, 3-5 PASS, 6 FAIL, 7-8 PASS
            assertThat(svg).contains("<title>1: PASS</title>", "<title>3&#8211;5 (3 builds): PASS</title>",
                    "<title>7&#8211;8 (2 builds): PASS</title>");
            assertThat(count(svg, "<rect")).isEqualTo(5);
            assertThat(count(svg, "<a href=")).isEqualTo(2);
            assertThat(svg).contains("<a href=\"../builds/j/6.html#t-" + row(job, "a").test().slug() + "\"><rect class=\"fail\"")
                    .contains("<a href=\"../builds/j/2.html#t-").contains("<title>6: FAIL</title>");
            // a failure is told by a mark, not colour alone; the bar keeps a square's width per build
            assertThat(svg).contains("<path class=\"x\"").contains("width=\"32\"").contains("width=\"21\"");
            assertThat(svg).contains("aria-label=\"8 builds, 8 runs, 1 failed\"");
        }

        @Test
        void theMarkupOfALongPassingHistoryDoesNotGrowWithItsBuilds() {
            String[] ten = new String[10];
            String[] hundred = new String[100];
            Arrays.fill(ten, "PASS");
            Arrays.fill(hundred, "PASS");
            io.fede2e.dashboard.model.Job short10 = job(ten);
            io.fede2e.dashboard.model.Job long100 = job(hundred);

            String a = Snippets.timeline(short10, row(short10, "a"), "b/").toString();
            String b = Snippets.timeline(long100, row(long100, "a"), "b/").toString();

            assertThat(count(b, "<rect")).isEqualTo(1);
            assertThat(b.length()).isLessThan(a.length() + 20);
        }
    }

    @Nested
    class GridCells {

        @Test
        void onlyFailuresAndFlakesLinkToTheBuildPageWhereTheirEntryIs() {
            io.fede2e.dashboard.model.Job job = job("PASS,FAIL", "FLAKY,SKIP", "NONE,PASS");

            String a = Snippets.gridCells(job, row(job, "a"), "../builds/j/", 0, 3).toString();
            String b = Snippets.gridCells(job, row(job, "b"), "../builds/j/", 0, 3).toString();

            assertThat(a).isEqualTo("<td class=\"c pass\">&#10003;</td><td class=\"c flaky\"><a href=\"../builds/j/2.html#t-"
                    + row(job, "a").test().slug() + "\" aria-label=\"FLAKY\">~</a></td><td class=\"c no-result\"></td>");
            assertThat(b).startsWith("<td class=\"c fail\"><a href=\"../builds/j/3.html#t-")
                    .endsWith("<td class=\"c skip\">s</td><td class=\"c pass\">&#10003;</td>");
            assertThat(Snippets.gridCells(job, row(job, "a"), "x/", 1, 2).toString())
                    .isEqualTo("<td class=\"c flaky\"><a href=\"x/2.html#t-" + row(job, "a").test().slug()
                            + "\" aria-label=\"FLAKY\">~</a></td>");
        }

        @Test
        void skipsOfOneReasonAndCellsWithoutAResultSpanTheirColumnsAsOneCell() {
            io.fede2e.dashboard.model.Job job = job("SKIP:no lb", "SKIP:no lb", "SKIP:<b>x</b>", "SKIP", "NONE,PASS",
                    "NONE,PASS", "PASS,PASS");

            String a = Snippets.gridCells(job, row(job, "a"), "../builds/j/", 0, 7).toString();

            assertThat(a).isEqualTo("<td class=\"c skip\" colspan=\"2\" title=\"skipped in 2 builds: no lb\">s</td>"
                    + "<td class=\"c skip\" title=\"skipped: &lt;b&gt;x&lt;/b&gt;\">s</td>"
                    + "<td class=\"c skip\">s</td>"
                    + "<td class=\"c no-result\" colspan=\"2\"></td><td class=\"c pass\">&#10003;</td>");
            // a span never reaches past the range asked for: a block's columns are its own
            assertThat(Snippets.gridCells(job, row(job, "a"), "x/", 1, 2).toString())
                    .isEqualTo("<td class=\"c skip\" title=\"skipped: no lb\">s</td>");
        }

        @Test
        void aSpanEndsWhereTheReasonChangesThoughEachBuildHoldsItsOwnCopyOfTheText() {
            // each build's reason is its own String (split makes new ones): spans compare text, cell by cell
            io.fede2e.dashboard.model.Job job = job("SKIP:a", "SKIP:a", "SKIP:b", "SKIP:b", "SKIP:a", "SKIP", "SKIP");

            assertThat(Snippets.gridCells(job, row(job, "a"), "x/", 0, 7).toString())
                    .isEqualTo("<td class=\"c skip\" colspan=\"2\" title=\"skipped in 2 builds: a\">s</td>"
                            + "<td class=\"c skip\" colspan=\"2\" title=\"skipped in 2 builds: b\">s</td>"
                            + "<td class=\"c skip\" title=\"skipped: a\">s</td>"
                            + "<td class=\"c skip\" colspan=\"2\" title=\"skipped in 2 builds\">s</td>");
        }

        @Test
        void theCellsGoOnTheEndOfTheRowBeingBuilt() {
            io.fede2e.dashboard.model.Job job = job("PASS,FAIL", "NONE,PASS");
            StringBuilder b = new StringBuilder("<tr>");

            Snippets.gridCells(b, job, row(job, "a"), "x/", 0, 2);

            assertThat(b).hasToString("<tr>" + Snippets.gridCells(job, row(job, "a"), "x/", 0, 2));
            assertThat(b.toString()).isEqualTo("<tr><td class=\"c pass\">&#10003;</td><td class=\"c no-result\"></td>");
        }
    }

    @Nested
    class DurationSlots {

        @Test
        void fewPointsAreKeptAsTheyAreSortedByTime() {
            TestPages.Points p = new TestPages.Points();
            p.add(30, 3f);
            p.add(10, 1f);
            p.add(20, 2f);

            assertThat(p.slots(10, 30)).extracting(d -> d[0] + "=" + d[1])
                    .containsExactly("10.0=1.0", "20.0=2.0", "30.0=3.0");
        }

        @Test
        void manyPointsBecomeTheMeanOfEachSlotInTimeOrder() {
            TestPages.Points p = new TestPages.Points();
            // 1,000 points over 0..999: each of the 120 slots gets 8 or 9 of them
            for (int i = 999; i >= 0; i--) {
                p.add(i, i % 2 == 0 ? 1f : 3f);
            }

            List<double[]> slots = p.slots(0, 999);

            assertThat(slots).hasSize(TestPages.DURATION_SLOTS);
            assertThat(slots).allSatisfy(d -> assertThat(d[1]).isBetween(1.7, 2.3));
            for (int k = 1; k < slots.size(); k++) {
                assertThat(slots.get(k)[0]).isGreaterThan(slots.get(k - 1)[0]);
            }
            assertThat(slots.get(0)[0]).isLessThan(5);
            assertThat(slots.get(slots.size() - 1)[0]).isGreaterThan(994);
        }
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
