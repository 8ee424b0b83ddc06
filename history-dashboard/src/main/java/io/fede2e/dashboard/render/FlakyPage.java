package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.Site;
import java.util.ArrayList;
import java.util.List;

/** {@code flaky.html}: test and job pairs ranked by flip-based flakiness. */
final class FlakyPage extends PageKind {

    FlakyPage(Templates templates, SiteWriter out) {
        super(templates, out);
    }

    void write(Site site) {
        List<Views.FlakyRow> rows = new ArrayList<>();
        int rank = 0;
        for (Site.Flaky f : site.flaky()) {
            rows.add(new Views.FlakyRow(++rank, f.test().name(), TestPages.href(f.test(), ""), f.job().name(),
                    "jobs/" + f.job().slug() + ".html", f.job().provider(),
                    Snippets.num1(f.row().flakiness()) + "%", f.row().runs(), f.row().flakes(),
                    f.row().failures()));
        }
        page("flaky.html", "flaky.vm", common(site, "", "Flaky tests", "Flaky tests"), new Views.FlakyPage(rows));
    }
}
