package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.CellState;
import io.fede2e.dashboard.model.GridRow;
import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.Names;
import io.fede2e.dashboard.model.ProviderCell;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.model.TestSummary;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobCache;
import io.fede2e.dashboard.read.TestResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tests/<group>.html}: the tests of one group, each a section with its history across
 * providers (timelines, durations, newest failures), anchored {@code #t-<slug>}.
 *
 * <p>One file per test cost a file creation per distinct test (220-400 us of kernel time each on
 * the VMs this runs on, 100,000 files for 100,000 tests); a group holds many tests in one file.
 * A test's group is fixed by its name alone (see {@link #group}), so its URL ({@link #href}) never
 * moves when other tests come or go.
 */
public final class TestPages extends PageKind {

    /** Groups per SIG: a SIG's tests are spread over this many files by a hash of their names. */
    public static final int BUCKETS = 16;

    /**
     * The SIG part of group names, by SIG: a site has a few dozen SIGs, and every link to a test
     * (grid rows, matrix rows, build pages) asks for its group, so the part is made once per SIG.
     */
    private static final Map<String, String> SIG_PARTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Failures listed on a test's page. */
    static final int TEST_FAILURES = 20;
    /** Points per provider at most in a test's duration chart. */
    static final int DURATION_SLOTS = 120;

    TestPages(Templates templates, SiteWriter out) {
        super(templates, out);
    }

    /**
     * The group of a test, from its name alone: {@code sig-<sig>-<n>}, or {@code other-<n>} for a
     * test without a SIG, where {@code <sig>} is the SIG in lower-case letters, digits and dashes and
     * {@code n} (0 to 15) is the first four bits of the SHA-256 of the UTF-8 name. SHA-256 rather
     * than {@code String.hashCode} because it is what the slug already carries: {@link
     * io.fede2e.dashboard.model.Names#slug} ends in the first eight hex digits of that hash, so the
     * bucket is read from the slug without hashing the name again for every link to it.
     */
    public static String group(TestInfo t) {
        String sig = SIG_PARTS.computeIfAbsent(t.sig(), s -> Names.readable(s, 40));
        return (sig.isEmpty() ? "other" : "sig-" + sig) + "-" + bucket(t);
    }

    /**
     * A test's URL relative to the page linking it: {@code <root>tests/<group>.html#t-<slug>}, the
     * one place the site makes links to tests.
     *
     * @param root the way from the linking page to the site's root: {@code ""}, {@code "../"}, ...
     */
    public static String href(TestInfo t, String root) {
        return root + "tests/" + group(t) + ".html#" + anchor(t);
    }

    /** The id of a test's section on its group's page. */
    static String anchor(TestInfo t) {
        return "t-" + t.slug();
    }

    private static int bucket(TestInfo t) {
        String slug = t.slug();
        int digit = slug.length() >= 8 ? Character.digit(slug.charAt(slug.length() - 8), 16) : -1;
        // Names.slug makes every TestInfo's slug; one that does not end in its hash is hashed here
        return digit >= 0 ? digit : Character.digit(Names.hash(t.name()).charAt(0), 16);
    }

    /** The site's tests by group, each group's tests by name; groups by name. */
    static Map<String, List<TestSummary>> byGroup(Site site) {
        Map<String, List<TestSummary>> groups = new java.util.TreeMap<>();
        for (TestSummary t : site.tests()) {
            groups.computeIfAbsent(group(t.test()), k -> new ArrayList<>()).add(t);
        }
        for (List<TestSummary> g : groups.values()) {
            g.sort(Comparator.comparing((TestSummary t) -> t.test().name()));
        }
        return groups;
    }

    /**
     * The key of a group's tests' summaries, in order: part of the group page's key and of the
     * matrix's ({@link MatrixPage#testsKey}), so each summary is hashed once per run.
     */
    static String summariesKey(List<TestSummary> tests) {
        ViewDigest key = ViewDigest.start("test-group-summaries").count(tests.size());
        for (TestSummary t : tests) {
            key.summary(t);
        }
        return key.hex();
    }

    /**
     * A test's row in one job, with what its page takes from the job's builds.
     *
     * @param index the job's position among the site's jobs
     * @param starts the start of each of the job's builds, newest first
     * @param jobKey the digest of the job's names, provider and builds (paths, finished.json
     *     generations, starts), hashed once per job for all of its test pages
     */
    record JobRow(Job job, int index, GridRow row, long[] starts, String jobKey) {
    }

    /** Every test's rows across jobs, by test name, in the site's job order. */
    static Map<String, List<JobRow>> byTest(Site site) {
        Map<String, List<JobRow>> byTest = new HashMap<>();
        for (int j = 0; j < site.jobs().size(); j++) {
            Job job = site.jobs().get(j);
            long[] starts = new long[job.builds().size()];
            ViewDigest key = ViewDigest.start("test-job").i32(JobCache.VERSION).text(job.name()).text(job.slug())
                    .text(job.provider()).i32(starts.length);
            for (int i = 0; i < starts.length; i++) {
                BuildRecord b = job.builds().get(i);
                starts[i] = b.startedAt();
                key.text(b.root()).text(b.job()).i64(b.build()).i64(b.finishedGeneration()).i64(b.startedAt());
            }
            String jobKey = key.hex();
            for (GridRow r : job.rows()) {
                byTest.computeIfAbsent(r.test().name(), k -> new ArrayList<>())
                        .add(new JobRow(job, j, r, starts, jobKey));
            }
        }
        return byTest;
    }

    /**
     * Writes the page of one group: its tests' sections, by name. The page's key is its tests'
     * summaries ({@code summariesKey}, from {@link #summariesKey}) and each test's rows (see
     * {@link #key}), so a group whose tests are unchanged is reused.
     */
    void write(Site site, String group, List<TestSummary> tests, String summariesKey,
               Map<String, List<JobRow>> byTest) {
        String path = "tests/" + group + ".html";
        Views.Common common = common(site, "../", "Tests " + group, "");
        ViewDigest key = ViewDigest.start("tests").text(templates.digest("test.vm")).value(common).text(group)
                .i32(tests.size()).text(summariesKey);
        JobSlots slots = new JobSlots(site.jobs().size());
        // about what a section takes (1.9 KB with one job row, 13.5 KB with 20 of 30 builds)
        int hint = 0;
        for (TestSummary t : tests) {
            List<JobRow> rows = byTest.getOrDefault(t.test().name(), List.of());
            key(key, rows, slots);
            hint += 1400 + rows.size() * 600;
        }
        String digest = key.hex();
        if (out.reuse(path, digest)) {
            return;
        }
        List<Views.TestPage> sections = new ArrayList<>(tests.size());
        for (TestSummary t : tests) {
            sections.add(section(t, byTest.getOrDefault(t.test().name(), List.of())));
        }
        // SIGs that differ only in case or punctuation share a group
        String sigs = String.join(", ", new java.util.TreeSet<>(tests.stream().map(t -> t.test().sig()).toList()));
        String lead = tests.size() + (tests.size() == 1 ? " test" : " tests") + " of "
                + (group.startsWith("sig-") ? "SIG " + sigs : "no SIG") + ", a sixteenth of them by a hash of the name."
                + " A test's link names its section and shows that test alone.";
        Markup markup = new Markup(hint);
        for (Views.TestPage t : sections) {
            section(markup.text(), t, common.siteTitle());
            markup.next();
        }
        render(path, "test.vm", common, new Views.TestGroup(group, lead, sections, BODY), digest, markup);
    }

    /**
     * A test's section as markup, built here rather than by the template: a group page holds up
     * to hundreds of sections of a dozen values each, and Velocity's reflective calls and escaping
     * events for each value cost more than the markup itself. Every value is escaped as the
     * template's escaping handler would ({@link Escape#html}); {@link Html} values go in as they are.
     */
    private static void section(StringBuilder b, Views.TestPage t, String siteTitle) {
        String anchor = Escape.html(t.anchor());
        String name = Escape.html(t.name());
        b.append("<section class=\"test\" id=\"").append(anchor).append("\" data-title=\"").append(name)
                .append(" &#183; ").append(Escape.html(siteTitle)).append("\" aria-labelledby=\"").append(anchor)
                .append("-h\">\n<h2 class=\"testname\" id=\"").append(anchor).append("-h\">").append(name)
                .append("</h2>\n<p class=\"lead\">SIG: ").append(Escape.html(t.sig())).append(" &#183; tags: ")
                .append(Escape.html(t.tags()))
                .append(" <a class=\"all-tests\" href=\"#tests\">All tests of this page</a></p>\n<p class=\"only-1\">")
                .append(Escape.html(t.summary())).append("</p>\n<h3>State by provider</h3>\n")
                .append("<table class=\"data history\">\n<caption>Timeline of the test per provider and job</caption>\n")
                .append("<thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Newest</th>")
                .append("<th scope=\"col\" class=\"num\">Pass rate</th><th scope=\"col\">Job</th>")
                .append("<th scope=\"col\">Runs</th><th scope=\"col\">Timeline</th></tr></thead>\n<tbody>\n");
        for (Views.ProviderHistory p : t.providers()) {
            String provider = Escape.html(p.provider());
            for (Views.JobTimeline j : p.jobs()) {
                b.append("<tr><th scope=\"row\">").append(provider).append("</th><td><span class=\"state ")
                        .append(Escape.html(p.latestCss())).append("\">").append(Escape.html(p.latest()))
                        .append("</span></td><td class=\"num\">").append(Escape.html(p.passRate()))
                        .append("</td><td><a href=\"").append(Escape.html(j.href())).append("\">")
                        .append(Escape.html(j.job())).append("</a></td><td>").append(Escape.html(j.stats()))
                        .append("</td><td>").append(j.timeline()).append("</td></tr>\n");
            }
        }
        b.append("</tbody>\n</table>\n<h3>Duration</h3>\n");
        if (t.legend().isEmpty()) {
            b.append("<p class=\"few-runs\">").append(t.durations()).append("</p>\n");
        } else {
            b.append("<figure class=\"chart-box\">").append(t.durations()).append("\n<figcaption>\n");
            for (Views.Legend l : t.legend()) {
                b.append("<span class=\"legend-item\">").append(l.swatch()).append(' ')
                        .append(Escape.html(l.label())).append("</span>\n");
            }
            b.append("</figcaption></figure>\n");
        }
        b.append("<h3>Failures</h3>\n");
        if (t.failures().isEmpty()) {
            b.append("<p>No failure in the window.</p>\n");
        }
        for (Views.FailureView f : t.failures()) {
            b.append("<div class=\"failure\">\n<h4><a href=\"").append(Escape.html(f.href())).append("\">")
                    .append(Escape.html(f.job())).append(" #").append(Escape.html(f.build())).append("</a> &#183; ")
                    .append(Escape.html(f.provider())).append(" &#183; ").append(Escape.html(f.date()))
                    .append("</h4>\n<pre class=\"msg\">").append(Escape.html(f.message()))
                    .append("</pre>\n<details><summary>Details</summary><pre>").append(Escape.html(f.details()))
                    .append("</pre></details>\n</div>\n");
        }
        b.append("</section>\n");
    }

    /**
     * Writes a test's key (its summary is in the page's, see {@link #summariesKey}): per job the job's key
     * (names, provider, builds: their paths and finished.json generations fix their records, see
     * build) or its slot when the page met it already, the row's states as runs, its durations,
     * and the texts of failures in builds without finished.json (a running build's record is
     * read again while it runs). Everything a section shows comes from these.
     */
    private static void key(ViewDigest key, List<JobRow> rows, JobSlots slots) {
        key.count(rows.size());
        for (JobRow jr : rows) {
            Job job = jr.job();
            GridRow r = jr.row();
            slots.write(key, jr);
            key.cells(r.cells(), 0, r.cells().length).floats(r.runSeconds());
            for (int i = 0; r.results() != null && i < r.cells().length; i++) {
                TestResult failed = r.result(i);
                if (failed != null && failed.outcome().failedOnce() && !job.builds().get(i).finished()) {
                    key.count(i).text(failed.message()).text(failed.details());
                }
            }
            key.end();
        }
    }

    /**
     * The jobs a page's key met: a job's key (64 characters) is written where the page first
     * meets it, and its later rows name its slot in one byte, rather than 20 jobs' names and
     * keys being written again for every test of the page.
     */
    private static final class JobSlots {
        private final int[] slots;
        private int next;

        JobSlots(int jobs) {
            slots = new int[jobs];
            java.util.Arrays.fill(slots, -1);
        }

        void write(ViewDigest key, JobRow row) {
            int slot = slots[row.index()];
            if (slot < 0) {
                slots[row.index()] = next++;
                key.text(row.jobKey());
            } else {
                key.count(slot);
            }
        }
    }

    /** A test's section: its timelines, durations and newest failures. */
    private static Views.TestPage section(TestSummary t, List<JobRow> rows) {
        Map<String, List<Views.JobTimeline>> timelines = new java.util.TreeMap<>();
        Map<String, Points> durations = new java.util.TreeMap<>();
        List<Object[]> failures = new ArrayList<>();
        for (JobRow jr : rows) {
            Job job = jr.job();
            GridRow r = jr.row();
            long[] starts = jr.starts();
            String builds = "../builds/" + job.slug() + "/";
            String stats = r.runs() + " runs, " + r.failures() + " failed, " + r.flakes() + " flaky";
            timelines.computeIfAbsent(job.provider(), k -> new ArrayList<>()).add(new Views.JobTimeline(job.name(),
                    "../jobs/" + job.slug() + ".html", stats, Snippets.timeline(job, r, builds)));
            Points points = durations.computeIfAbsent(job.provider(), k -> new Points());
            // from the row's arrays: a result object is visited only for a failure
            float[] seconds = r.runSeconds();
            int run = 0;
            for (int i = 0; i < r.cells().length; i++) {
                CellState s = r.cell(i);
                if (!s.isRun()) {
                    continue;
                }
                float duration = seconds[run++];
                if (starts[i] >= 0) {
                    points.add(starts[i], duration);
                }
                if (s != CellState.PASS) {
                    failures.add(new Object[] {job, job.builds().get(i), r.result(i)});
                }
            }
        }
        List<Views.ProviderHistory> providers = new ArrayList<>();
        for (ProviderCell c : t.cells()) {
            List<Views.JobTimeline> jobs = timelines.get(c.provider());
            if (jobs == null) {
                continue;
            }
            providers.add(new Views.ProviderHistory(c.provider(), c.latest().name(), c.latest().css(),
                    Format.percent(c.passRate()), jobs));
        }
        List<String> names = new ArrayList<>(durations.keySet());
        List<List<double[]>> series = new ArrayList<>();
        List<Views.Legend> legend = new ArrayList<>();
        long minX = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        for (Points pts : durations.values()) {
            for (int i = 0; i < pts.size; i++) {
                minX = Math.min(minX, pts.x[i]);
                maxX = Math.max(maxX, pts.x[i]);
            }
        }
        int points = 0;
        for (int k = 0; k < names.size(); k++) {
            series.add(durations.get(names.get(k)).slots(minX, maxX));
            points += series.get(k).size();
        }
        Html chart;
        if (points < 2) {
            // a line needs two points: one run is said, not drawn (an empty chart of one point was
            // a third of a section at 100,000 tests run once each)
            int k = 0;
            while (k < series.size() && series.get(k).isEmpty()) {
                k++;
            }
            chart = new Html(points == 0 ? "No run with a known start time."
                    : "One run: " + Escape.html(Format.duration(series.get(k).get(0)[1])) + " on "
                            + Escape.html(names.get(k)) + ".");
        } else {
            for (int k = 0; k < names.size(); k++) {
                legend.add(new Views.Legend(Snippets.swatch(k), names.get(k)));
            }
            chart = Snippets.chart(names, series, " s", "duration of " + t.test().name() + " per provider");
        }
        failures.sort(Comparator.comparingLong((Object[] f) -> ((BuildRecord) f[1]).startedAt()).reversed()
                .thenComparing(f -> ((Job) f[0]).name()).thenComparing(f -> -((BuildRecord) f[1]).build()));
        List<Views.FailureView> fv = new ArrayList<>();
        for (Object[] f : failures.subList(0, Math.min(TEST_FAILURES, failures.size()))) {
            Job job = (Job) f[0];
            BuildRecord b = (BuildRecord) f[1];
            TestResult tr = (TestResult) f[2];
            fv.add(new Views.FailureView(job.name(), Long.toString(b.build()),
                    "../builds/" + job.slug() + "/" + b.build() + ".html#t-" + t.test().slug(),
                    Format.time(b.startedAt()), job.provider(), tr.message(), tr.details()));
        }
        String summary = t.failsOnlyOn().isEmpty() ? ""
                : "Fails only on " + String.join(", ", t.failsOnlyOn()) + " while it passes elsewhere.";
        return new Views.TestPage(anchor(t.test()), t.test().name(), t.test().sig(),
                String.join(", ", t.test().tags()), summary, providers, chart, legend, fv);
    }

    /** A test's durations on one provider: start time and seconds of each run, in the order met. */
    static final class Points {
        long[] x = new long[16];
        float[] y = new float[16];
        int size;

        void add(long time, float seconds) {
            if (size == x.length) {
                x = java.util.Arrays.copyOf(x, size * 2);
                y = java.util.Arrays.copyOf(y, size * 2);
            }
            x[size] = time;
            y[size++] = seconds;
        }

        /**
         * The points of the chart, by time: all of them when they are few, else the mean time and
         * duration of each of {@link #DURATION_SLOTS} equal slots of {@code minX..maxX}, so a
         * test page does not grow with every build of every job. Sums follow the order the points
         * were met in, which the model fixes, so the means are the same in every run.
         */
        List<double[]> slots(long minX, long maxX) {
            List<double[]> out = new ArrayList<>();
            if (size <= DURATION_SLOTS) {
                for (int i = 0; i < size; i++) {
                    out.add(new double[] {x[i], y[i]});
                }
                out.sort(Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
                return out;
            }
            double span = maxX - minX;
            double[] sumX = new double[DURATION_SLOTS];
            double[] sumY = new double[DURATION_SLOTS];
            int[] count = new int[DURATION_SLOTS];
            for (int i = 0; i < size; i++) {
                int s = span <= 0 ? 0 : (int) Math.min(DURATION_SLOTS - 1, (x[i] - minX) * DURATION_SLOTS / span);
                sumX[s] += x[i];
                sumY[s] += y[i];
                count[s]++;
            }
            for (int s = 0; s < DURATION_SLOTS; s++) {
                if (count[s] > 0) {
                    out.add(new double[] {sumX[s] / count[s], sumY[s] / count[s]});
                }
            }
            return out;
        }
    }
}
