package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.Finished;
import io.fede2e.layout.Result;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.runner.fakes.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job as a fresh clone runs it: the embedded hollow cluster and the built-in suite. */
class HollowRunTests {

    @TempDir
    Path cwd;

    @Test
    void runWithDefaultsOnHollowLeavesACompleteBuildWhoseVerdictMatchesTheTests() throws IOException {
        // --mode quick keeps this module's test time small; the e2e-suite module runs the whole suite on hollow.
        CliHarness.Outcome o = CliHarness.run(cwd, Map.of(), "run", "--mode", "quick");
        Path build = cwd.resolve("_output/bucket/logs/local-hollow/1");
        for (String f : new String[] {"started.json", "finished.json", "build-log.txt", "artifacts/junit_01.xml",
                "artifacts/junit_runner.xml", "artifacts/progress.json"}) {
            assertThat(build.resolve(f)).as(f + "\n" + o.out() + o.err()).exists();
        }
        assertThat(cwd.resolve("_output/bucket/logs/local-hollow/latest-build.txt")).hasContent("1");
        JUnitReport junit = JUnitReader.create().read(build.resolve("artifacts/junit_01.xml"));
        boolean failures = junit.testCases().stream().anyMatch(c -> c.status().isFailure());
        Finished finished = Finished.parse(Files.readAllBytes(build.resolve("finished.json")));
        assertThat(junit.testCases()).hasSize(1);
        assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(failures ? 1 : 0);
        assertThat(finished.result()).isEqualTo(failures ? Result.FAILURE : Result.SUCCESS);
        assertThat(o.out()).contains("==== fede2e summary", "Results: file://");
    }
}
