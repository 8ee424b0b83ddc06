package io.fede2e.dashboard.read;

import java.util.List;
import java.util.Objects;

/**
 * What the site needs of one build, parsed once and cached.
 *
 * @param root the store root the build was read from
 * @param job the job's name in its bucket
 * @param build the build id
 * @param finishedGeneration finished.json's generation, 0 when it was absent (the build is not cached then)
 * @param startedAt epoch seconds from started.json, or -1 when started.json was missing or unreadable
 * @param finishedAt epoch seconds from finished.json, or -1
 * @param result SUCCESS, FAILURE, ABORTED from finished.json, or empty when unknown
 * @param version the version under test (repo-version, job-version or Kubernetes version), may be empty
 * @param provider the provider named in the build's metadata, may be empty
 * @param problems why parts of the build could not be read, one line each; empty when all was well
 * @param tests the e2e results, sorted by name, one per test
 * @param steps the steps of junit_runner.xml, in run order
 * @param logTail the last lines of build-log.txt, empty when absent
 * @param artifacts artifact names relative to the build directory, sorted, capped
 */
public record BuildRecord(String root, String job, long build, long finishedGeneration, long startedAt,
                          long finishedAt, String result, String version, String provider, List<String> problems,
                          List<TestResult> tests, List<Step> steps, String logTail, List<String> artifacts) {

    public BuildRecord {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(job, "job");
        result = result == null ? "" : result;
        version = version == null ? "" : version;
        provider = provider == null ? "" : provider;
        problems = List.copyOf(problems);
        // the cache's columns are already immutable: copying would make a million objects of them
        tests = tests instanceof TestColumns ? tests : List.copyOf(tests);
        steps = List.copyOf(steps);
        logTail = logTail == null ? "" : logTail;
        artifacts = List.copyOf(artifacts);
    }

    /** The name of the {@code i}-th test, without making its result when the cache holds it as columns. */
    public String testName(int i) {
        return tests instanceof TestColumns c ? c.name(i) : tests.get(i).name();
    }

    /** The outcome of the {@code i}-th test, see {@link #testName}. */
    public Outcome testOutcome(int i) {
        return tests instanceof TestColumns c ? c.outcome(i) : tests.get(i).outcome();
    }

    /** The duration of the {@code i}-th test, see {@link #testName}. */
    public float testSeconds(int i) {
        return tests instanceof TestColumns c ? c.seconds(i) : tests.get(i).seconds();
    }

    /** The skip reason of the {@code i}-th test, empty unless it was skipped with one; see {@link #testName}. */
    public String testSkipReason(int i) {
        if (tests instanceof TestColumns c) {
            return c.reason(i);
        }
        TestResult t = tests.get(i);
        return t.outcome() == Outcome.SKIP ? t.message() : "";
    }

    /**
     * Copies the tests' names, outcome ordinals, durations and skip reasons (null or empty where
     * none) into the arrays given, from index 0; each must hold {@code tests().size()} values. A
     * walk over millions of results then reads four arrays instead of calling four accessors per
     * result; the arrays are the caller's, so the cache's columns stay unchanged.
     */
    public void copyColumns(String[] names, byte[] outcomes, float[] seconds, String[] skipReasons) {
        if (tests instanceof TestColumns c) {
            c.copyColumns(names, outcomes, seconds, skipReasons);
            return;
        }
        for (int i = 0; i < tests.size(); i++) {
            TestResult t = tests.get(i);
            names[i] = t.name();
            outcomes[i] = (byte) t.outcome().ordinal();
            seconds[i] = t.seconds();
            skipReasons[i] = t.outcome() == Outcome.SKIP ? t.message() : null;
        }
    }

    /**
     * The tests that failed or flaked or carry metrics, among others perhaps: every other result
     * has nothing but its name, outcome and duration.
     */
    public List<TestResult> notableTests() {
        return tests instanceof TestColumns c ? c.notable() : tests;
    }

    /** Whether finished.json was there. */
    public boolean finished() {
        return finishedGeneration > 0;
    }

    /** {@code logs/<job>/<build>/}. */
    public String dir() {
        return "logs/" + job + "/" + build + "/";
    }
}
