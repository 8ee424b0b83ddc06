package io.fede2e.dashboard.render;

import java.util.List;

/**
 * The view model the templates receive: plain, prepared, sorted values. Templates only place
 * them; every decision (order, wording, CSS class) is made in {@link SiteRenderer}.
 */
public final class Views {

    private Views() {
    }

    /** What every page shares: its depth, titles and the navigation. */
    public record Common(String root, String siteTitle, String pageTitle, String generated, List<Nav> nav) {
    }

    /** A navigation entry; {@code current} is {@code page} for the page shown, else {@code false}. */
    public record Nav(String href, String label, String current) {
    }

    /** A link with its text. */
    public record Link(String href, String text) {
    }

    /** A count of something with a CSS class, for legends. */
    public record Count(String label, String css, long count) {
    }

    /** The summary page. */
    public record Summary(List<Count> statuses, int jobs, int providers, int tests, long results, int clusters,
                          List<SummaryRow> rows) {
    }

    /** A job on the summary. */
    public record SummaryRow(String name, String href, String provider, String status, String statusCss,
                             String statusReason, String lastRun, String lastRunTitle, int builds, String passRate,
                             int tests, int failing, Html sparkline, String badge, String contact) {
    }

    /** The cross-provider matrix. */
    public record Matrix(List<ProviderColumn> providers, List<String> sigs, List<String> tags, int tests,
                         int specific, Html rows) {
    }

    /** A provider's column head in the matrix: its name and how many tests it skipped in their newest build. */
    public record ProviderColumn(String name, String skipped) {
    }

    /**
     * A job's grid page: its main page (newest builds, with the status) or one of its block pages
     * ({@code block} true: a fixed range of builds, without anything that changes with newer builds).
     * {@code rows} is the tests' rows as markup, built by {@link GridPages} (thousands of rows are
     * too many for a template loop), each ending in a newline.
     */
    public record Grid(boolean block, String name, String jobHref, String provider, String root, String contact,
                       String status, String statusCss, String statusReason, String badge, String scope,
                       String pagesLabel, List<Link> pages, List<GridColumn> columns, Html overall,
                       Html rows, String tests) {
    }

    /** A build's column header. */
    public record GridColumn(String href, String build, String date, String version, String css, String state) {
    }

    /** A page of tests: a group's tests, by name, each its own section. */
    public record TestGroup(String name, String lead, List<TestPage> tests, Html sections) {
    }

    /** A test's history: its section of its group's page, with the section's id. */
    public record TestPage(String anchor, String name, String sig, String tags, String summary,
                           List<ProviderHistory> providers, Html durations, List<Legend> legend, List<FailureView> failures) {
    }

    /** A chart legend entry. */
    public record Legend(Html swatch, String label) {
    }

    /** A test's history on one provider. */
    public record ProviderHistory(String provider, String latest, String latestCss, String passRate,
                                  List<JobTimeline> jobs) {
    }

    /** A test's states in one job, oldest left. */
    public record JobTimeline(String job, String href, String stats, Html timeline) {
    }

    /** One failure of a test, for its page. */
    public record FailureView(String job, String build, String href, String date, String provider, String message,
                              String details) {
    }

    /** A build page. */
    public record Build(String job, String jobHref, String build, String provider, String version, String started,
                        String finished, String duration, String state, String stateCss, List<String> problems,
                        List<StepView> steps, String counts, List<FailedTest> failed, List<LogLine> log,
                        String logNote, List<Link> artifacts, String artifactsNote, Link buildLog, Link bucket) {
    }

    /** A junit_runner.xml step. */
    public record StepView(String name, String state, String css, String duration, String message) {
    }

    /** A failed test on a build page. */
    public record FailedTest(String anchor, String name, String href, String state, String css, String duration,
                             String message, String details, String output) {
    }

    /** A line of the build log's tail; error lines carry a marker and a class. */
    public record LogLine(String number, String marker, String css, String text) {
    }

    /** The failure clusters page. */
    public record Clusters(int count, long failures, List<ClusterView> clusters) {
    }

    /** A failure cluster. */
    public record ClusterView(String id, int count, String normalized, String example, List<Link> tests,
                              String moreTests, String jobs, String providers, String firstSeen, String lastSeen,
                              List<HitView> hits, String moreHits) {
    }

    /** A failure of a cluster. */
    public record HitView(String job, String build, String href, String date, String test) {
    }

    /** The flaky tests page. */
    public record FlakyPage(List<FlakyRow> rows) {
    }

    /** A flaky test in a job. */
    public record FlakyRow(int rank, String test, String testHref, String job, String jobHref, String provider,
                           String flakiness, int runs, int flakes, int failures) {
    }

    /** The metrics page. */
    public record Metrics(List<MetricView> series) {
    }

    /** A metric chart. */
    public record MetricView(String id, String test, String testHref, String metric, Html chart, List<Legend> legend,
                             List<String> latest) {
    }
}
