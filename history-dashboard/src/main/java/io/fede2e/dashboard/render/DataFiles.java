package io.fede2e.dashboard.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fede2e.dashboard.model.Cluster;
import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.MetricSeries;
import io.fede2e.dashboard.model.ProviderCell;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TestSummary;
import io.fede2e.layout.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site's data for programs: {@code data/*.json}, the same numbers the pages show. The values
 * are plain maps, lists, strings and numbers, written with Jackson's streaming generator: the
 * data binding layer would add only its start-up (hundreds of classes) to every run.
 */
final class DataFiles {

    private static final JsonFactory JSON = new JsonFactory();

    private DataFiles() {
    }

    /**
     * Writes the data files. {@code data/matrix.json} (3 MB for 7,000 tests) is made of the tests'
     * summaries and the providers' skip counts alone: it has a key like a page's, so a rerun that
     * finds them unchanged keeps it without building it; the others are small and compared with
     * what is on disk.
     *
     * @param testsKey the key of every test's summary, see {@link MatrixPage#testsKey}
     */
    static void write(Site site, SiteWriter out, String testsKey) {
        out.write("data/summary.json", json(summary(site)));
        ViewDigest key = ViewDigest.start("data/matrix.json").text(ViewDigest.RENDER_VERSION).value(site.providers());
        for (int skipped : site.skippedPerProvider()) {
            key.i32(skipped);
        }
        String matrixKey = key.text(testsKey).hex();
        if (!out.reuse("data/matrix.json", matrixKey)) {
            out.write("data/matrix.json", matrix(site), matrixKey);
        }
        out.write("data/clusters.json", json(clusters(site)));
        out.write("data/flaky.json", json(flaky(site)));
        out.write("data/metrics.json", json(metrics(site)));
    }

    static String json(Object value) {
        StringWriter text = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            JsonValues.write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return text.append('\n').toString();
    }

    private static Map<String, Object> summary(Site site) {
        List<Object> jobs = new ArrayList<>();
        for (Job j : site.jobs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", j.name());
            m.put("page", "jobs/" + j.slug() + ".html");
            m.put("provider", j.provider());
            m.put("status", j.status().name());
            m.put("reason", j.statusReason());
            m.put("builds", j.builds().size());
            m.put("passRate", j.passRate() < 0 ? null : round(j.passRate()));
            m.put("tests", j.rows().size());
            m.put("failingTests", j.failingTests());
            m.put("newestBuild", j.newest() == null ? null : j.newest().build());
            m.put("newestStarted", j.newest() == null ? null : j.newest().startedAt());
            List<Object> builds = new ArrayList<>();
            for (int i = 0; i < j.builds().size(); i++) {
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("build", j.builds().get(i).build());
                b.put("started", j.builds().get(i).startedAt());
                b.put("state", j.buildStates().get(i).name());
                b.put("problems", j.builds().get(i).problems());
                builds.add(b);
            }
            m.put("recentBuilds", builds);
            jobs.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generated", site.now().toString());
        root.put("providers", site.providers());
        root.put("jobs", jobs);
        return root;
    }

    /**
     * {@code data/matrix.json}, written straight from the model: at 100,000 tests a tree of maps to
     * write it from was a hundred megabytes of short-lived objects, each copied by the collector.
     * The same text as {@link #json} gives for the tree of {@code skippedTests} (per provider, the
     * tests whose newest result there is a skip, as the matrix's column heads show) and
     * {@code tests}.
     */
    private static String matrix(Site site) {
        StringWriter text = new StringWriter(4096 + site.tests().size() * (160 + 170 * site.providers().size()));
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeObjectFieldStart("skippedTests");
            int[] counts = site.skippedPerProvider();
            for (int p = 0; p < counts.length; p++) {
                g.writeNumberField(site.providers().get(p), (long) counts[p]);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("tests");
            for (TestSummary t : site.tests()) {
                g.writeStartObject();
                g.writeStringField("test", t.test().name());
                g.writeStringField("sig", t.test().sig());
                strings(g, "tags", t.test().tags());
                strings(g, "failsOnlyOn", t.failsOnlyOn());
                g.writeObjectFieldStart("providers");
                for (ProviderCell c : t.cells()) {
                    g.writeObjectFieldStart(c.provider());
                    g.writeStringField("latest", c.latest().name());
                    if (c.latest() == io.fede2e.dashboard.model.CellState.SKIP) {
                        g.writeStringField("skipReason", c.skipReason());
                    }
                    g.writeNumberField("runs", (long) c.runs());
                    g.writeNumberField("passes", (long) c.passes());
                    g.writeNumberField("failures", (long) c.failures());
                    g.writeNumberField("flakes", (long) c.flakes());
                    g.writeNumberField("skips", (long) c.skips());
                    g.writeNumberField("flakiness", c.flakiness());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return text.append('\n').toString();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static Map<String, Object> clusters(Site site) {
        List<Object> list = new ArrayList<>();
        for (Cluster c : site.clusters()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("count", c.count());
            m.put("text", c.normalized());
            m.put("tests", c.tests().stream().map(t -> t.name()).toList());
            m.put("jobs", c.jobs());
            m.put("providers", c.providers());
            m.put("firstSeen", c.firstSeen());
            m.put("lastSeen", c.lastSeen());
            list.add(m);
        }
        return Map.of("clusters", list);
    }

    private static Map<String, Object> flaky(Site site) {
        List<Object> list = new ArrayList<>();
        for (Site.Flaky f : site.flaky()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test", f.test().name());
            m.put("job", f.job().name());
            m.put("provider", f.job().provider());
            m.put("flakiness", f.row().flakiness());
            m.put("runs", f.row().runs());
            m.put("flakes", f.row().flakes());
            m.put("failures", f.row().failures());
            list.add(m);
        }
        return Map.of("flaky", list);
    }

    private static Map<String, Object> metrics(Site site) {
        List<Object> list = new ArrayList<>();
        for (MetricSeries s : site.metrics()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test", s.test().name());
            m.put("metric", s.metric());
            Map<String, Object> lines = new LinkedHashMap<>();
            for (MetricSeries.Line l : s.lines()) {
                lines.put(l.provider(), l.points().stream().map(p -> List.of(p.time(), p.value(), p.build())).toList());
            }
            m.put("providers", lines);
            list.add(m);
        }
        return Map.of("metrics", list);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
