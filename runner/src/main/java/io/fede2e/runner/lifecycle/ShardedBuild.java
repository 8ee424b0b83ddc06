package io.fede2e.runner.lifecycle;

import io.fede2e.layout.Result;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.redact.Redactor;
import io.fede2e.runner.suite.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One build made by N shards (N agents running {@code fede2e test --shard K/N} against one
 * cluster): shard K's results are {@code artifacts/junit_0K.xml}, and the final phase combines
 * the steps the pipeline ran (Up, DumpLogs, Down) with one Test step per shard into
 * junit_runner.xml and the build's verdict.
 */
public final class ShardedBuild {

    /** Exit code that means the step was aborted (SIGINT/SIGTERM, a Jenkins abort). */
    public static final int ABORTED_CODE = 130;

    private ShardedBuild() {
    }

    /** The name of the junit file shard {@code shard} writes: {@code junit_01.xml} for 1/N, and so on. */
    public static String junitName(Shard shard) {
        return String.format(Locale.ROOT, "junit_%02d.xml", shard.index());
    }

    /** The name of the progress file shard {@code shard} writes, so that shards of one build do not overwrite one. */
    public static String progressName(Shard shard) {
        return shard.count() == 1 ? "progress.json" : String.format(Locale.ROOT, "progress_%02d.json", shard.index());
    }

    /**
     * A step the pipeline ran, with its exit code.
     *
     * @param name e.g. Up, DumpLogs, Down
     * @param exitCode the command's exit code; 0 passed, {@link #ABORTED_CODE} aborted
     */
    public record Step(String name, int exitCode) {

        public Step {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || !name.matches("[A-Za-z][A-Za-z0-9 _.-]*")) {
                throw new IllegalArgumentException("step name '" + name + "' is invalid: use letters, digits,"
                        + " ' ', '_', '.', '-', starting with a letter, e.g. --step Up=0");
            }
        }

        /** Parses {@code NAME=CODE}. */
        public static Step parse(String text) {
            int eq = text == null ? -1 : text.lastIndexOf('=');
            if (eq > 0) {
                try {
                    return new Step(text.substring(0, eq).trim(), Integer.parseInt(text.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            throw new IllegalArgumentException("step '" + text + "' is invalid: use NAME=EXIT_CODE, e.g. --step Down=0");
        }
    }

    /**
     * The combined outcome.
     *
     * @param steps the testcases of junit_runner.xml: the given steps, with one Test step per shard after Up
     * @param result SUCCESS when every step passed (DumpLogs may fail) and every shard's results are there
     *     without a failure; ABORTED when a step was aborted; FAILURE otherwise
     * @param missingShards the shards (1-based) whose junit file is absent
     */
    public record Verdict(List<TestCase> steps, Result result, List<Integer> missingShards) {

        public Verdict {
            steps = List.copyOf(steps);
            missingShards = List.copyOf(missingShards);
        }
    }

    /**
     * Combines the pipeline's steps and the shards' results.
     *
     * @param steps the steps in the order they ran; the shards' Test steps go after the first one
     *     (Up), or first when there is none
     * @param shards shard K's report at index K-1, empty when it uploaded none
     * @param redactor masks secrets in messages (failure messages of tests are untrusted text)
     */
    public static Verdict combine(List<Step> steps, List<Optional<JUnitReport>> shards, Redactor redactor) {
        List<TestCase> cases = new ArrayList<>();
        List<TestCase> tests = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        boolean failed = false;
        int n = shards.size();
        for (int k = 1; k <= n; k++) {
            String name = "Test shard " + k + "/" + n;
            Optional<JUnitReport> report = shards.get(k - 1);
            if (report.isEmpty()) {
                missing.add(k);
                failed = true;
                tests.add(failedCase(name, "shard " + k + "/" + n + " uploaded no "
                        + junitName(new Shard(k, n)) + ": its agent failed or was aborted before the upload"));
                continue;
            }
            List<TestCase> all = report.get().testCases();
            long failures = all.stream().filter(c -> c.status().isFailure()).count();
            double seconds = all.stream().mapToDouble(TestCase::timeSeconds).sum();
            if (failures > 0) {
                failed = true;
                String first = all.stream().filter(c -> c.status().isFailure()).map(TestCase::name).findFirst()
                        .orElse("");
                tests.add(failedCase(name, redactor.redact(failures + " of " + all.size() + " tests failed, first: "
                        + first)));
            } else {
                tests.add(new TestCase(name, StepLog.SUITE, seconds, TestStatus.PASSED, "", "", "", all.size()
                        + " tests", "", Map.of()));
            }
        }
        boolean aborted = false;
        boolean testsPlaced = false;
        for (Step step : steps) {
            if (step.exitCode() == 0) {
                cases.add(new TestCase(step.name(), StepLog.SUITE, 0, TestStatus.PASSED, "", "", "", "", "", Map.of()));
            } else {
                aborted |= step.exitCode() == ABORTED_CODE;
                failed |= !step.name().equals("DumpLogs");
                cases.add(failedCase(step.name(), step.exitCode() == ABORTED_CODE ? "aborted"
                        : "exited with code " + step.exitCode()));
            }
            if (!testsPlaced) {
                cases.addAll(tests);
                testsPlaced = true;
            }
        }
        if (!testsPlaced) {
            cases.addAll(tests);
        }
        Result result = aborted ? Result.ABORTED : failed ? Result.FAILURE : Result.SUCCESS;
        return new Verdict(cases, result, missing);
    }

    private static TestCase failedCase(String name, String message) {
        return new TestCase(name, StepLog.SUITE, 0, TestStatus.FAILED, message, "", "", "", "", Map.of());
    }
}
