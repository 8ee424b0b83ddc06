package io.fede2e.dashboard.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThat(Escape.html("a\u0000b\u001bc\td\ne")).isEqualTo("a\uFFFDb\uFFFDc\td\ne");
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
}
