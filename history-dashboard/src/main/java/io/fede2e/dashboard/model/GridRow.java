package io.fede2e.dashboard.model;

import io.fede2e.dashboard.read.TestResult;

/**
 * A test's row in a job's grid.
 *
 * @param test the test
 * @param cells one state ordinal per build of the job, newest first (bytes keep a million cells small)
 * @param results the test's result in each build of the job where it failed or flaked, same order,
 *     null elsewhere (its failure texts, for its page); null when it never failed or flaked, as
 *     most rows: see {@link #result}
 * @param runSeconds the duration of each run (a PASS, FAIL or FLAKY cell), in the cells' order:
 *     one value per run rather than per build, so that 100,000 tests each run once in 500 builds
 *     do not hold 50 million durations, and a test's durations are read without visiting result objects
 * @param skipReasons the skip reason of each SKIP cell, same order, null where none; null when the
 *     row has no skip with a reason
 * @param runs results that ran (PASS, FAIL, FLAKY)
 * @param failures FAIL results
 * @param flakes FLAKY results (failed, then passed on retry in the same build)
 * @param flips changes of state between consecutive runs, a FLAKY run counting as one
 * @param flakiness TestGrid's flip-based flakiness in percent
 */
public record GridRow(TestInfo test, byte[] cells, TestResult[] results, float[] runSeconds, String[] skipReasons,
                      int runs, int failures, int flakes, int flips, double flakiness) {

    /** The test's result in the job's {@code i}-th build when it failed or flaked there, else null. */
    public TestResult result(int i) {
        return results == null ? null : results[i];
    }

    /** The reason the test was skipped in the job's {@code i}-th build, empty when it was not or gave none. */
    public String skipReason(int i) {
        return skipReasons == null || skipReasons[i] == null ? "" : skipReasons[i];
    }

    /** SKIP cells. */
    public int skips() {
        int n = 0;
        for (byte c : cells) {
            n += c == SKIP ? 1 : 0;
        }
        return n;
    }

    private static final byte SKIP = (byte) CellState.SKIP.ordinal();

    /** The state of the test in the job's {@code i}-th build (newest first). */
    public CellState cell(int i) {
        return CellState.VALUES[cells[i]];
    }

    /** The newest state that is a run, or NO_RESULT. */
    public CellState latestRun() {
        for (byte c : cells) {
            CellState s = CellState.VALUES[c];
            if (s.isRun()) {
                return s;
            }
        }
        return CellState.NO_RESULT;
    }
}
