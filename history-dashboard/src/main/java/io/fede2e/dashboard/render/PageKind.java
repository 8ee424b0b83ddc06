package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every kind of page shares: the header's common view, and rendering a view through its
 * template into the {@link SiteWriter}, skipped when the page's key says it is unchanged.
 */
abstract class PageKind {

    /**
     * Where a page's body goes in its view while the template renders (see {@link #render(String,
     * String, Views.Common, Object, String, Markup)}): text no page holds otherwise, since
     * pages are ASCII and anything beyond it is written as a reference ({@link Escape}).
     */
    static final Html BODY = new Html("\uFFFFbody\uFFFF");

    final Templates templates;
    final SiteWriter out;

    PageKind(Templates templates, SiteWriter out) {
        this.templates = templates;
        this.out = out;
    }

    final Views.Common common(Site site, String root, String title, String current) {
        List<Views.Nav> nav = new ArrayList<>();
        String[][] items = {{"index.html", "Summary"}, {"matrix.html", "Matrix"}, {"clusters.html", "Failure clusters"},
                {"flaky.html", "Flaky tests"}, {"metrics.html", "Metrics"}};
        for (String[] i : items) {
            nav.add(new Views.Nav(root + i[0], i[1], i[1].equals(current) ? "page" : "false"));
        }
        // only the summary names the generation time: every other page then depends on its input
        // alone, so a rerun leaves it as it was (and skips rendering it, see page)
        String generated = "Summary".equals(current) ? Format.time(site.now().getEpochSecond()) : "";
        return new Views.Common(root, site.title(), title, generated, nav);
    }

    final void page(String path, String template, Views.Common common, Object view) {
        page(path, template, common, view, 16_384);
    }

    final void page(String path, String template, Views.Common common, Object view, int sizeHint) {
        String digest = ViewDigest.of(templates.digest(template), common, view);
        if (out.reuse(path, digest)) {
            return;
        }
        render(path, template, common, view, digest, sizeHint);
    }

    /**
     * Renders a page whose bulk is {@code body}, markup its kind built (a group's test sections, the
     * matrix's or a grid's rows; tens of megabytes at 100,000 tests): the view holds {@link #BODY}
     * where the body goes, and the page is written as the template's text before it, the body and
     * the text after it, so the body is not copied through the template's output and then again.
     */
    final void render(String path, String template, Views.Common common, Object view, String digest,
                      Markup body) {
        String page = text(template, common, view, 16_384);
        String mark = BODY.toString();
        int at = page.indexOf(mark);
        if (at < 0 || page.indexOf(mark, at + mark.length()) >= 0) {
            throw new IllegalStateException(template + " must show the body of " + path + " exactly once");
        }
        out.write(path, digest, page.substring(0, at), body, page.substring(at + mark.length()));
    }

    final void render(String path, String template, Views.Common common, Object view, String digest,
                        int sizeHint) {
        out.write(path, text(template, common, view, sizeHint), digest);
    }

    /** The template rendered with the page's common view as {@code c} and its own as {@code v}. */
    private String text(String template, Views.Common common, Object view, int sizeHint) {
        Map<String, Object> values = new HashMap<>();
        values.put("c", common);
        values.put("v", view);
        return templates.render(template, values, sizeHint);
    }
}
