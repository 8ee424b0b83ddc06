package io.fede2e.dashboard.model;

import java.time.Instant;
import java.util.List;

/**
 * Everything the pages show, aggregated and sorted.
 *
 * @param title the site's title
 * @param now when it was generated (the injected clock)
 * @param providers the providers, sorted
 * @param jobs the jobs, sorted by provider then name
 * @param tests every test across providers, in the matrix's order ({@link Aggregator#MATRIX_ORDER})
 * @param clusters failure clusters, largest first
 * @param flaky test and job pairs with a flakiness above zero, flakiest first
 * @param metrics numeric properties per test, sorted by test and name
 * @param testResults test results aggregated
 */
public record Site(String title, Instant now, List<String> providers, List<Job> jobs, List<TestSummary> tests,
                   List<Cluster> clusters, List<Flaky> flaky, List<MetricSeries> metrics, long testResults) {

    public Site {
        providers = List.copyOf(providers);
        jobs = List.copyOf(jobs);
        tests = List.copyOf(tests);
        clusters = List.copyOf(clusters);
        flaky = List.copyOf(flaky);
        metrics = List.copyOf(metrics);
    }

    /**
     * Per provider, in the site's provider order, the tests whose newest result there is SKIP: the
     * count shown in the matrix's provider column.
     */
    public int[] skippedPerProvider() {
        int[] out = new int[providers.size()];
        for (TestSummary t : tests) {
            for (int p = 0; p < out.length; p++) {
                out[p] += t.cells().get(p).latest() == CellState.SKIP ? 1 : 0;
            }
        }
        return out;
    }

    /**
     * A test's flakiness in one job.
     *
     * @param test the test
     * @param job the job
     * @param row its row in the job's grid
     */
    public record Flaky(TestInfo test, Job job, GridRow row) {
    }
}
