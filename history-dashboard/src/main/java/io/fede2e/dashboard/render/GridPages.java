package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.BuildStates;
import io.fede2e.dashboard.model.CellState;
import io.fede2e.dashboard.model.GridRow;
import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.TestInfo;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.dashboard.read.JobCache;
import io.fede2e.layout.BuildState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A job's grid: {@code jobs/<job>.html} shows the newest {@link #GRID_BUILDS} builds with the
 * job's status; every build is also on a block page {@code jobs/<job>/<k>.html} of {@link #BLOCK}
 * builds cut by the build's position in the job's history (oldest first), so a new build changes
 * the newest block and the main page only, and an unchanged block is neither rebuilt nor rewritten.
 */
final class GridPages extends PageKind {

    /** Builds on a job's main grid page, newest first. */
    static final int GRID_BUILDS = 25;
    /** Builds per block page of a job's grid. */
    static final int BLOCK = 25;

    GridPages(Templates templates, SiteWriter out) {
        super(templates, out);
    }

    /** Writes the job's main grid page and the block pages that changed. */
    void write(Site site, Job job) {
        int n = job.builds().size();
        List<int[]> blocks = blocks(job);
        List<Views.Link> pages = new ArrayList<>();
        for (int[] blk : blocks) {
            pages.add(new Views.Link(job.slug() + "/" + blk[0] + ".html", blockLabel(job, blk)));
        }
        String builds = "../builds/" + job.slug() + "/";
        int shown = Math.min(n, GRID_BUILDS);
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
        List<Object> head = List.of(job.name(), job.slug(), job.provider(), job.source().root(),
                job.source().contact(), job.status().name(), job.statusReason(), scope, pages, columns, overall);
        JobRows jobRows = new JobRows(job);
        List<Object> fixed = fixed(job, 0, n);
        String digest = null;
        boolean reused = false;
        if (fixed != null) {
            // as for a full block: the rows (their order, counts, cells and skip reasons) come from
            // the window's records alone, which their paths and generations fix, so the key needs
            // no walk over 7,000 rows; what else the page shows (status, columns, pages) is in head
            digest = ViewDigest.of(templates.digest("grid.vm"), common, "grid-finished", JobCache.VERSION, head,
                    fixed);
            reused = out.reuse(path, digest);
        }
        if (!reused) {
            // the main page lists the tests that have a result in its builds: a test that ran only in
            // older builds (renamed, removed, or one of 100,000 distinct tests spread over 500 builds)
            // is on the block pages of the builds it ran in, so the page grows with what it shows
            int listed = 0;
            Markup rows = new Markup(16_384 + job.rows().size() * (shown * 12 + 300));
            for (int k = 0; k < job.rows().size(); k++) {
                GridRow r = job.rows().get(k);
                if (hasResult(r, jobRows.span(k), 0, shown)) {
                    listed++;
                    row(rows.text(), job, r, r.runs() + " runs, " + r.failures() + " failed, " + r.flakes() + " flaky, flakiness "
                            + Snippets.num1(r.flakiness()) + "%", "../", jobRows.link(k), builds, 0, shown);
                    rows.next();
                }
            }
            String tests = testsLine(listed, job.rows().size() - listed);
            if (digest == null) {
                // a running build's results change from run to run: the key is then what the page
                // shows, its rows' markup included, as for the matrix
                digest = ViewDigest.of(templates.digest("grid.vm"), common, "grid", head, tests,
                        new Html(rows.toString()));
                reused = out.reuse(path, digest);
            }
            if (!reused) {
                Views.Grid v = new Views.Grid(false, job.name(), "", job.provider(), job.source().root(),
                        job.source().contact(), job.status().name(), job.status().css(), job.statusReason(),
                        "../badges/" + job.slug() + ".svg", scope, blocks.isEmpty() ? "" : "Builds by page, newest first:",
                        pages, columns, Snippets.overallCells(job, builds, 0, shown), BODY, tests);
                render(path, "grid.vm", common, v, digest, rows);
            }
        }
        for (int k = 0; k < blocks.size(); k++) {
            block(site, job, blocks.get(k), k + 1 < blocks.size() ? blocks.get(k + 1) : null, jobRows);
        }
    }

    /**
     * Appends a test's row: its name, linking to the test, with its counts as the tooltip, and its
     * cells. The template once made each row, and a page of 7,000 rows cost 28,000 reflective calls
     * and escaping events; the markup is the template's, byte for byte. The name, in {@code link}
     * ({@link JobRows#link}), is the one untrusted text and is escaped there; the counts are
     * numbers, and the link is made of slugs ([a-z0-9-]).
     */
    private static void row(StringBuilder b, Job job, GridRow r, String stats, String root, String link,
                            String builds, int from, int to) {
        b.append("<tr><th scope=\"row\" title=\"").append(stats).append("\"><a href=\"").append(root).append(link);
        Snippets.gridCells(b, job, r, builds, from, to);
        b.append("</tr>\n");
    }

    /**
     * What fixes the records of the job's builds {@code from} to {@code to}: each one's path,
     * finished.json generation and state; null when one of them has no finished.json yet, whose
     * record can change under the same path.
     */
    private static List<Object> fixed(Job job, int from, int to) {
        List<Object> fixed = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            BuildRecord b = job.builds().get(i);
            if (!b.finished()) {
                return null;
            }
            fixed.add(List.of(b.root(), b.job(), b.build(), b.finishedGeneration(), job.buildStates().get(i).name()));
        }
        return fixed;
    }

    private static String testsLine(int listed, int older) {
        String line = listed + (listed == 1 ? " test" : " tests");
        return older == 0 ? line : line + "; " + older + (older == 1 ? " test" : " tests")
                + " ran only in older builds, on the pages below";
    }

    /**
     * What the pages of one job compute once from its rows, when the first of them is rendered: a
     * run that keeps every page of a job never walks its 7,000 rows.
     */
    private static final class JobRows {
        private final Job job;
        private int[][] spans;
        private String[] links;
        private Comparator<BlockRow> order;

        JobRows(Job job) {
            this.job = job;
        }

        /**
         * Row {@code k}'s newest and oldest build with a result, {newest, oldest}, or {-1, -1}: a
         * block then passes over a row without results in its builds without looking at its cells,
         * which with 100,000 distinct tests over 500 builds was 50 million cell reads for 20 blocks.
         */
        int[] span(int k) {
            if (spans == null) {
                spans = spans(job);
            }
            return spans[k];
        }

        /** The order of a block's rows: the same for every block of the job, so made once. */
        Comparator<BlockRow> order() {
            if (order == null) {
                order = blockOrder(job);
            }
            return order;
        }

        /**
         * Row {@code k}'s link to its test from the site's root, with the escaped name and the end
         * of the row's head: the main page and the newest block, both rendered after a new build,
         * share it rather than each escaping 7,000 names and making their links.
         */
        String link(int k) {
            if (links == null) {
                links = new String[job.rows().size()];
            }
            if (links[k] == null) {
                TestInfo t = job.rows().get(k).test();
                links[k] = TestPages.href(t, "") + "\">" + Escape.html(t.name()) + "</a></th>";
            }
            return links[k];
        }
    }

    private static int[][] spans(Job job) {
        byte none = (byte) CellState.NO_RESULT.ordinal();
        int[][] spans = new int[job.rows().size()][];
        for (int k = 0; k < spans.length; k++) {
            byte[] cells = job.rows().get(k).cells();
            int newest = 0;
            while (newest < cells.length && cells[newest] == none) {
                newest++;
            }
            int oldest = cells.length - 1;
            while (oldest > newest && cells[oldest] == none) {
                oldest--;
            }
            spans[k] = newest == cells.length ? new int[] {-1, -1} : new int[] {newest, oldest};
        }
        return spans;
    }

    private static boolean hasResult(GridRow r, int[] span, int from, int to) {
        if (span[0] < 0 || span[0] >= to || span[1] < from) {
            return false;
        }
        byte none = (byte) CellState.NO_RESULT.ordinal();
        byte[] cells = r.cells();
        for (int i = Math.max(from, span[0]); i < Math.min(to, span[1] + 1); i++) {
            if (cells[i] != none) {
                return true;
            }
        }
        return false;
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

    /**
     * A block's rows: most failures in the block first, then flakes, then name. The job's rows
     * without a failure or flake in its window end its order ({@link
     * io.fede2e.dashboard.model.Aggregator#ROW_ORDER}), by name: two of those compare by their
     * places, not by names that share most of their characters ("[sig-api-machinery] Suite0 ..."),
     * which was most of a block's sort. The places stand for the names only as far as the rows'
     * names are found ascending from the end, so the order is the same whatever the rows' order.
     */
    private static Comparator<BlockRow> blockOrder(Job job) {
        List<GridRow> all = job.rows();
        int tail = all.size();
        while (tail > 0 && all.get(tail - 1).failures() == 0 && all.get(tail - 1).flakes() == 0
                && (tail == all.size() || name(all.get(tail - 1)).compareTo(name(all.get(tail))) < 0)) {
            tail--;
        }
        int clean = tail;
        return (a, b) -> {
            int c = Integer.compare(b.failures(), a.failures());
            if (c == 0) {
                c = Integer.compare(b.flakes(), a.flakes());
            }
            if (c != 0) {
                return c;
            }
            return a.index() >= clean && b.index() >= clean ? Integer.compare(a.index(), b.index())
                    : name(a.row()).compareTo(name(b.row()));
        };
    }

    private static String name(GridRow r) {
        return r.test().name();
    }

    /** A test's row in a block: its results in the block's builds alone, so the page depends on nothing else. */
    private record BlockRow(GridRow row, int index, int runs, int failures, int flakes) {
    }

    private void block(Site site, Job job, int[] blk, int[] older, JobRows jobRows) {
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
        List<Object> fixed = fixed(job, from, to);
        String digest = null;
        if (fixed != null) {
            // finished builds' records are fixed by their paths and generations (see build), and
            // a block's rows and cells come from its own records alone: that is the whole key
            digest = ViewDigest.of(templates.digest("grid.vm"), common, "block-finished", JobCache.VERSION, blk[0],
                    job.name(), job.slug(), job.provider(), job.source().root(), job.source().contact(), pages, fixed);
            if (out.reuse(path, digest)) {
                return;
            }
        }
        List<BlockRow> rows = new ArrayList<>();
        for (int k = 0; k < job.rows().size(); k++) {
            GridRow r = job.rows().get(k);
            if (!hasResult(r, jobRows.span(k), from, to)) {
                continue;
            }
            int runs = 0;
            int failures = 0;
            int flakes = 0;
            for (int i = from; i < to; i++) {
                CellState c = r.cell(i);
                runs += c.isRun() ? 1 : 0;
                failures += c == CellState.FAIL ? 1 : 0;
                flakes += c == CellState.FLAKY ? 1 : 0;
            }
            rows.add(new BlockRow(r, k, runs, failures, flakes));
        }
        rows.sort(jobRows.order());
        String builds = "../../builds/" + job.slug() + "/";
        List<Views.GridColumn> columns = columns(job, builds, from, to);
        Markup markup = new Markup(16_384 + rows.size() * ((to - from) * 12 + 300));
        for (BlockRow r : rows) {
            row(markup.text(), job, r.row(), r.runs() + " runs, " + r.failures() + " failed, " + r.flakes()
                    + " flaky in these builds", "../../", jobRows.link(r.index()), builds, from, to);
            markup.next();
        }
        if (fixed == null) {
            // with a running build, the key holds everything the page shows, its rows' markup included
            List<String> overall = new ArrayList<>();
            for (int i = from; i < to; i++) {
                overall.add(job.overall().get(i).name());
            }
            digest = ViewDigest.of(templates.digest("grid.vm"), common, "block", blk[0], job.name(), job.slug(),
                    job.provider(), job.source().root(), job.source().contact(), pages, columns, overall,
                    new Html(markup.toString()));
            if (out.reuse(path, digest)) {
                return;
            }
        }
        Views.Grid v = new Views.Grid(true, job.name(), "../" + job.slug() + ".html", job.provider(),
                job.source().root(), job.source().contact(), "", "", "", "../../badges/" + job.slug() + ".svg",
                "Builds " + blockLabel(job, blk) + " (page " + blk[0] + " of the job's history, " + BLOCK
                        + " builds a page), newest on the left.", "Other builds:", pages, columns,
                Snippets.overallCells(job, builds, from, to), BODY, rows.size() + " tests ran in these builds");
        render(path, "grid.vm", common, v, digest, markup);
    }
}
