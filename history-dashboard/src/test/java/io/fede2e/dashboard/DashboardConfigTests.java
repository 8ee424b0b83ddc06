package io.fede2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardConfigTests {

    static Path fixture(String scenario) {
        try {
            return Path.of(DashboardConfigTests.class.getResource("/sources/" + scenario + "/sources.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Load {

        @Test
        void readsEveryFieldAndDefaults() {
            Path file = fixture("full");
            DashboardConfig c = DashboardConfig.load(file);

            assertThat(c.title()).isEqualTo("Federated e2e");
            assertThat(c.sources()).hasSize(2);
            SourceConfig azure = c.sources().get(0);
            assertThat(azure.root()).isEqualTo("gs://fede2e-azure-results");
            assertThat(azure.prefix()).isEqualTo("azure:");
            assertThat(azure.contact()).isEqualTo("sig-azure");
            assertThat(azure.sequential()).isTrue();
            assertThat(azure.excludeJobs()).containsExactly("ci-scratch");
            assertThat(azure.provider()).isEqualTo("azure");
            assertThat(azure.days()).isEqualTo(7);
            SourceConfig local = c.sources().get(1);
            assertThat(local.root()).isEqualTo(file.getParent().resolve("local-results").toUri().toString());
            assertThat(local.days()).isEqualTo(SourceConfig.DEFAULT_DAYS);
            assertThat(local.sequential()).isTrue();
            assertThat(local.prefix()).isEmpty();
        }

        @Test
        void acceptsTestInfraBucketsYamlRootsThatNameTheirLogsDirectory() {
            DashboardConfig c = DashboardConfig.load(fixture("buckets-yaml"));

            assertThat(c.sources()).extracting(SourceConfig::root)
                    .containsExactly("gs://kubernetes-jenkins", "gs://other-bucket/pr-logs");
            assertThat(c.sources().get(0).sequential()).isFalse();
            assertThat(c.title()).isEqualTo(DashboardConfig.DEFAULT_TITLE);
        }
    }

    @Nested
    class Errors {

        @Test
        void namesTheFileAndTheUnknownField() {
            assertThatThrownBy(() -> DashboardConfig.load(fixture("unknown-field")))
                    .isInstanceOf(DashboardException.class)
                    .hasMessageContaining("sources.yaml: gs://bucket: unknown field 'prefx'")
                    .hasMessageContaining("prefix");
        }

        @Test
        void saysWhatDaysMustBe() {
            assertThatThrownBy(() -> DashboardConfig.load(fixture("bad-days")))
                    .hasMessageContaining("days: expected a whole number from 1 to 3650, found 'fourteen'");
        }

        @Test
        void reportsInvalidYamlWithItsLine() {
            assertThatThrownBy(() -> DashboardConfig.load(fixture("bad-yaml")))
                    .isInstanceOf(DashboardException.class)
                    .hasMessageMatching("(?s).*sources\\.yaml:\\d+: not valid YAML.*");
        }

        @Test
        void refusesAnEmptyFile() {
            assertThatThrownBy(() -> DashboardConfig.load(fixture("empty")))
                    .hasMessageContaining("is empty");
        }

        @Test
        void refusesAList() {
            assertThatThrownBy(() -> DashboardConfig.load(fixture("not-a-map")))
                    .hasMessageContaining("expected a map from bucket root to its settings, found a array");
        }

        @Test
        void refusesAnExcludeJobsThatIsNotAList() {
            assertThatThrownBy(() -> DashboardConfig.load(fixture("bad-exclude")))
                    .hasMessageContaining("exclude_jobs: expected a list of job names");
        }

        @Test
        void refusesASequentialThatIsNotABoolean() {
            assertThatThrownBy(() -> DashboardConfig.load(fixture("bad-sequential")))
                    .hasMessageContaining("sequential: expected true or false, found 'maybe'");
        }

        @Test
        void namesAMissingFileAndSaysWhatToPass(@TempDir Path tmp) {
            Path missing = tmp.resolve("nope.yaml");
            assertThatThrownBy(() -> DashboardConfig.load(missing))
                    .hasMessageStartingWith(missing + ": no such file")
                    .hasMessageNotContaining("\n");
        }

        @Test
        void refusesUnsupportedSchemes() {
            assertThatThrownBy(() -> SourcesYaml.root(Path.of("/x/sources.yaml"), "s3://bucket"))
                    .hasMessageContaining("unsupported root");
        }
    }

    @Nested
    class OfRoots {

        @Test
        void givesEachRootTheDefaults() {
            DashboardConfig c = DashboardConfig.ofRoots(List.of("gs://a", "file:///tmp/b"));

            assertThat(c.sources()).extracting(SourceConfig::root).containsExactly("gs://a", "file:///tmp/b");
            assertThat(c.sources()).allSatisfy(s -> {
                assertThat(s.days()).isEqualTo(14);
                assertThat(s.prefix()).isEmpty();
            });
            assertThat(c.cacheDir()).isNull();
        }

        @Test
        void refusesOutOfRangeDays() {
            assertThatThrownBy(() -> new SourceConfig("gs://a", "", "", true, List.of(), "", 0))
                    .hasMessageContaining("days is 0, use 1 to 3650");
        }
    }
}
