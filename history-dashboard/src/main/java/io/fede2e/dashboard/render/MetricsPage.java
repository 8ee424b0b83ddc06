package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.MetricSeries;
import io.fede2e.dashboard.model.Site;
import java.util.ArrayList;
import java.util.List;

/** {@code metrics.html}: numeric junit properties charted per provider over builds. */
final class MetricsPage extends PageKind {

    MetricsPage(Templates templates, SiteWriter out) {
        super(templates, out);
    }

    void write(Site site) {
        List<Views.MetricView> list = new ArrayList<>();
        for (MetricSeries m : site.metrics()) {
            List<String> names = new ArrayList<>();
            List<List<double[]>> series = new ArrayList<>();
            List<Views.Legend> legend = new ArrayList<>();
            List<String> latest = new ArrayList<>();
            for (int k = 0; k < m.lines().size(); k++) {
                MetricSeries.Line l = m.lines().get(k);
                names.add(l.provider());
                series.add(Snippets.points(l));
                legend.add(new Views.Legend(Snippets.swatch(k), l.provider()));
                MetricSeries.Point last = l.points().get(l.points().size() - 1);
                latest.add(l.provider() + ": " + Snippets.num(last.value()) + " (build " + last.build() + ")");
            }
            String id = "m-" + io.fede2e.dashboard.model.Names.hash(m.test().name() + "\n" + m.metric()).substring(0, 10);
            list.add(new Views.MetricView(id, m.test().name(), TestPages.href(m.test(), ""), m.metric(),
                    Snippets.chart(names, series, "", m.metric() + " of " + m.test().name() + " per provider"),
                    legend, latest));
        }
        page("metrics.html", "metrics.vm", common(site, "", "Performance metrics", "Metrics"),
                new Views.Metrics(list));
    }
}
