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

    void write(Site site) {
        TreeSet<String> sigs = new TreeSet<>();
        TreeSet<String> tags = new TreeSet<>();
        List<Views.MatrixRow> rows = new ArrayList<>(site.tests().size());
        int specific = 0;
        for (TestSummary t : site.tests()) {
            if (!t.test().sig().isEmpty()) {
                sigs.add(t.test().sig());
            }
            tags.addAll(t.test().tags());
            TreeSet<String> states = new TreeSet<>();
            List<Views.MatrixCell> cells = new ArrayList<>();
            for (ProviderCell c : t.cells()) {
                if (c.latest() != CellState.NO_RESULT) {
                    states.add(c.latest().name());
                }
                String href = c.latestBuild() < 0 ? ""
                        : "builds/" + c.latestJob() + "/" + c.latestBuild() + ".html#t-" + t.test().slug();
                cells.add(new Views.MatrixCell(c.latest().css(), new Html(c.latest().symbol()), stateLabel(c.latest()),
                        c.latest() == CellState.SKIP ? c.skipReason() : "", Format.percent(c.passRate()),
                        c.runs() == 0 ? "" : c.runs() + " runs", href, matrixTitle(c)));
            }
            boolean only = !t.failsOnlyOn().isEmpty();
            if (only) {
                specific++;
            }
            rows.add(new Views.MatrixRow(rows.size(), t.test().name(), TestPages.href(t.test(), ""), t.test().sig(),
                    "|" + String.join("|", t.test().tags()) + "|", "|" + String.join("|", states) + "|",
                    Integer.toString(t.failures()), Snippets.num1(t.flakiness()),
                    only ? "1" : "0", only ? "fails only on " + String.join(", ", t.failsOnlyOn()) : "", cells));
        }
        int[] skipped = site.skippedPerProvider();
        List<Views.ProviderColumn> providers = new ArrayList<>();
        for (int p = 0; p < skipped.length; p++) {
            providers.add(new Views.ProviderColumn(site.providers().get(p),
                    skipped[p] == 0 ? "" : skipped[p] + " skipped"));
        }
        Views.Matrix v = new Views.Matrix(providers, List.copyOf(sigs), List.copyOf(tags), rows.size(),
                specific, rows);
        page("matrix.html", "matrix.vm", common(site, "", "Cross-provider matrix", "Matrix"), v);
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
