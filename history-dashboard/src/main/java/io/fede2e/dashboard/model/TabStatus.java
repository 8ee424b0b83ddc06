package io.fede2e.dashboard.model;

/**
 * A job's status on the summary, by TestGrid's rules (see README "States"): checked in this
 * order, the first that holds wins.
 */
public enum TabStatus {
    /** No build in the window, or the newest build started more than {@link Aggregator#STALE_HOURS} ago. */
    STALE,
    /** The newest completed build failed at least half its tests, or failed without any test result. */
    BROKEN,
    /** A test failed in each of its last {@link Aggregator#FAILURES_TO_ALERT} runs (or all of them, if fewer). */
    FAILING,
    /** Some recent result failed, but no failure is consistent. */
    FLAKY,
    /** No failure in the recent builds. */
    PASSING;

    /** The CSS class. */
    public String css() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
