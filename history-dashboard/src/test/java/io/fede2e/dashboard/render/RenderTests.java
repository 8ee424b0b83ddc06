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
}
