package io.fede2e.dashboard.model;

/**
 * A test on one provider over the window: the matrix's cell.
 *
 * @param provider the provider
 * @param latest the newest result over the provider's jobs: PASS, FAIL, FLAKY or SKIP (skipped in
 *     its newest build there), NO_RESULT when the provider has no result for it at all
 * @param skips SKIP results over the window
 * @param runs results that ran
 * @param passes PASS results
 * @param failures FAIL results
 * @param flakes FLAKY results
 * @param flakiness the highest flakiness of the test among the provider's jobs, percent
 * @param latestJob the job slug of the newest result, empty when none
 * @param latestBuild the build id of the newest result, -1 when none
 * @param skipReason the reason of the newest SKIP result, empty when none or when it gave none
 */
public record ProviderCell(String provider, CellState latest, int runs, int passes, int failures, int flakes,
                           int skips, double flakiness, String latestJob, long latestBuild, String skipReason) {

    /** PASS results over runs, 0 to 1, or -1 when it never ran. */
    public double passRate() {
        return runs == 0 ? -1 : (double) passes / runs;
    }
}
