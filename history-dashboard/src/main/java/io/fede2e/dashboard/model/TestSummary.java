package io.fede2e.dashboard.model;

import java.util.List;

/**
 * A test across every provider: the matrix's row.
 *
 * @param test the test
 * @param cells one per provider of the site, in the site's provider order
 * @param failures FAIL results over all providers
 * @param flakiness the highest flakiness over all providers, percent
 * @param failsOnlyOn providers where the newest result failed while it passed on another; empty when none
 */
public record TestSummary(TestInfo test, List<ProviderCell> cells, int failures, double flakiness,
                          List<String> failsOnlyOn) {

    public TestSummary {
        cells = List.copyOf(cells);
        failsOnlyOn = List.copyOf(failsOnlyOn);
    }
}
