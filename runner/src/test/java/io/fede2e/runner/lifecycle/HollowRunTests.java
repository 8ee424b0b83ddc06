package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as a fresh clone and CI run it (issue 5): {@code fede2e run} with no flags, so the
 * embedded hollow cluster and the whole built-in suite; the build fails if a test that is not
 * skipped fails.
 */
class HollowRunTests {

    /** The suite has 58 tests; hollow lacks a few capabilities, but most must really run and pass. */
    private static final int AT_LEAST_PASSED = 40;

    @TempDir
    Path cwd;

    @Test
    void theWholeSuitePassesOnHollowThroughTheRunnerWithDefaults() throws IOException {
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run");

        Path build = cwd.resolve("_output/bucket/logs/local-hollow/1");
        for (String f : new String[] {"started.json", "finished.json", "build-log.txt", "artifacts/junit_01.xml",
                "artifacts/junit_runner.xml", "artifacts/progress.json"}) {
            assertThat(build.resolve(f)).as(f + "\n" + o.out() + o.err()).exists();
        }
        assertThat(cwd.resolve("_output/bucket/logs/local-hollow/latest-build.txt")).hasContent("1");
        // The bucket copy may be stored compressed; the local run directory holds the same report.
        JUnitReport junit = JUnitReader.create().read(cwd.resolve("_output/runs/local-hollow/1/artifacts/junit_01.xml"));
        List<TestCase> cases = junit.testCases();
        String failures = cases.stream().filter(c -> c.status().isFailure())
                .map(c -> c.name() + ": " + c.message()).collect(Collectors.joining("\n"));
        assertThat(failures).as("tests that failed on hollow").isEmpty();
        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(Finished.parse(Files.readAllBytes(build.resolve("finished.json"))).result())
                .isEqualTo(Result.SUCCESS);
        assertThat(cases.stream().filter(c -> c.status() == TestStatus.PASSED).count())
                .as("tests that ran and passed").isGreaterThanOrEqualTo(AT_LEAST_PASSED);
        assertThat(cases.stream().filter(c -> c.status() == TestStatus.SKIPPED))
                .as("a test hollow cannot run is skipped and says why")
                .allSatisfy(c -> assertThat(c.message()).matches("requires capabilit(y|ies) .+, which provider hollow "
                        + "does not offer"));
        assertThat(o.out()).contains("==== fede2e summary: SUCCESS", "Results: file://");
    }
}
