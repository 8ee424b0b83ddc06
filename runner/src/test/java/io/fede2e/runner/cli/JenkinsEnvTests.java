package io.fede2e.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.runner.Env;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JenkinsEnvTests {

    private static JenkinsEnv env(Map<String, String> vars) {
        return new JenkinsEnv(new Env(vars, Path.of("/tmp"), Clock.systemUTC(), false));
    }

    @Test
    void ginkgoArgsKeepRegexEscapesAndQuotes() {
        JenkinsEnv j = env(Map.of("GINKGO_TEST_ARGS",
                "--ginkgo.focus=\\[Serial\\] --ginkgo.skip='Slow|Flaky' -ginkgo.focus \"a b\" --ginkgo.flakeAttempts=2"));
        assertThat(j.ginkgoFocus()).containsExactly("\\[Serial\\]", "a b");
        assertThat(j.ginkgoSkip()).containsExactly("Slow|Flaky");
        assertThat(j.ginkgoFlakeAttempts()).hasValue(2);
    }

    @Test
    void gcsLogsPathLosesItsLogsSuffixAndJobFoldersBecomeDashes() {
        JenkinsEnv j = env(Map.of("JENKINS_GCS_LOGS_PATH", "gs://kubernetes-jenkins/logs", "JOB_NAME", "team/e2e"));
        assertThat(j.root()).hasValue("gs://kubernetes-jenkins");
        assertThat(j.job()).hasValue("team-e2e");
    }

    @Test
    void e2eSwitchesAreBooleansAndBadOnesAreNamed() {
        assertThat(env(Map.of("E2E_DOWN", "false")).down()).hasValue(false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env(Map.of("E2E_UP", "maybe")).up())
                .hasMessageContaining("E2E_UP='maybe'");
    }

    /** Issue 14: {@code --to gs://bucket/logs} wrote logs/logs/... */
    @Test
    void aRootGivenAsTheLogsDirectoryLosesItAndOneNamedLogsIsKept() {
        Env env = new Env(Map.of(), Path.of("/work"), Clock.systemUTC(), false);
        ResultsOptions to = new ResultsOptions();
        JenkinsEnv none = env(Map.of());

        for (String given : java.util.List.of("gs://bucket/logs", "gs://bucket/logs/", "gs://bucket/logs//")) {
            to.to = given;
            assertThat(to.root(none, env)).as(given).isEqualTo("gs://bucket");
        }
        to.to = "gs://bucket/ci/logs";
        assertThat(to.root(none, env)).isEqualTo("gs://bucket/ci");
        to.to = "file:///srv/results/logs";
        assertThat(to.root(none, env)).isEqualTo("file:///srv/results");
        for (String kept : java.util.List.of("gs://logs", "file:///logs", "gs://bucket/catalogs", "gs://bucket")) {
            to.to = kept;
            assertThat(to.root(none, env)).as(kept).isEqualTo(kept);
        }
    }
}
