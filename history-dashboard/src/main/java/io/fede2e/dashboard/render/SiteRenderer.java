package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.BuildStates;
import io.fede2e.dashboard.model.CellState;
import io.fede2e.dashboard.model.Cluster;
import io.fede2e.dashboard.model.GridRow;
import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.MetricSeries;
import io.fede2e.dashboard.model.ProviderCell;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TabStatus;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.model.TestSummary;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobCache;
import io.fede2e.dashboard.read.Outcome;
import io.fede2e.dashboard.read.Step;
import io.fede2e.dashboard.read.TestResult;
import io.fede2e.layout.BuildState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Turns the model into pages: prepares each view, renders its template, hands the bytes to the
 * {@link SiteWriter}.
 */
public final class SiteRenderer {

    /** Builds shown in a summary sparkline. */
    static final int SPARK_BUILDS = 20;
    /** Failures listed on a test's page. */
    static final int TEST_FAILURES = 20;
    /** Tests named per cluster. */
    static final int CLUSTER_TESTS = 20;
    /** Points per provider at most in a test's duration chart. */
    static final int DURATION_SLOTS = 120;
    /** Builds on a job's main grid page, newest first. */
    static final int GRID_BUILDS = 25;
    /** Builds per block page of a job's grid. */
    static final int BLOCK = 25;

    private static final Pattern ERROR_LINE = Pattern.compile(
            "(?i)\\b(error|fail(ed|ure)?|fatal|panic|exception|timed out)\\b|^E\\d{4} ");

    private final Templates templates;
    private final SiteWriter out;
    private final BiFunction<Integer, String, String> browse;

    /**
     * @param browse a source index and an object name to the object's browse URL (the store's
     *     {@code browseUrl}), or null when there is none
     */
    public SiteRenderer(Templates templates, SiteWriter out, BiFunction<Integer, String, String> browse) {
        this.templates = templates;
        this.out = out;
        this.browse = browse;
    }

    /** Writes every page, data file, badge and asset of the site, on the calling thread. */
    public void render(Site site, Runnable tick) {
        render(site, tick, Runnable::run);
    }

    /**
     * Writes every page, data file, badge and asset of the site; pages are rendered as tasks on
     * {@code executor}. Each page depends on the model alone, so the order pages are written in
     * changes nothing in the output.
     */
    public void render(Site site, Runnable tick, java.util.concurrent.Executor executor) {
        out.copyAsset("site.css");
        out.copyAsset("site.js");
        List<java.util.concurrent.CompletableFuture<Void>> tasks = new ArrayList<>();
        java.util.function.Consumer<Runnable> submit = task -> tasks.add(
                java.util.concurrent.CompletableFuture.runAsync(task, executor));
        Map<String, List<Object[]>> byTest = new HashMap<>();
        for (Job job : site.jobs()) {
            long[] starts = new long[job.builds().size()];
            List<Object> builds = new ArrayList<>();
            for (int i = 0; i < starts.length; i++) {
                BuildRecord b = job.builds().get(i);
                starts[i] = b.startedAt();
                builds.add(List.of(b.root(), b.job(), b.build(), b.finishedGeneration(), b.startedAt()));
            }
            // what a test page takes from the job's builds, hashed once for its 500 test pages
            String buildsDigest = ViewDigest.of(JobCache.VERSION, builds);
            for (GridRow r : job.rows()) {
                byTest.computeIfAbsent(r.test().name(), k -> new ArrayList<>())
                        .add(new Object[] {job, r, r.results(), starts, buildsDigest});
            }
        }
        submit.accept(() -> DataFiles.write(site, out));
        List<TestSummary> tests = site.tests();
        for (int from = 0; from < tests.size(); from += 25) {
            List<TestSummary> chunk = tests.subList(from, Math.min(tests.size(), from + 25));
            submit.accept(() -> {
                for (TestSummary t : chunk) {
                    test(site, t, byTest.getOrDefault(t.test().name(), List.of()));
                }
            });
        }
        for (Job job : site.jobs()) {
            submit.accept(() -> {
                grid(site, job);
                out.write("badges/" + job.slug() + ".svg", Snippets.badge(job.name(), job.status()));
                for (int i = 0; i < job.builds().size(); i++) {
                    build(site, job, i);
                }
                tick.run();
            });
        }
        submit.accept(() -> {
            summary(site);
            matrix(site);
            clusters(site);
            flaky(site);
            metrics(site);
            tick.run();
            tick.run();
        });
        try {
            java.util.concurrent.CompletableFuture.allOf(tasks.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private Views.Common common(Site site, String root, String title, String current) {
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

    private void page(String path, String template, Views.Common common, Object view) {
        page(path, template, common, view, 16_384);
    }

    private void page(String path, String template, Views.Common common, Object view, int sizeHint) {
        String digest = ViewDigest.of(templates.digest(template), common, view);
        if (out.reuse(path, digest)) {
            return;
        }
        render(path, template, common, view, digest, sizeHint);
    }

    private void render(String path, String template, Views.Common common, Object view, String digest,
                        int sizeHint) {
        Map<String, Object> values = new HashMap<>();
        values.put("c", common);
        values.put("v", view);
        out.write(path, templates.render(template, values, sizeHint), digest);
    }

    private void summary(Site site) {
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

    private void matrix(Site site) {
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
            rows.add(new Views.MatrixRow(rows.size(), t.test().name(), "tests/" + t.test().slug() + ".html", t.test().sig(),
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

    /**
     * A job's grid: {@code jobs/<job>.html} shows the newest {@link #GRID_BUILDS} builds with the
     * job's status; every build is also on a block page {@code jobs/<job>/<k>.html} of
     * {@link #BLOCK} builds cut by the build's position in the job's history (oldest first), so a
     * new build changes the newest block and the main page only, and an unchanged block is
     * neither rebuilt nor rewritten.
     */
    private void grid(Site site, Job job) {
        int n = job.builds().size();
        List<int[]> blocks = blocks(job);
        List<Views.Link> older = new ArrayList<>();
        for (int[] blk : blocks) {
            older.add(new Views.Link(job.slug() + "/" + blk[0] + ".html", blockLabel(job, blk)));
        }
        String builds = "../builds/" + job.slug() + "/";
        int shown = Math.min(n, GRID_BUILDS);
        List<String> stats = new ArrayList<>(job.rows().size());
        List<Object> key = new ArrayList<>(job.rows().size() * 3);
        for (GridRow r : job.rows()) {
            String s = r.runs() + " runs, " + r.failures() + " failed, " + r.flakes() + " flaky, flakiness "
                    + Snippets.num1(r.flakiness()) + "%";
            stats.add(s);
            key.add(r.test().name());
            key.add(s);
            key.add(java.util.Arrays.copyOf(r.cells(), shown));
            key.add(skipReasons(r, 0, shown));
        }
        String scope = n == 0 ? "No build in the window."
                : shown == n ? "All " + n + (n == 1 ? " build" : " builds") + " of the window, newest on the left."
                : "The newest " + shown + " of the " + n + " builds of the window, newest on the left; every build"
                + " is on the pages of " + BLOCK + " builds below.";
        String path = "jobs/" + job.slug() + ".html";
        Views.Common common = common(site, "../", job.name(), "");
        List<Views.GridColumn> columns = columns(job, builds, 0, shown);
        List<String> overall = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            overall.add(job.overall().get(i).name());
        }
        // as for a block: the key holds what the page shows with each row's states as bytes, so
        // the digest does not hash the markup of thousands of cells
        String digest = ViewDigest.of(templates.digest("grid.vm"), common, "grid", job.name(), job.slug(),
                job.provider(), job.source().root(), job.source().contact(), job.status().name(), job.statusReason(),
                scope, older, columns, overall, key);
        if (!out.reuse(path, digest)) {
            List<Views.GridRowView> rows = new ArrayList<>(job.rows().size());
            for (int k = 0; k < job.rows().size(); k++) {
                GridRow r = job.rows().get(k);
                rows.add(new Views.GridRowView(r.test().name(), "../tests/" + r.test().slug() + ".html", stats.get(k),
                        Snippets.gridCells(job, r, builds, 0, shown)));
            }
            Views.Grid v = new Views.Grid(false, job.name(), "", job.provider(), job.source().root(),
                    job.source().contact(), job.status().name(), job.status().css(), job.statusReason(),
                    "../badges/" + job.slug() + ".svg", scope, blocks.isEmpty() ? "" : "Builds by page, newest first:",
                    older, columns, Snippets.overallCells(job, builds, 0, shown), rows, rows.size() + " tests");
            render(path, "grid.vm", common, v, digest, 16_384 + job.rows().size() * (shown * 40 + 300));
        }
        for (int k = 0; k < blocks.size(); k++) {
            block(site, job, blocks.get(k), k + 1 < blocks.size() ? blocks.get(k + 1) : null);
        }
    }

    /** The skip reasons of a row's cells {@code from} to {@code to} for a page's key: the cells' tooltips. */
    private static List<String> skipReasons(GridRow r, int from, int to) {
        if (r.skipReasons() == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(r.skipReason(i));
        }
        return out;
    }

    /** The job's blocks, newest first: {number, from, to} with builds {@code from} to {@code to - 1}. */
    private static List<int[]> blocks(Job job) {
        List<int[]> out = new ArrayList<>();
        int n = job.builds().size();
        int from = 0;
        while (from < n) {
            int number = job.positions().get(from) / BLOCK;
            int to = from + 1;
            while (to < n && job.positions().get(to) / BLOCK == number) {
                to++;
            }
            out.add(new int[] {number + 1, from, to});
            from = to;
        }
        return out;
    }

    private static String blockLabel(Job job, int[] blk) {
        long newest = job.builds().get(blk[1]).build();
        long oldest = job.builds().get(blk[2] - 1).build();
        return newest == oldest ? "#" + newest : "#" + oldest + "\u2013" + newest;
    }

    private static List<Views.GridColumn> columns(Job job, String builds, int from, int to) {
        List<Views.GridColumn> columns = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            BuildRecord b = job.builds().get(i);
            BuildState s = job.buildStates().get(i);
            columns.add(new Views.GridColumn(builds + b.build() + ".html", Long.toString(b.build()),
                    Format.shortTime(b.startedAt()), b.version(), BuildStates.css(s), s.name()));
        }
        return columns;
    }

    /** A test's row in a block: its results in the block's builds alone, so the page depends on nothing else. */
    private record BlockRow(GridRow row, int runs, int failures, int flakes) {
    }

    private static final Comparator<BlockRow> BLOCK_ROW_ORDER = Comparator.comparingInt(BlockRow::failures)
            .reversed().thenComparing(Comparator.comparingInt(BlockRow::flakes).reversed())
            .thenComparing(r -> r.row().test().name());

    private void block(Site site, Job job, int[] blk, int[] older) {
        int from = blk[1];
        int to = blk[2];
        // a block links to the job's page (which lists every block) and to the block before
        // it, never to a newer one: so a full block never changes, not even when the next starts
        List<Views.Link> pages = new ArrayList<>();
        pages.add(new Views.Link("../" + job.slug() + ".html", "all pages, newest builds and status"));
        if (older != null) {
            pages.add(new Views.Link(older[0] + ".html", "older builds (page " + older[0] + ")"));
        }
        String path = "jobs/" + job.slug() + "/" + blk[0] + ".html";
        Views.Common common = common(site, "../../", job.name() + " builds " + blockLabel(job, blk), "");
        boolean finished = true;
        List<Object> fixed = new ArrayList<>();
        for (int i = from; i < to; i++) {
            BuildRecord b = job.builds().get(i);
            finished &= b.finished();
            fixed.add(List.of(b.root(), b.job(), b.build(), b.finishedGeneration(), job.buildStates().get(i).name()));
        }
        String digest = null;
        if (finished) {
            // finished builds' records are fixed by their paths and generations (see build), and
            // a block's rows and cells come from its own records alone: that is the whole key
            digest = ViewDigest.of(templates.digest("grid.vm"), common, "block-finished", JobCache.VERSION, blk[0],
                    job.name(), job.slug(), job.provider(), job.source().root(), job.source().contact(), pages, fixed);
            if (out.reuse(path, digest)) {
                return;
            }
        }
        List<BlockRow> rows = new ArrayList<>();
        for (GridRow r : job.rows()) {
            int runs = 0;
            int failures = 0;
            int flakes = 0;
            boolean any = false;
            for (int i = from; i < to; i++) {
                CellState c = r.cell(i);
                any |= c != CellState.NO_RESULT;
                runs += c.isRun() ? 1 : 0;
                failures += c == CellState.FAIL ? 1 : 0;
                flakes += c == CellState.FLAKY ? 1 : 0;
            }
            if (any) {
                rows.add(new BlockRow(r, runs, failures, flakes));
            }
        }
        rows.sort(BLOCK_ROW_ORDER);
        String builds = "../../builds/" + job.slug() + "/";
        List<Views.GridColumn> columns = columns(job, builds, from, to);
        if (!finished) {
            // with a running build, the key holds everything the page shows, compactly (a row's
            // states as bytes), so an unchanged block is still recognised without building its markup
            List<Object> key = new ArrayList<>(rows.size() * 2);
            for (BlockRow r : rows) {
                key.add(r.row().test().name());
                key.add(java.util.Arrays.copyOfRange(r.row().cells(), from, to));
                key.add(skipReasons(r.row(), from, to));
            }
            List<String> overall = new ArrayList<>();
            for (int i = from; i < to; i++) {
                overall.add(job.overall().get(i).name());
            }
            digest = ViewDigest.of(templates.digest("grid.vm"), common, "block", blk[0], job.name(), job.slug(),
                    job.provider(), job.source().root(), job.source().contact(), pages, columns, overall, key);
            if (out.reuse(path, digest)) {
                return;
            }
        }
        List<Views.GridRowView> views = new ArrayList<>(rows.size());
        for (BlockRow r : rows) {
            views.add(new Views.GridRowView(r.row().test().name(), "../../tests/" + r.row().test().slug() + ".html",
                    r.runs() + " runs, " + r.failures() + " failed, " + r.flakes() + " flaky in these builds",
                    Snippets.gridCells(job, r.row(), builds, from, to)));
        }
        Views.Grid v = new Views.Grid(true, job.name(), "../" + job.slug() + ".html", job.provider(),
                job.source().root(), job.source().contact(), "", "", "", "../../badges/" + job.slug() + ".svg",
                "Builds " + blockLabel(job, blk) + " (page " + blk[0] + " of the job's history, " + BLOCK
                        + " builds a page), newest on the left.", "Other builds:", pages, columns,
                Snippets.overallCells(job, builds, from, to), views, views.size() + " tests ran in these builds");
        render(path, "grid.vm", common, v, digest, 16_384 + rows.size() * ((to - from) * 40 + 200));
    }

    private void build(Site site, Job job, int index) {
        BuildRecord b = job.builds().get(index);
        BuildState state = job.buildStates().get(index);
        String path = "builds/" + job.slug() + "/" + b.build() + ".html";
        Views.Common common = common(site, "../../", job.name() + " #" + b.build(), "");
        String digest = null;
        if (b.finished()) {
            // a finished build's record is fixed by its path and finished.json generation (the
            // cache's key) and the reader's format: its page depends on those and the job's names
            // alone, so a rerun recognises it without building the view (2,000 build pages)
            digest = ViewDigest.of(templates.digest("build.vm"), common, "build", JobCache.VERSION, b.root(),
                    b.job(), b.build(), b.finishedGeneration(), state.name(), job.name(), job.slug(), job.provider(),
                    job.source().root());
            if (out.reuse(path, digest)) {
                return;
            }
        }
        List<Views.StepView> steps = new ArrayList<>();
        for (Step s : b.steps()) {
            steps.add(new Views.StepView(s.name(), s.outcome().name(), s.outcome().name().toLowerCase(Locale.ROOT),
                    Format.duration(s.seconds()), s.message()));
        }
        int pass = 0;
        int fail = 0;
        int flaky = 0;
        int skip = 0;
        List<Views.FailedTest> failed = new ArrayList<>();
        for (TestResult t : b.tests()) {
            switch (t.outcome()) {
                case PASS -> pass++;
                case FAIL -> fail++;
                case FLAKY -> flaky++;
                case SKIP -> skip++;
            }
        }
        // failures first, then flakes, each by name, so the page leads with what broke
        for (Outcome wanted : List.of(Outcome.FAIL, Outcome.FLAKY)) {
            for (TestResult t : b.tests()) {
                if (t.outcome() == wanted) {
                    TestInfo info = io.fede2e.dashboard.model.Names.test(t.name());
                    failed.add(new Views.FailedTest("t-" + info.slug(), t.name(), "../../tests/" + info.slug() + ".html",
                            t.outcome().name(), t.outcome().name().toLowerCase(Locale.ROOT), Format.duration(t.seconds()),
                            t.message(), t.details(), t.output()));
                }
            }
        }
        String counts = pass + " passed, " + fail + " failed, " + flaky + " flaky, " + skip + " skipped";
        List<Views.LogLine> log = new ArrayList<>();
        if (!b.logTail().isEmpty()) {
            String[] lines = b.logTail().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                boolean err = ERROR_LINE.matcher(lines[i]).find();
                log.add(new Views.LogLine(Integer.toString(i + 1), err ? "!" : "", err ? "err" : "", lines[i]));
            }
        }
        String logNote = b.logTail().isEmpty() ? "build-log.txt is missing or empty."
                : "The last " + log.size() + " lines of build-log.txt; lines marked ! look like errors.";
        int source = job.sourceIndex();
        String base = browse.apply(source, b.dir());
        List<Views.Link> artifacts = new ArrayList<>();
        for (String a : b.artifacts()) {
            Optional<String> url = Links.inside(base, browse.apply(source, b.dir() + a));
            artifacts.add(new Views.Link(url.orElse(""), a));
        }
        String artifactsNote = b.artifacts().isEmpty() ? "No artifacts." : "";
        Views.Link buildLog = new Views.Link(Links.inside(base, browse.apply(source, b.dir() + "build-log.txt"))
                .orElse(""), "build-log.txt");
        Views.Link bucket = new Views.Link(Links.inside(base, base).orElse(""), job.source().root() + "/" + b.dir());
        String duration = b.finishedAt() >= 0 && b.startedAt() >= 0 ? Format.duration(b.finishedAt() - b.startedAt())
                : "\u2013";
        Views.Build v = new Views.Build(job.name(), "../../jobs/" + job.slug() + ".html", Long.toString(b.build()),
                job.provider(), b.version().isEmpty() ? "\u2013" : b.version(), Format.time(b.startedAt()),
                b.finishedAt() < 0 ? "\u2013" : Format.time(b.finishedAt()), duration, state.name(), BuildStates.css(state),
                b.problems(), steps, counts, failed, log, logNote, artifacts, artifactsNote, buildLog, bucket);
        if (digest == null) {
            page(path, "build.vm", common, v);
        } else {
            render(path, "build.vm", common, v, digest, 16_384);
        }
    }

    private void test(Site site, TestSummary t, List<Object[]> rows) {
        String path = "tests/" + t.test().slug() + ".html";
        Views.Common common = common(site, "../", t.test().name(), "");
        // the key: the test's summary and, per job, the job's builds (their paths and
        // finished.json generations fix their records: see build), the row's states and
        // durations, and the texts of failures in builds without finished.json
        List<Object> key = new ArrayList<>();
        for (Object[] pair : rows) {
            Job job = (Job) pair[0];
            GridRow r = (GridRow) pair[1];
            java.nio.ByteBuffer seconds = java.nio.ByteBuffer.allocate(r.seconds().length * 4);
            seconds.asFloatBuffer().put(r.seconds());
            key.add(List.of(job.name(), job.slug(), job.provider(), (String) pair[4], r.cells(), seconds.array()));
            for (int i = 0; i < r.cells().length; i++) {
                if (r.results()[i] != null && r.results()[i].outcome().failedOnce()
                        && !job.builds().get(i).finished()) {
                    key.add(List.of(i, r.results()[i].message(), r.results()[i].details()));
                }
            }
        }
        String digest = ViewDigest.of(templates.digest("test.vm"), common, "test", t, key);
        if (out.reuse(path, digest)) {
            return;
        }
        Map<String, List<Views.JobTimeline>> timelines = new java.util.TreeMap<>();
        Map<String, Points> durations = new java.util.TreeMap<>();
        List<Object[]> failures = new ArrayList<>();
        for (Object[] pair : rows) {
            Job job = (Job) pair[0];
            GridRow r = (GridRow) pair[1];
            TestResult[] byBuild = (TestResult[]) pair[2];
            long[] starts = (long[]) pair[3];
            String builds = "../builds/" + job.slug() + "/";
            String stats = r.runs() + " runs, " + r.failures() + " failed, " + r.flakes() + " flaky";
            timelines.computeIfAbsent(job.provider(), k -> new ArrayList<>()).add(new Views.JobTimeline(job.name(),
                    "../jobs/" + job.slug() + ".html", stats, Snippets.timeline(job, r, builds)));
            Points points = durations.computeIfAbsent(job.provider(), k -> new Points());
            // from the row's arrays: a result object is visited only for a failure
            float[] seconds = r.seconds();
            for (int i = 0; i < seconds.length; i++) {
                CellState s = r.cell(i);
                if (!s.isRun()) {
                    continue;
                }
                if (starts[i] >= 0) {
                    points.add(starts[i], seconds[i]);
                }
                if (s != CellState.PASS) {
                    failures.add(new Object[] {job, job.builds().get(i), byBuild[i]});
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
        for (int k = 0; k < names.size(); k++) {
            series.add(durations.get(names.get(k)).slots(minX, maxX));
            legend.add(new Views.Legend(Snippets.swatch(k), names.get(k)));
        }
        Html chart = Snippets.chart(names, series, " s", "duration of " + t.test().name() + " per provider");
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
        Views.TestPage v = new Views.TestPage(t.test().name(), t.test().sig(), String.join(", ", t.test().tags()),
                summary, providers, chart, legend, fv);
        render(path, "test.vm", common, v, digest, 16_384 + rows.size() * 1024);
    }

    /** A test's durations on one provider: start time and seconds of each run, in the order met. */
    static final class Points {
        long[] x = new long[128];
        float[] y = new float[128];
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

    private void clusters(Site site) {
        List<Views.ClusterView> list = new ArrayList<>();
        long failures = 0;
        for (Cluster c : site.clusters()) {
            failures += c.count();
            List<Views.Link> tests = new ArrayList<>();
            for (TestInfo t : c.tests().subList(0, Math.min(CLUSTER_TESTS, c.tests().size()))) {
                tests.add(new Views.Link("tests/" + t.slug() + ".html", t.name()));
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

    private void flaky(Site site) {
        List<Views.FlakyRow> rows = new ArrayList<>();
        int rank = 0;
        for (Site.Flaky f : site.flaky()) {
            rows.add(new Views.FlakyRow(++rank, f.test().name(), "tests/" + f.test().slug() + ".html", f.job().name(),
                    "jobs/" + f.job().slug() + ".html", f.job().provider(),
                    Snippets.num1(f.row().flakiness()) + "%", f.row().runs(), f.row().flakes(),
                    f.row().failures()));
        }
        page("flaky.html", "flaky.vm", common(site, "", "Flaky tests", "Flaky tests"), new Views.FlakyPage(rows));
    }

    private void metrics(Site site) {
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
            list.add(new Views.MetricView(id, m.test().name(), "tests/" + m.test().slug() + ".html", m.metric(),
                    Snippets.chart(names, series, "", m.metric() + " of " + m.test().name() + " per provider"),
                    legend, latest));
        }
        page("metrics.html", "metrics.vm", common(site, "", "Performance metrics", "Metrics"),
                new Views.Metrics(list));
    }
}
