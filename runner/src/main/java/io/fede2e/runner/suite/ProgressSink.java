package io.fede2e.runner.suite;

import io.fede2e.layout.junit.TestCase;

/** Hears about a suite run as it goes, for live progress. Called from test threads. */
public interface ProgressSink {

    /** How many test executions are expected (grows when failed tests are retried). */
    void planned(int total);

    /** A test execution ended; {@code attempt} is 1 for the first try. */
    void finished(TestCase result, int attempt);

    /** A sink that ignores everything. */
    static ProgressSink none() {
        return new ProgressSink() {
            @Override
            public void planned(int total) {
            }

            @Override
            public void finished(TestCase result, int attempt) {
            }
        };
    }
}
