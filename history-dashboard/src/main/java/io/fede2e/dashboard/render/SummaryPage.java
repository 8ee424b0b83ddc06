package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TabStatus;
import io.fede2e.dashboard.read.BuildRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code index.html}: a row per job with its status, pass rate and sparkline. */
final class SummaryPage extends PageKind {

    /** Builds shown in a summary sparkline. */
    static final int SPARK_BUILDS = 20;

    SummaryPage(Templates templates, SiteWriter out) {
        super(templates, out);
    }

    void write(Site site) {
        Map<TabStatus, Long> counts = new java.util.EnumMap<>(TabStatus.class);
        List<Views.SummaryRow> rows = new ArrayList<>();
        for (Job job : site.jobs()) {
            counts.merge(job.status(), 1L, Long::sum);
            BuildRecord newest = job.newest();
            long last = newest == null ? -1 : newest.startedAt();
            rows.add(new Views.SummaryRow(job.name(), "jobs/" + job.slug() + ".html", job.provider(),
                    job.status().name(), job.status().css(), job.statusReason(),
                    newest == null ? "never" : Format.age(last, site.now()), Format.time(last), job.builds().size(),
                    Format.percent(job.passRate()), job.rows().size(), job.failingTests(),
                    Snippets.sparkline(job, SPARK_BUILDS), "badges/" + job.slug() + ".svg", job.source().contact()));
        }
        List<Views.Count> statuses = new ArrayList<>();
        for (TabStatus s : TabStatus.values()) {
            statuses.add(new Views.Count(s.name(), s.css(), counts.getOrDefault(s, 0L)));
        }
        Views.Summary v = new Views.Summary(statuses, site.jobs().size(), site.providers().size(),
                site.tests().size(), site.testResults(), site.clusters().size(), rows);
        page("index.html", "summary.vm", common(site, "", "Summary", "Summary"), v);
    }
}
