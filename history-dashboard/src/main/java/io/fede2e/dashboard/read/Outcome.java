package io.fede2e.dashboard.read;

/** A test's outcome in one build, after folding repeated attempts of the same test. */
public enum Outcome {
    PASS, FAIL, FLAKY, SKIP;

    /** Whether the test failed at least once in the build. */
    public boolean failedOnce() {
        return this == FAIL || this == FLAKY;
    }

    /** Folds another attempt of the same test in the same build: a pass and a fail make FLAKY. */
    public Outcome fold(Outcome other) {
        if (this == other) {
            return this;
        }
        if (this == SKIP) {
            return other;
        }
        if (other == SKIP) {
            return this;
        }
        return FLAKY;
    }
}
