package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.CellState;
import io.fede2e.dashboard.model.ProviderCell;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TestSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** {@code matrix.html}: tests x providers, the newest result and pass rate of each. */
final class MatrixPage extends PageKind {

    MatrixPage(Templates templates, SiteWriter out) {
        super(templates, out);
    }

    /**
     * A key of every test's summary (see {@link ViewDigest#summary}): the key of each group's
     * summaries ({@link TestPages#summariesKey}), by group. It is what the matrix's rows and
     * {@code data/matrix.json} are made of (the tests and their order, by name, included), and the
     * summaries are hashed once per run for both and for the groups' pages.
     */
    static String testsKey(List<String> groups, List<String> summariesKeys, int tests) {
        ViewDigest key = ViewDigest.start("test-summaries").count(tests).count(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            key.text(groups.get(g)).text(summariesKeys.get(g));
        }
        return key.hex();
    }

    /**
     * Writes the matrix unless its key says the page is unchanged. The key is what the rows are
     * made of ({@code testsKey}, from {@link #testsKey}) and the columns, not the rows' markup: a
     * rerun then recognises an unchanged matrix without building 7,000 rows of markup and hashing
     * their 15 MB. The markup is made here from those values alone, so a change to how it is made
     * needs {@link ViewDigest#RENDER_VERSION} bumped.
     */
    void write(Site site, String testsKey) {
        Views.Common common = common(site, "", "Cross-provider matrix", "Matrix");
        int[] skipped = site.skippedPerProvider();
        List<Views.ProviderColumn> providers = new ArrayList<>();
        for (int p = 0; p < skipped.length; p++) {
            providers.add(new Views.ProviderColumn(site.providers().get(p),
                    skipped[p] == 0 ? "" : skipped[p] + " skipped"));
        }
        String digest = ViewDigest.start("matrix").text(templates.digest("matrix.vm")).value(common).value(providers)
                .text(testsKey).hex();
        if (out.reuse("matrix.html", digest)) {
            return;
        }
        TreeSet<String> sigs = new TreeSet<>();
        TreeSet<String> tags = new TreeSet<>();
        // the rows are markup built here rather than by the template: 10,000 rows through
        // Velocity's reflection were a sixth of the whole run's CPU
        Markup body = new Markup(site.tests().size() * (450 + 300 * site.providers().size()));
        int rank = 0;
        int specific = 0;
        for (TestSummary t : site.tests()) {
            StringBuilder rows = body.text();
            if (!t.test().sig().isEmpty()) {
                sigs.add(t.test().sig());
            }
            tags.addAll(t.test().tags());
            TreeSet<String> states = new TreeSet<>();
            for (ProviderCell c : t.cells()) {
                if (c.latest() != CellState.NO_RESULT) {
                    states.add(c.latest().name());
                }
            }
            boolean only = !t.failsOnlyOn().isEmpty();
            if (only) {
                specific++;
            }
            String flag = only ? "1" : "0";
            String failures = Integer.toString(t.failures());
            String flakiness = Snippets.num1(t.flakiness());
            rows.append("<tr data-name=\"").append(Escape.html(t.test().name()))
                    .append("\" data-sig=\"").append(Escape.html(t.test().sig()))
                    .append("\" data-tags=\"").append(Escape.html("|" + String.join("|", t.test().tags()) + "|"))
                    .append("\" data-states=\"|").append(String.join("|", states)).append("|\" data-fail=\"")
                    .append(failures).append("\" data-flake=\"").append(flakiness).append("\" data-only=\"")
                    .append(flag).append("\" data-rank=\"").append(rank++).append("\">\n<th scope=\"row\"><a href=\"")
                    .append(Escape.html(TestPages.href(t.test(), ""))).append("\">").append(Escape.html(t.test().name()))
                    .append("</a><span class=\"only-").append(flag).append("\">")
                    .append(only ? Escape.html("fails only on " + String.join(", ", t.failsOnlyOn())) : "")
                    .append("</span></th>\n");
            for (ProviderCell c : t.cells()) {
                String href = c.latestBuild() < 0 ? ""
                        : "builds/" + c.latestJob() + "/" + c.latestBuild() + ".html#t-" + t.test().slug();
                rows.append("<td class=\"m ").append(c.latest().css()).append("\" title=\"")
                        .append(Escape.html(matrixTitle(c))).append("\"><a class=\"sym\" href=\"")
                        .append(Escape.html(href)).append("\">").append(c.latest().symbol()).append(' ')
                        .append(Escape.html(stateLabel(c.latest()))).append("</a><span class=\"rate\">")
                        .append(Escape.html(Format.percent(c.passRate()))).append("</span><span class=\"runs\">")
                        .append(c.runs() == 0 ? "" : c.runs() + " runs").append("</span><span class=\"reason\">")
                        .append(c.latest() == CellState.SKIP ? Escape.html(c.skipReason()) : "")
                        .append("</span></td>\n");
            }
            rows.append("<td class=\"num\">").append(failures).append("</td><td class=\"num\">").append(flakiness)
                    .append("%</td>\n</tr>\n");
            body.next();
        }
        Views.Matrix v = new Views.Matrix(providers, List.copyOf(sigs), List.copyOf(tags), site.tests().size(),
                specific, BODY);
        render("matrix.html", "matrix.vm", common, v, digest, body);
    }

    /** A matrix cell's state as shown: SKIPPED rather than SKIP, since it names a result, not a symbol. */
    static String stateLabel(CellState s) {
        return switch (s) {
            case NO_RESULT -> "no result";
            case SKIP -> "SKIPPED";
            default -> s.name();
        };
    }

    /** A matrix cell's tooltip: the newest result (with the skip's reason) and the counts of the window. */
    static String matrixTitle(ProviderCell c) {
        if (c.latest() == CellState.NO_RESULT) {
            return c.provider() + ": no result (not in this provider's runs)";
        }
        String newest = c.latest() == CellState.SKIP
                ? "skipped in its newest build" + (c.skipReason().isEmpty() ? "" : ": " + c.skipReason())
                : "newest " + c.latest().name();
        return c.provider() + ": " + newest + "; " + c.passes() + " of " + c.runs() + " runs passed, "
                + c.failures() + " failed, " + c.flakes() + " flaky, " + c.skips() + " skipped";
    }
}
