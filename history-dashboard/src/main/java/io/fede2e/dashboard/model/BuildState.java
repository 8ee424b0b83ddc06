package io.fede2e.dashboard.model;

/** A build's outcome as the site shows it. */
public enum BuildState {
    PASSED, FAILED, ABORTED, RUNNING,
    /** started.json without finished.json for more than 24 hours: TestGrid counts it a failure. */
    TIMED_OUT,
    /** finished.json is there but names no readable result. */
    UNKNOWN;

    /** The CSS class. */
    public String css() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the build did not pass (a failure for the summary). */
    public boolean isFailure() {
        return this == FAILED || this == ABORTED || this == TIMED_OUT;
    }
}
