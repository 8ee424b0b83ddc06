package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.BuildStates;
import io.fede2e.dashboard.model.CellState;
import io.fede2e.dashboard.model.GridRow;
import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.MetricSeries;
import io.fede2e.dashboard.model.TabStatus;
import io.fede2e.dashboard.read.BuildRecord;
import io.fede2e.layout.BuildState;
import java.util.List;
import java.util.Locale;

/**
 * The markup built in code rather than in templates: charts (inline SVG) and the grid's cells,
 * of which a site has a million, too many for a template loop. Every text in it is escaped here.
 */
final class Snippets {

    /** Series colours, chosen to stay apart for common colour blindness; lines also differ by dash. */
    static final String[] PALETTE = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"};
    private static final String[] DASH = {"", "6 3", "2 2", "8 3 2 3", "1 3", "4 4", "10 2"};
    private static final CellState[] STATES = CellState.values();
    /** Each state's cell alone, for the cells that are their symbol only: a page has 175,000 cells. */
    private static final String[] PLAIN = new String[STATES.length];
    /** Each state's cell up to its class, for the cells that carry more. */
    private static final String[] OPEN = new String[STATES.length];

    static {
        for (CellState s : STATES) {
            OPEN[s.ordinal()] = "<td class=\"c " + s.css();
            PLAIN[s.ordinal()] = OPEN[s.ordinal()] + "\">" + s.symbol() + "</td>";
        }
    }

    private Snippets() {
    }

    /**
     * The cells of a grid row for the job's builds {@code from} (inclusive, newest) to {@code to}
     * (exclusive). FAIL and FLAKY cells link to the test's entry on the build page, the only
     * results a build page lists; PASS and RUNNING cells are their symbol alone (their column
     * header links to the build). Consecutive SKIP cells of one reason, and consecutive cells
     * without a result, are one cell spanning their columns: a conformance run skips most of the
     * suite in every build, and a grid of thousands of such rows is otherwise mostly repeats.
     */
    static Html gridCells(Job job, GridRow row, String buildsHref, int from, int to) {
        StringBuilder b = new StringBuilder((to - from) * 36);
        gridCells(b, job, row, buildsHref, from, to);
        return new Html(b.toString());
    }

    /** Appends {@link #gridCells(Job, GridRow, String, int, int)} to {@code b}, so a page's rows are one buffer. */
    static void gridCells(StringBuilder b, Job job, GridRow row, String buildsHref, int from, int to) {
        byte[] cells = row.cells();
        String[] reasons = row.skipReasons();
        String anchor = null;
        int i = from;
        while (i < to) {
            byte c = cells[i];
            CellState s = STATES[c];
            if (s == CellState.SKIP || s == CellState.NO_RESULT) {
                String reason = reasons == null || reasons[i] == null ? "" : reasons[i];
                int end = i + 1;
                // each cell is compared with the one before it, not with the first of the run: the
                // builds from the cache share one String per reason, a build just read has its own,
                // so only the cell after a build read in this run compares text at all
                String last = reason;
                while (end < to && cells[end] == c) {
                    String next = reasons == null || reasons[end] == null ? "" : reasons[end];
                    if (next != last && !next.equals(last)) {
                        break;
                    }
                    last = next;
                    end++;
                }
                int span = end - i;
                boolean titled = s == CellState.SKIP && (span > 1 || !reason.isEmpty());
                if (span == 1 && !titled) {
                    b.append(PLAIN[c]);
                    i = end;
                    continue;
                }
                b.append(OPEN[c]);
                if (span > 1) {
                    b.append("\" colspan=\"").append(span);
                }
                if (titled) {
                    // the reason tells a skip for a missing capability from one by choice; it comes from the bucket
                    b.append("\" title=\"skipped");
                    if (span > 1) {
                        b.append(" in ").append(span).append(" builds");
                    }
                    if (!reason.isEmpty()) {
                        b.append(": ").append(Escape.html(reason));
                    }
                }
                b.append("\">").append(s.symbol()).append("</td>");
                i = end;
                continue;
            }
            if (s == CellState.FAIL || s == CellState.FLAKY) {
                if (anchor == null) {
                    anchor = ".html#t-" + row.test().slug();
                }
                // href is built from slugs ([a-z0-9-]) and build ids only: nothing in it needs escaping
                b.append(OPEN[c]).append("\"><a href=\"").append(buildsHref).append(job.builds().get(i).build())
                        .append(anchor).append("\" aria-label=\"").append(s.name()).append("\">").append(s.symbol())
                        .append("</a></td>");
            } else {
                b.append(PLAIN[c]);
            }
            i++;
        }
    }

    /** The Overall row's cells for builds {@code from} to {@code to}, each a link to its build page. */
    static Html overallCells(Job job, String buildsHref, int from, int to) {
        StringBuilder b = new StringBuilder((to - from) * 120);
        for (int i = from; i < to; i++) {
            CellState s = job.overall().get(i);
            b.append("<td class=\"c ").append(s.css()).append("\"><a href=\"").append(buildsHref)
                    .append(job.builds().get(i).build()).append(".html\" aria-label=\"")
                    .append(s == CellState.NO_RESULT ? "NO RESULT" : s.name()).append("\">").append(s.symbol())
                    .append("</a></td>");
        }
        return new Html(b.toString());
    }

    /** Bars of the newest builds, oldest left: height by tests passed, colour and shape by state. */
    static Html sparkline(Job job, int max) {
        int n = Math.min(max, job.builds().size());
        int w = 6;
        int h = 20;
        StringBuilder label = new StringBuilder();
        int passed = 0;
        int failed = 0;
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < n; k++) {
            int i = n - 1 - k;
            BuildRecord r = job.builds().get(i);
            BuildState s = job.buildStates().get(i);
            // height tells the state too: full for passed, shorter for failed, short for running or unknown
            double ratio = s == BuildState.SUCCESS ? 1 : BuildStates.isFailure(s) ? 0.55 : 0.3;
            int bh = (int) Math.round(h * ratio);
            if (s == BuildState.SUCCESS) {
                passed++;
            } else if (BuildStates.isFailure(s)) {
                failed++;
            }
            b.append("<rect class=\"").append(BuildStates.css(s)).append("\" x=\"").append(k * (w + 1)).append("\" y=\"")
                    .append(h - bh).append("\" width=\"").append(w).append("\" height=\"").append(bh)
                    .append("\"><title>build ").append(r.build()).append(": ").append(s.name())
                    .append("</title></rect>");
            if (BuildStates.isFailure(s)) {
                // a mark under failed builds: the state is told by shape, not colour alone
                b.append("<rect class=\"mark\" x=\"").append(k * (w + 1)).append("\" y=\"").append(h + 2)
                        .append("\" width=\"").append(w).append("\" height=\"2\"/>");
            }
        }
        label.append("last ").append(n).append(n == 1 ? " build: " : " builds: ").append(passed).append(" passed, ")
                .append(failed).append(" failed");
        return new Html("<svg class=\"spark\" width=\"" + Math.max(1, n * (w + 1)) + "\" height=\"" + (h + 4)
                + "\" role=\"img\" aria-label=\"" + label + "\">" + b + "</svg>");
    }

    /**
     * A strip of a test's states in one job, oldest left, one square per build. Consecutive builds
     * of the same state other than FAIL and FLAKY are one segment, titled with its builds, so the
     * strip does not grow in markup with every passing build; each FAIL or FLAKY build is its own
     * square, marked by shape as well as colour, and a link to the test's entry on its build page.
     */
    static Html timeline(Job job, GridRow row, String buildsHref) {
        int n = row.cells().length;
        int s = 10;
        StringBuilder b = new StringBuilder(256);
        int runs = 0;
        int fails = 0;
        int k = 0;
        while (k < n) {
            CellState c = row.cell(n - 1 - k);
            int end = k + 1;
            if (c != CellState.FAIL && c != CellState.FLAKY) {
                while (end < n && row.cell(n - 1 - end) == c) {
                    end++;
                }
            }
            if (c.isRun()) {
                runs += end - k;
            }
            long first = job.builds().get(n - 1 - k).build();
            long last = job.builds().get(n - end).build();
            int x = k * (s + 1);
            if (c == CellState.FAIL || c == CellState.FLAKY) {
                fails += c == CellState.FAIL ? 1 : 0;
                // slugs and build ids only: nothing to escape
                b.append("<a href=\"").append(buildsHref).append(first).append(".html#t-").append(row.test().slug())
                        .append("\"><rect class=\"").append(c.css()).append("\" x=\"").append(x)
                        .append("\" y=\"0\" width=\"").append(s).append("\" height=\"").append(s)
                        .append("\"><title>").append(first).append(": ").append(c.name()).append("</title></rect>")
                        .append(c == CellState.FAIL ? "<path class=\"x\" d=\"M" + (x + 2) + " 2l6 6m0 -6l-6 6\"/>"
                                : "<path class=\"x\" d=\"M" + (x + 2) + " 8l6 -6\"/>")
                        .append("</a>");
            } else {
                b.append("<rect class=\"").append(c.css()).append("\" x=\"").append(x)
                        .append("\" y=\"0\" width=\"").append((end - k) * (s + 1) - 1).append("\" height=\"")
                        .append(s).append("\"><title>");
                if (end - k == 1) {
                    b.append(first);
                } else {
                    b.append(first).append("&#8211;").append(last).append(" (").append(end - k).append(" builds)");
                }
                b.append(": ").append(c.name()).append("</title></rect>");
            }
            k = end;
        }
        // a group, not an image: the failure squares inside are links a keyboard and a screen reader reach
        return new Html("<svg class=\"timeline\" width=\"" + Math.max(1, n * (s + 1)) + "\" height=\"" + s
                + "\" role=\"group\" aria-label=\"" + n + " builds, " + runs + " runs, " + fails + " failed\">" + b
                + "</svg>");
    }

    /** A line chart of values over time, one line per series, with axis labels; empty series are skipped. */
    static Html chart(List<String> names, List<List<double[]>> series, String unit, String label) {
        int w = 560;
        int h = 140;
        int left = 56;
        int bottom = 18;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (List<double[]> s : series) {
            for (double[] p : s) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(w).append(' ').append(h + bottom)
                .append("\" width=\"").append(w).append("\" height=\"").append(h + bottom)
                .append("\" role=\"img\" aria-label=\"").append(Escape.html(label)).append("\">");
        if (minX == Double.MAX_VALUE) {
            b.append("<text x=\"").append(left).append("\" y=\"20\">no data</text></svg>");
            return new Html(b.toString());
        }
        double spanX = maxX - minX == 0 ? 1 : maxX - minX;
        double top = maxY == 0 ? 1 : maxY * 1.1;
        b.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(h).append("\" x2=\"").append(w)
                .append("\" y2=\"").append(h).append("\"/>");
        b.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"0\" x2=\"").append(left).append("\" y2=\"")
                .append(h).append("\"/>");
        b.append("<text class=\"lbl\" x=\"").append(left - 4).append("\" y=\"10\" text-anchor=\"end\">")
                .append(Escape.html(num(top) + unit)).append("</text>");
        b.append("<text class=\"lbl\" x=\"").append(left - 4).append("\" y=\"").append(h)
                .append("\" text-anchor=\"end\">0</text>");
        b.append("<text class=\"lbl\" x=\"").append(left).append("\" y=\"").append(h + 14).append("\">")
                .append(Format.date((long) minX)).append("</text>");
        b.append("<text class=\"lbl\" x=\"").append(w).append("\" y=\"").append(h + 14)
                .append("\" text-anchor=\"end\">").append(Format.date((long) maxX)).append("</text>");
        for (int k = 0; k < series.size(); k++) {
            List<double[]> s = series.get(k);
            if (s.isEmpty()) {
                continue;
            }
            String color = PALETTE[k % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : s) {
                double x = left + (w - left - 4) * (p[0] - minX) / spanX + 2;
                double y = h - (h - 4) * p[1] / top;
                pts.append(num1(x)).append(',').append(num1(y)).append(' ');
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\"");
            if (!DASH[k % DASH.length].isEmpty()) {
                b.append(" stroke-dasharray=\"").append(DASH[k % DASH.length]).append('"');
            }
            b.append(" points=\"").append(pts.toString().trim()).append("\"><title>")
                    .append(Escape.html(names.get(k))).append("</title></polyline>");
        }
        b.append("</svg>");
        return new Html(b.toString());
    }

    /** A small legend swatch for series {@code k}, matching its colour and dash. */
    static Html swatch(int k) {
        String dash = DASH[k % DASH.length];
        return new Html("<svg class=\"swatch\" width=\"24\" height=\"8\" aria-hidden=\"true\"><line x1=\"0\" y1=\"4\""
                + " x2=\"24\" y2=\"4\" stroke=\"" + PALETTE[k % PALETTE.length] + "\" stroke-width=\"2\""
                + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"") + "/></svg>");
    }

    /** The points of a metric line. */
    static List<double[]> points(MetricSeries.Line line) {
        return line.points().stream().map(p -> new double[] {p.time(), p.value()}).toList();
    }

    /** A status badge in the shields.io shape: job name on the left, status on the right. */
    static String badge(String name, TabStatus status) {
        String color = switch (status) {
            case PASSING -> "#2e7d32";
            case FLAKY -> "#8d6e00";
            case FAILING -> "#c62828";
            case BROKEN -> "#6a1b9a";
            case STALE -> "#616161";
        };
        String left = Escape.html(name);
        int lw = 10 + 7 * name.length();
        int rw = 10 + 7 * status.name().length();
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (lw + rw) + "\" height=\"20\" role=\"img\""
                + " aria-label=\"" + left + ": " + status.name() + "\">\n"
                + "<title>" + left + ": " + status.name() + "</title>\n"
                + "<rect width=\"" + lw + "\" height=\"20\" fill=\"#555\"/>\n"
                + "<rect x=\"" + lw + "\" width=\"" + rw + "\" height=\"20\" fill=\"" + color + "\"/>\n"
                + "<g fill=\"#fff\" font-family=\"DejaVu Sans,Verdana,Geneva,sans-serif\" font-size=\"11\">\n"
                + "<text x=\"5\" y=\"14\">" + left + "</text>\n"
                + "<text x=\"" + (lw + 5) + "\" y=\"14\">" + status.name() + "</text>\n"
                + "</g>\n</svg>\n";
    }

    static String num(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** One decimal, without Formatter: charts have a million points and Formatter is slow. */
    static String num1(double v) {
        long tenths = Math.round(v * 10);
        long abs = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + (abs / 10) + "." + (abs % 10);
    }
}
