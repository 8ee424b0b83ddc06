package io.fede2e.dashboard.model;

/**
 * What a row's counts, the job's status and the matrix need of a row's cells, in one pass
 * oldest first (each of them walking the cells again cost as much as building the rows).
 * One per job, reused row after row.
 */
final class RowScan {

    static final byte PASS = (byte) CellState.PASS.ordinal();
    static final byte FAIL = (byte) CellState.FAIL.ordinal();
    static final byte FLAKY = (byte) CellState.FLAKY.ordinal();
    static final byte SKIP = (byte) CellState.SKIP.ordinal();

    /** Whether the cell's byte is a run: PASS, FAIL or FLAKY. */
    static boolean isRun(byte c) {
        return c == PASS || c == FAIL || c == FLAKY;
    }

    int runs;
    int failures;
    int flakes;
    /** Flips between consecutive runs; a FLAKY run is itself one flip. */
    int flips;
    int skips;
    /** The newest cell that is a run or a skip, -1 when none. */
    int newest;
    /** The newest run's state, or NO_RESULT. */
    byte latestRun;
    /**
     * The FAIL runs that end the row, counted up to {@link Aggregator#FAILURES_TO_ALERT}, when
     * they are all of its last runs that many or all of its runs: the test alerts; else 0.
     */
    int streak;
    /** Whether a build among the recent ones has the test FAIL or FLAKY. */
    boolean unstable;

    void scan(byte[] cells, int recentEnd) {
        runs = 0;
        failures = 0;
        flakes = 0;
        flips = 0;
        skips = 0;
        newest = -1;
        unstable = false;
        byte previous = -1;
        int trailingFails = 0;
        for (int i = cells.length - 1; i >= 0; i--) {
            byte c = cells[i];
            if (c == SKIP) {
                skips++;
                newest = i;
                continue;
            }
            if (!isRun(c)) {
                continue;
            }
            newest = i;
            runs++;
            if (c == FAIL) {
                failures++;
                trailingFails++;
            } else {
                trailingFails = 0;
                if (c == FLAKY) {
                    flakes++;
                    flips++;
                }
            }
            if (previous >= 0 && c != FLAKY && previous != FLAKY && c != previous) {
                flips++;
            }
            previous = c;
            unstable |= i < recentEnd && (c == FAIL || c == FLAKY);
        }
        latestRun = previous >= 0 ? previous : (byte) CellState.NO_RESULT.ordinal();
        // newest first, the first FAILURES_TO_ALERT runs (or all, when fewer) all FAIL
        streak = trailingFails > 0 && (trailingFails >= Aggregator.FAILURES_TO_ALERT || trailingFails == runs)
                ? Math.min(trailingFails, Aggregator.FAILURES_TO_ALERT) : 0;
    }
}
