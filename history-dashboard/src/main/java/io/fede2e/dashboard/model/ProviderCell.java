package io.fede2e.dashboard.model;

/**
 * A test on one provider over the window: the matrix's cell.
 *
 * @param provider the provider
 * @param latest the newest result over the provider's jobs (NO_RESULT when it never ran there)
 * @param runs results that ran
 * @param passes PASS results
 * @param failures FAIL results
 * @param flakes FLAKY results
 * @param flakiness the highest flakiness of the test among the provider's jobs, percent
 * @param latestJob the job slug of the newest result, empty when none
 * @param latestBuild the build id of the newest result, -1 when none
 */
public record ProviderCell(String provider, CellState latest, int runs, int passes, int failures, int flakes,
                           double flakiness, String latestJob, long latestBuild) {

    /** PASS results over runs, 0 to 1, or -1 when it never ran. */
    public double passRate() {
        return runs == 0 ? -1 : (double) passes / runs;
    }
}
