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
}
