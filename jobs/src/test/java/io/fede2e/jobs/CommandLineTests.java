package io.fede2e.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.jobs.fakes.CliModel;
import io.fede2e.jobs.fakes.PipelineScript;
import io.fede2e.jobs.fakes.RecordedJob;
import io.fede2e.jobs.fakes.StubShell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fede2e command line of the jobs, as the shell hands it to fede2e, parsed with the runner's
 * own picocli model: an option that does not exist or a missing required one fails here, not at 2 am.
 */
class CommandLineTests {

    private static final List<RecordedJob> JOBS = Scripts.allJobs();

    @TempDir
    Path dir;

    /** What Jenkins puts in a build's environment: the job's parameters, its own variables, the bound credentials. */
    private Map<String, String> environment(RecordedJob job, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JOB_NAME", job.name());
        env.put("BUILD_NUMBER", "42");
        env.put("WORKSPACE", dir.toString());
        job.params().forEach(p -> env.put(p.name(), String.valueOf(p.defaultValue())));
        job.credentials().forEach(c -> env.put(c.variable(), c.kind().equals("file") ? "/tmp/secret-file"
                : "secret-value"));
        env.putAll(overrides);
        return env;
    }

    private List<List<String>> commands(RecordedJob job, Map<String, String> overrides) throws Exception {
        StubShell shell = new StubShell(dir);
        List<List<String>> all = new ArrayList<>();
        for (String step : job.shells()) {
            all.addAll(shell.run(step, environment(job, overrides)));
        }
        return all;
    }

    private static void assertParses(List<List<String>> commands) {
        assertThat(commands).isNotEmpty();
        for (List<String> args : commands) {
            assertThat(CliModel.problem(args)).as("fede2e " + String.join(" ", args)).isEmpty();
        }
    }

    @Nested
    class FreeStyleJobs {

        @Test
        void everyShellStepsFede2eLineParses() throws Exception {
            for (RecordedJob job : JOBS) {
                if (job.type().equals("freeStyleJob") && !job.name().startsWith("e2e-janitor-")) {
                    assertParses(commands(job, Map.of()));
                }
            }
        }

        @Test
        void theJanitorJobsLineParses() throws Exception {
            Assumptions.assumeTrue(CliModel.hasCommand("janitor"),
                    "fede2e janitor is not in the runner yet (engineer azure builds it): its line is unchecked");
            for (RecordedJob job : JOBS) {
                if (job.name().startsWith("e2e-janitor-")) {
                    assertParses(commands(job, Map.of()));
                }
            }
        }

        @Test
        void theManualJobPassesEveryParameterThrough() throws Exception {
            RecordedJob manual = JOBS.stream().filter(j -> j.name().equals("e2e-manual")).findFirst().orElseThrow();
            List<List<String>> lines = commands(manual, Map.of("PROVIDER", "existing", "FOCUS", "sig-apps.*Deployment",
                    "SKIP", "\\[Slow\\]", "KEEP_CLUSTER", "true", "NODES", "5"));
            assertParses(lines);
            assertThat(lines).singleElement().asList().containsSubsequence("run", "--provider", "existing",
                    "--nodes", "5").containsSubsequence("--focus", "sig-apps.*Deployment")
                    .containsSubsequence("--skip", "\\[Slow\\]").contains("--down=false")
                    .containsSubsequence("--kubeconfig", "/tmp/secret-file");
            List<List<String>> plain = commands(manual, Map.of());
            assertThat(plain).singleElement().asList().doesNotContain("--focus", "--skip", "--down=false",
                    "--kubeconfig");
        }

        @Test
        void everyShellStepPassesShellcheck() throws Exception {
            Path shellcheck = Path.of("/usr/bin/shellcheck");
            Assumptions.assumeTrue(Files.isExecutable(shellcheck), "shellcheck is not installed (.ci/run installs it)");
            for (RecordedJob job : JOBS) {
                for (String step : job.shells()) {
                    Path script = Files.writeString(dir.resolve("step.sh"), step);
                    Process p = new ProcessBuilder(shellcheck.toString(), "--shell=sh", "--format=gcc",
                            script.toString()).redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(p.waitFor()).as(job.name() + ":\n" + out + "\n" + step).isZero();
                }
            }
        }

        @Test
        void theDashboardJobWritesASourcesYamlTheDashboardAccepts() throws Exception {
            RecordedJob dashboard = JOBS.stream().filter(j -> j.name().equals("e2e-dashboard")).findFirst()
                    .orElseThrow();
            assertParses(commands(dashboard, Map.of()));
            DashboardConfig config = DashboardConfig.load(dir.resolve("sources.yaml"));
            assertThat(config.sources()).extracting(s -> s.root()).containsExactly("gs://fede2e-results");
        }
    }

    @Nested
    class Jenkinsfile {

        @Test
        void everyShStepsFede2eLineParses() throws Exception {
            PipelineScript p = Scripts.jenkinsfile(ShardedJenkinsfileTests.defaults());
            p.run();
            StubShell shell = new StubShell(dir);
            List<List<String>> all = new ArrayList<>();
            for (String script : p.shellScripts()) {
                all.addAll(shell.run(script, Map.of("JOB_NAME", "e2e-azure-sharded", "BUILD_NUMBER", "7")));
            }
            assertThat(all).extracting(a -> a.get(0)).containsOnly("upload", "up", "test", "dump-logs", "down");
            assertParses(all);
        }
    }

    @Nested
    class TheCheckBites {

        @Test
        void anUnknownOptionFails() {
            assertThat(CliModel.problem(List.of("run", "--provider", "hollow", "--nodse", "3")))
                    .contains("Unknown options: '--nodse'");
        }

        @Test
        void aMissingRequiredOptionFails() {
            assertThat(CliModel.problem(List.of("upload", "--phase", "finished")))
                    .contains("Missing required option: '--from=DIR'");
        }

        @Test
        void anUnknownCommandOrAMalformedValueFails() {
            assertThat(CliModel.problem(List.of("runn"))).isNotEmpty();
            assertThat(CliModel.problem(List.of("run", "--nodes", "three"))).contains("--nodes");
        }
    }
}
