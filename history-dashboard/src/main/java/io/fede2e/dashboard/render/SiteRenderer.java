package io.fede2e.dashboard.render;

import io.fede2e.dashboard.model.Job;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.Tasks;
import io.fede2e.dashboard.model.TestSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Turns the model into pages: each kind of page is its own class ({@link SummaryPage},
 * {@link MatrixPage}, {@link GridPages}, {@link BuildPages}, {@link TestPages},
 * {@link ClustersPage}, {@link FlakyPage}, {@link MetricsPage}) that prepares its view, renders
 * its template and hands the bytes to the {@link SiteWriter}; this class runs them.
 */
public final class SiteRenderer {

    /** Build pages rendered by one task: a job of 500 builds is then 20 tasks, not one long one. */
    private static final int BUILD_PAGES_PER_TASK = 25;

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
        TestPages tests = new TestPages(templates, out);
        GridPages grids = new GridPages(templates, out);
        BuildPages builds = new BuildPages(templates, out, browse);
        // the pool takes tasks in this order: the largest single pages first (the matrix, the
        // job grids), so that none of them is left to run alone on one core at the end while
        // the other waits; then the many small tasks, which even out the end
        // the tests' summaries are hashed once, a group's on one core, for the groups' pages, the
        // matrix and data/matrix.json
        Map<String, List<TestSummary>> groups = TestPages.byGroup(site);
        List<String> groupNames = List.copyOf(groups.keySet());
        List<String> summariesKeys = Tasks.each(groupNames, g -> TestPages.summariesKey(groups.get(g)), executor);
        String testsKey = MatrixPage.testsKey(groupNames, summariesKeys, site.tests().size());
        submit.accept(() -> new MatrixPage(templates, out).write(site, testsKey));
        for (Job job : site.jobs()) {
            submit.accept(() -> {
                grids.write(site, job);
                out.write("badges/" + job.slug() + ".svg", Snippets.badge(job.name(), job.status()));
                tick.run();
            });
        }
        submit.accept(() -> DataFiles.write(site, out, testsKey));
        submit.accept(() -> {
            new SummaryPage(templates, out).write(site);
            new ClustersPage(templates, out).write(site);
            new FlakyPage(templates, out).write(site);
            new MetricsPage(templates, out).write(site);
            tick.run();
            tick.run();
        });
        for (Job job : site.jobs()) {
            for (int from = 0; from < job.builds().size(); from += BUILD_PAGES_PER_TASK) {
                int first = from;
                submit.accept(() -> {
                    for (int i = first; i < Math.min(job.builds().size(), first + BUILD_PAGES_PER_TASK); i++) {
                        builds.write(site, job, i);
                    }
                });
            }
        }
        // made here, after the other pages' tasks are queued, so that the pool renders them meanwhile
        Map<String, List<TestPages.JobRow>> byTest = TestPages.byTest(site);
        for (int g = 0; g < groupNames.size(); g++) {
            String group = groupNames.get(g);
            String summaries = summariesKeys.get(g);
            submit.accept(() -> tests.write(site, group, groups.get(group), summaries, byTest));
        }
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
}
