package io.fede2e.layout.junit;

/** A test case's outcome in a JUnit file. */
public enum TestStatus {
    PASSED, FAILED, ERROR, SKIPPED;

    /** Whether the test did not pass (failed or errored). */
    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }
}
