package io.fede2e.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.json.JsonSlurper;
import groovy.lang.MissingMethodException;
import io.fede2e.jobs.fakes.RecordedJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs the seed job generates from jobs/providers.json, evaluated against the recording Job DSL. */
class JobDslTests {

    // Evaluated once: Groovy compiles the script in about a second, more on a loaded machine.
    private static final List<RecordedJob> JOBS = Scripts.allJobs();

    private RecordedJob job(String name) {
        return JOBS.stream().filter(j -> j.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + " in " + JOBS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> providersJson() {
        return (Map<String, Object>) new JsonSlurper().parse(Scripts.workspace().resolve("jobs/providers.json").toFile());
    }

    @Nested
    class Names {

        @Test
        void everyProviderHasANightlyJobAndTheSharedJobsExist() {
            assertThat(JOBS).extracting(RecordedJob::name).containsExactlyInAnyOrder(
                    "e2e-hollow-nightly", "e2e-existing-nightly", "e2e-azure-nightly",
                    "e2e-janitor-azure", "e2e-azure-sharded", "e2e-manual", "e2e-dashboard");
        }

        @Test
        void everyJobNameIsAValidLayoutJobName() {
            assertThat(JOBS).extracting(RecordedJob::name).allMatch(n -> n.matches("[A-Za-z0-9][A-Za-z0-9._-]*"));
        }
    }

    @Nested
    class Nightly {

        @Test
        void runsOnTheProvidersLabelOnceANightWithJenkinsHash() {
            RecordedJob azure = job("e2e-azure-nightly");
            assertThat(azure.type()).isEqualTo("freeStyleJob");
            assertThat(azure.label()).isEqualTo("fede2e-azure");
            assertThat(azure.crons()).containsExactly("H H(0-5) * * *");
            assertThat(job("e2e-existing-nightly").crons()).containsExactly("H H(6-8) * * *");
            assertThat(job("e2e-hollow-nightly").label()).isEqualTo("fede2e");
        }

        @Test
        void theJenkinsTimeoutOutlastsTheRunnersSoDownAlwaysRuns() {
            RecordedJob azure = job("e2e-azure-nightly");
            assertThat(azure.shells()).singleElement().asString().contains("--timeout 180m");
            assertThat(azure.absoluteTimeoutMinutes()).isEqualTo(210);
            assertThat(job("e2e-hollow-nightly").absoluteTimeoutMinutes()).isEqualTo(90);
        }

        @Test
        void runsFede2eWithTheProvidersSettingsAndPublishesJunit() {
            RecordedJob hollow = job("e2e-hollow-nightly");
            assertThat(hollow.shells()).containsExactly("fede2e run --provider hollow --nodes 100"
                    + " --kubernetes-version v1.20.2 --to gs://fede2e-results --timeout 60m");
            assertThat(job("e2e-existing-nightly").shells()).singleElement().asString()
                    .contains("--provider existing --kubeconfig \"$FEDE2E_KUBECONFIG\"");
            assertThat(hollow.junitGlobs()).containsExactly("_output/**/junit*.xml");
            assertThat(hollow.junitAllowEmpty()).isTrue();
        }

        @Test
        void bindsCredentialsNeverConcurrentKeepsABoundedHistory() {
            RecordedJob azure = job("e2e-azure-nightly");
            assertThat(azure.credentials()).contains(
                    new RecordedJob.Credential("file", "GOOGLE_APPLICATION_CREDENTIALS", "fede2e-gcs-key"),
                    new RecordedJob.Credential("string", "AZURE_CLIENT_SECRET", "fede2e-azure-client-secret"));
            assertThat(azure.concurrentBuild()).isFalse();
            assertThat(azure.numToKeep()).isEqualTo(60);
            assertThat(azure.timestamps()).isTrue();
            assertThat(azure.shells()).singleElement().asString().doesNotContain("AZURE_CLIENT_SECRET");
        }
    }

    @Nested
    class Manual {

        @Test
        void hasTheParametersOfARunOnDemand() {
            RecordedJob manual = job("e2e-manual");
            assertThat(manual.params()).extracting(RecordedJob.Param::name)
                    .containsExactly("PROVIDER", "NODES", "FOCUS", "SKIP", "KUBERNETES_VERSION", "KEEP_CLUSTER");
            RecordedJob.Param provider = manual.params().get(0);
            assertThat(provider.kind()).isEqualTo("choiceParam");
            assertThat(provider.choices()).containsExactly("hollow", "existing", "azure");
            assertThat(manual.params().get(5).kind()).isEqualTo("booleanParam");
            assertThat(manual.params().get(5).defaultValue()).isEqualTo(false);
            assertThat(manual.concurrentBuild()).isTrue();
        }

        @Test
        void bindsEveryProvidersCredentialsOnce() {
            assertThat(job("e2e-manual").credentials()).extracting(RecordedJob.Credential::variable)
                    .doesNotHaveDuplicates().contains("GOOGLE_APPLICATION_CREDENTIALS", "FEDE2E_KUBECONFIG",
                            "AZURE_CLIENT_ID", "AZURE_SUBSCRIPTION_ID");
        }
    }

    @Nested
    class DashboardAndJanitor {

        @Test
        void theDashboardPublishesHourly() {
            RecordedJob dashboard = job("e2e-dashboard");
            assertThat(dashboard.crons()).containsExactly("H * * * *");
            assertThat(dashboard.shells()).singleElement().asString()
                    .contains("fede2e dashboard --config sources.yaml --out _output/dashboard"
                            + " --publish gs://fede2e-dashboard/site")
                    .contains(Scripts.read(Scripts.workspace().resolve("jobs/sources.yaml")));
        }

        @Test
        void onlyProvidersWithAJanitorGetOneEverySixHours() {
            RecordedJob janitor = job("e2e-janitor-azure");
            assertThat(janitor.crons()).containsExactly("H H/6 * * *");
            assertThat(janitor.shells()).containsExactly("fede2e janitor --provider azure --yes");
            assertThat(JOBS).extracting(RecordedJob::name).filteredOn(n -> n.startsWith("e2e-janitor-"))
                    .containsExactly("e2e-janitor-azure");
        }
    }

    @Nested
    class Sharded {

        @Test
        void isAPipelineRunningTheJenkinsfileInTheSandbox() {
            RecordedJob sharded = job("e2e-azure-sharded");
            assertThat(sharded.type()).isEqualTo("pipelineJob");
            assertThat(sharded.pipelineScript()).isEqualTo(Scripts.read(Scripts.jenkinsfile()));
            assertThat(sharded.sandbox()).isTrue();
            assertThat(sharded.params()).extracting(RecordedJob.Param::name).contains("PROVIDER", "SHARDS",
                    "RESULTS_ROOT", "AGENT_LABEL", "TIMEOUT_MINUTES", "CREDENTIALS");
            assertThat(sharded.params()).filteredOn(p -> p.name().equals("SHARDS")).singleElement()
                    .extracting(RecordedJob.Param::defaultValue).hasToString("3");
            assertThat(sharded.params()).filteredOn(p -> p.name().equals("CREDENTIALS")).singleElement()
                    .extracting(RecordedJob.Param::defaultValue).asString()
                    .contains("file:GOOGLE_APPLICATION_CREDENTIALS=fede2e-gcs-key",
                            "string:AZURE_CLIENT_SECRET=fede2e-azure-client-secret");
        }

        @Test
        void aProviderWithOneShardHasNoShardedJob() {
            assertThat(providersJson().get("providers").toString()).contains("name=hollow", "shards=1");
            assertThat(JOBS).extracting(RecordedJob::name).doesNotContain("e2e-hollow-sharded");
        }
    }

    @Nested
    class RecordingDsl {

        @Test
        void aMethodJobDslDoesNotHaveFailsTheScript(@TempDir Path ws) {
            assertThatThrownBy(() -> Scripts.runJobDsl("freeStyleJob('x') { steps { shel('echo') } }", ws))
                    .isInstanceOf(MissingMethodException.class).hasMessageContaining("shel");
        }

        @Test
        void aMethodInTheWrongContextFailsTheScript(@TempDir Path ws) {
            // cron belongs in triggers {}, label does not exist on a pipeline job
            assertThatThrownBy(() -> Scripts.runJobDsl("freeStyleJob('x') { cron('H * * * *') }", ws))
                    .isInstanceOf(MissingMethodException.class).hasMessageContaining("cron");
            assertThatThrownBy(() -> Scripts.runJobDsl("pipelineJob('x') { label('fede2e') }", ws))
                    .isInstanceOf(MissingMethodException.class).hasMessageContaining("label");
        }

        @Test
        void readsTheSeedWorkspaceLikeReadFileFromWorkspace(@TempDir Path ws) throws Exception {
            Files.writeString(ws.resolve("cmd.txt"), "echo hi");
            List<RecordedJob> js = Scripts.runJobDsl(
                    "freeStyleJob('x') { steps { shell(readFileFromWorkspace('cmd.txt')) } }", ws);
            assertThat(js).singleElement().extracting(RecordedJob::shells).asList().containsExactly("echo hi");
        }
    }
}
