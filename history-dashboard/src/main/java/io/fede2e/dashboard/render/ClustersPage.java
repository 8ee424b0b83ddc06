package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.Cluster;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TestInfo;
import java.util.ArrayList;
import java.util.List;

/** {@code clusters.html}: failure texts normalized and grouped across tests, jobs and providers. */
final class ClustersPage extends PageKind {

    /** Tests named per cluster. */
    static final int CLUSTER_TESTS = 20;

    ClustersPage(Templates templates, SiteWriter out) {
        super(templates, out);
    }

    void write(Site site) {
        List<Views.ClusterView> list = new ArrayList<>();
        long failures = 0;
        for (Cluster c : site.clusters()) {
            failures += c.count();
            List<Views.Link> tests = new ArrayList<>();
            for (TestInfo t : c.tests().subList(0, Math.min(CLUSTER_TESTS, c.tests().size()))) {
                tests.add(new Views.Link(TestPages.href(t, ""), t.name()));
            }
            String moreTests = c.tests().size() > CLUSTER_TESTS
                    ? "and " + (c.tests().size() - CLUSTER_TESTS) + " more tests" : "";
            List<Views.HitView> hits = new ArrayList<>();
            for (Cluster.Hit h : c.hits()) {
                hits.add(new Views.HitView(h.job(), Long.toString(h.build()),
                        "builds/" + h.jobSlug() + "/" + h.build() + ".html#t-" + h.test().slug(),
                        Format.time(h.startedAt()), h.test().name()));
            }
            String moreHits = c.count() > c.hits().size() ? "Builds: the newest " + c.hits().size() + " of "
                    + c.count() + " failures" : "Builds";
            list.add(new Views.ClusterView(c.id(), c.count(), c.normalized(), c.example(), tests, moreTests,
                    String.join(", ", c.jobs()), String.join(", ", c.providers()), Format.time(c.firstSeen()),
                    Format.time(c.lastSeen()), hits, moreHits));
        }
        page("clusters.html", "clusters.vm", common(site, "", "Failure clusters", "Failure clusters"),
                new Views.Clusters(list.size(), failures, list));
    }
}
