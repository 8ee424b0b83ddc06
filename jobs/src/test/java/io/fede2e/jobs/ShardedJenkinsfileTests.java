package io.fede2e.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.jobs.fakes.FlowInterruptedException;
import io.fede2e.jobs.fakes.PipelineScript;
import io.fede2e.jobs.fakes.RecordedJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** jobs/Jenkinsfile.sharded run against the recording pipeline DSL, with the parameters the seed job gives it. */
class ShardedJenkinsfileTests {

    private static final List<RecordedJob> JOBS = Scripts.allJobs();

    /** The sharded azure job's parameters with their defaults, as a build without changes gets them. */
    static Map<String, String> defaults() {
        RecordedJob job = JOBS.stream().filter(j -> j.name().equals("e2e-azure-sharded")).findFirst().orElseThrow();
        Map<String, String> params = new LinkedHashMap<>();
        job.params().forEach(p -> params.put(p.name(), String.valueOf(p.defaultValue())));
        return params;
    }

    private static PipelineScript pipeline(int shards) {
        Map<String, String> params = defaults();
        params.put("SHARDS", Integer.toString(shards));
        return Scripts.jenkinsfile(params);
    }

    private static int index(List<String> scripts, String part) {
        for (int i = 0; i < scripts.size(); i++) {
            if (scripts.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no sh script with " + part + " in " + scripts);
    }

    private static List<String> junitFiles(PipelineScript p) {
        return p.events().stream().filter(e -> e.step().equals("junit")).map(PipelineScript.Event::argument).toList();
    }

    @Nested
    class Shards {

        @Test
        void nShardsRunTheirShardAndPublishJunit01ToN() {
            PipelineScript p = pipeline(3);
            p.run();
            assertThat(junitFiles(p)).containsExactly("_output/shard/artifacts/junit_01.xml",
                    "_output/shard/artifacts/junit_02.xml", "_output/shard/artifacts/junit_03.xml");
            List<String> sh = p.shellScripts();
            for (int k = 1; k <= 3; k++) {
                String shard = "--shard " + k + "/3 ";
                assertThat(sh).filteredOn(s -> s.startsWith("fede2e test ") && s.contains(shard)).hasSize(1);
            }
            assertThat(p.events()).filteredOn(e -> e.step().equals("branch")).extracting(PipelineScript.Event::argument)
                    .containsExactly("shard 1/3", "shard 2/3", "shard 3/3");
        }

        @Test
        void theShardCountIsAParameter() {
            PipelineScript p = pipeline(12);
            p.run();
            assertThat(junitFiles(p)).hasSize(12).endsWith("_output/shard/artifacts/junit_12.xml")
                    .containsAll(IntStream.rangeClosed(1, 9).mapToObj(k -> "_output/shard/artifacts/junit_0" + k + ".xml")
                            .toList());
        }

        @Test
        void oneBuildInTheBucketStartedOnceFinishedLast() {
            PipelineScript p = pipeline(3);
            p.run();
            List<String> sh = p.shellScripts();
            assertThat(sh).filteredOn(s -> s.contains("--phase started")).hasSize(1);
            assertThat(index(sh, "--phase started")).isLessThan(index(sh, "fede2e up "));
            assertThat(sh).filteredOn(s -> s.contains("--phase shard")).hasSize(3);
            assertThat(sh.get(sh.size() - 1)).startsWith("fede2e upload --phase finished --shards 3")
                    .endsWith("--step Up=0 --step DumpLogs=0 --step Down=0");
            assertThat(index(sh, "fede2e down")).isGreaterThan(index(sh, "--shard 3/3 --from"));
        }

        @Test
        void everyAgentGetsTheStateFileAndTheCredentials() {
            PipelineScript p = pipeline(2);
            p.run();
            assertThat(p.events()).filteredOn(e -> e.step().equals("unstash")).hasSize(3);
            assertThat(p.events()).filteredOn(e -> e.step().equals("withCredentials"))
                    .extracting(PipelineScript.Event::argument)
                    .contains("file:GOOGLE_APPLICATION_CREDENTIALS=fede2e-gcs-key",
                            "string:AZURE_CLIENT_SECRET=fede2e-azure-client-secret");
            assertThat(p.events()).filteredOn(e -> e.step().equals("node")).extracting(PipelineScript.Event::argument)
                    .containsOnly("fede2e-azure");
        }
    }

    @Nested
    class DownWhateverHappens {

        @Test
        void aFailedShardFailsItsStageAndDownStillRuns() {
            PipelineScript p = pipeline(3);
            p.shell(s -> s.contains("--shard 2/3 --artifacts") ? 1 : 0);
            p.run();
            assertThat(p.events()).anyMatch(e -> e.step().equals("caught"));
            List<String> sh = p.shellScripts();
            assertThat(sh).anyMatch(s -> s.startsWith("fede2e down "));
            assertThat(sh).filteredOn(s -> s.contains("--phase shard")).hasSize(3);
            assertThat(sh.get(sh.size() - 1)).contains("--phase finished").doesNotContain("Aborted");
        }

        @Test
        void anAbortedBuildStillRunsDownAndRecordsTheAbort() {
            PipelineScript p = pipeline(3);
            p.shell(s -> {
                if (s.contains("--shard 2/3 --artifacts")) {
                    throw new FlowInterruptedException();
                }
                return 0;
            });
            assertThatThrownBy(p::run).isInstanceOf(FlowInterruptedException.class);
            List<String> sh = p.shellScripts();
            assertThat(sh).anyMatch(s -> s.startsWith("fede2e dump-logs "));
            assertThat(sh).anyMatch(s -> s.startsWith("fede2e down "));
            assertThat(sh.get(sh.size() - 1)).contains("--phase finished").endsWith("--step Aborted=130");
        }

        @Test
        void aFailedUpRunsNoShardAndStillFinishesTheBuild() {
            PipelineScript p = pipeline(3);
            p.shell(s -> s.startsWith("fede2e up ") ? 3 : 0);
            assertThatThrownBy(p::run).isInstanceOf(PipelineScript.AbortException.class)
                    .hasMessageContaining("Up failed with exit code 3");
            List<String> sh = p.shellScripts();
            assertThat(sh).noneMatch(s -> s.startsWith("fede2e test "));
            assertThat(sh).as("fede2e up tears down what it made when it fails; no state file to reach")
                    .noneMatch(s -> s.startsWith("fede2e down "));
            assertThat(sh.get(sh.size() - 1)).contains("--phase finished").endsWith("--step Up=3");
        }
    }
}
