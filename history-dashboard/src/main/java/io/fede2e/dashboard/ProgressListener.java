package io.fede2e.dashboard;

/** Told how a generation advances, e.g. to print progress on a terminal. */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener NONE = (phase, done, total) -> { };

    /**
     * Called as work advances.
     *
     * @param phase {@code read}, {@code aggregate} or {@code render}
     * @param done units done so far in this phase
     * @param total units in this phase, or -1 when not yet known
     */
    void progress(String phase, long done, long total);
}
