package io.fede2e.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTests {

    @Nested
    class JobNames {
        @ParameterizedTest
        @ValueSource(strings = {"ci-fede2e-azure-conformance", "a", "Job_1.2", "9lives", "x-"})
        void acceptsTestInfraNames(String name) {
            assertThat(JobName.of(name).value()).isEqualTo(name);
        }

        @Test
        void acceptsExactlyTheMaximumLength() {
            assertThat(JobName.of("j".repeat(200)).value()).hasSize(200);
        }

        @ParameterizedTest(name = "[{index}] {1}")
        @CsvSource(delimiter = '|', value = {
                "a/b|contains a path separator '/'",
                "../etc|contains '..'",
                "a..b|contains '..'",
                "my job|contains a space",
                "-job|starts with '-'",
                ".hidden|starts with '.'",
                "a\\b|contains a path separator '\\'",
                "job:1|contains ':'",
                "jöb|contains 'ö'"})
        void refusesBadNamesSayingWhy(String name, String why) {
            assertThatThrownBy(() -> JobName.of(name))
                    .isInstanceOf(LayoutException.class)
                    .hasMessage("job name '" + name + "' " + why + ": use 1-200 letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit (such as Jenkins' JOB_NAME ci-fede2e-azure-conformance)");
        }

        @Test
        void controlCharactersAreNamedAndShownEscaped() {
            assertThatThrownBy(() -> JobName.of("job\nrm -rf"))
                    .hasMessageStartingWith("job name 'job\\u000arm -rf' contains the control character \\u000a:")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThatThrownBy(() -> JobName.of("job\u202Egnp.exe"))
                    .hasMessageContaining("'job\\u202egnp.exe' contains the control character \\u202e");
            assertThatThrownBy(() -> JobName.of("job\u0000")).hasMessageContaining("\\u0000");
        }

        @Test
        void emptyMissingAndOverlongAreRefused() {
            assertThatThrownBy(() -> JobName.of("")).hasMessageStartingWith("job name '' is empty:");
            assertThatThrownBy(() -> JobName.of(null)).isInstanceOf(LayoutException.class)
                    .hasMessageStartingWith("job name is missing:");
            assertThatThrownBy(() -> JobName.of("j".repeat(201)))
                    .hasMessageContaining("is 201 characters long")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
        }

        @Test
        void ordersByName() {
            assertThat(JobName.of("a")).isLessThan(JobName.of("b"));
        }
    }

    @Nested
    class BuildIds {
        @ParameterizedTest
        @CsvSource({"0,0", "42,42", "007,7", "999999999999999999,999999999999999999"})
        void parsesDecimalIds(String text, long value) {
            assertThat(BuildId.parse(text).value()).isEqualTo(value);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(delimiter = '|', value = {
                "abc|is not a number",
                "12a|is not a number",
                "-1|is negative",
                "-42|is negative",
                "+5|is not a number",
                "' 42'|is not a number",
                "1.0|is not a number",
                "1e3|is not a number",
                "1000000000000000000|has 19 digits",
                "99999999999999999999999999|has 26 digits",
                "٣|is not a number"})
        void refusesAnythingElseSayingWhy(String text, String why) {
            assertThatThrownBy(() -> BuildId.parse(text))
                    .isInstanceOf(LayoutException.class)
                    .hasMessage("build id '" + text + "' " + why
                            + ": use a decimal number of at most 18 digits (such as Jenkins' BUILD_NUMBER)");
        }

        @Test
        void emptyMissingAndOutOfRangeValuesAreRefused() {
            assertThatThrownBy(() -> BuildId.parse("")).hasMessageStartingWith("build id '' is empty:");
            assertThatThrownBy(() -> BuildId.parse(null)).hasMessageStartingWith("build id is missing:");
            assertThatThrownBy(() -> new BuildId(-1)).isInstanceOf(LayoutException.class).hasMessageContaining("out of range");
            assertThatThrownBy(() -> new BuildId(BuildId.MAX).next()).isInstanceOf(LayoutException.class);
        }

        @Test
        void ordersNumericallyNotTextually() {
            assertThat(BuildId.parse("10")).isGreaterThan(BuildId.parse("9"));
            assertThat(BuildId.parse("9").next()).isEqualTo(new BuildId(10));
        }
    }

    @Nested
    class Paths {
        private final BuildPaths paths = new BuildPaths(JobName.of("ci-fede2e-hollow"), BuildId.parse("1234"));

        @Test
        void everyFileOfABuild() {
            assertThat(paths.dir()).isEqualTo("logs/ci-fede2e-hollow/1234/");
            assertThat(paths.started()).isEqualTo("logs/ci-fede2e-hollow/1234/started.json");
            assertThat(paths.finished()).isEqualTo("logs/ci-fede2e-hollow/1234/finished.json");
            assertThat(paths.buildLog()).isEqualTo("logs/ci-fede2e-hollow/1234/build-log.txt");
            assertThat(paths.artifactsDir()).isEqualTo("logs/ci-fede2e-hollow/1234/artifacts/");
            assertThat(paths.junitRunner()).isEqualTo("logs/ci-fede2e-hollow/1234/artifacts/junit_runner.xml");
            assertThat(paths.junitE2e()).isEqualTo("logs/ci-fede2e-hollow/1234/artifacts/junit_01.xml");
            assertThat(paths.file("artifacts/nodes/node-1/kubelet.log"))
                    .isEqualTo("logs/ci-fede2e-hollow/1234/artifacts/nodes/node-1/kubelet.log");
            assertThat(BuildPaths.jobDir(JobName.of("ci-fede2e-hollow"))).isEqualTo("logs/ci-fede2e-hollow/");
            assertThat(BuildPaths.latestBuild(JobName.of("ci-fede2e-hollow"))).isEqualTo("logs/ci-fede2e-hollow/latest-build.txt");
        }

        @ParameterizedTest
        @CsvSource({"artifacts/junit_01.xml,true", "artifacts/e2e/junit_runner.xml,true", "artifacts/junit.xml,true",
                "junit_01.xml,false", "artifacts/TEST-foo.xml,false", "artifacts/junit_01.xml.gz,false",
                "artifacts/junit/report.xml,false"})
        void recognisesJunitFiles(String relative, boolean junit) {
            assertThat(BuildPaths.isJunitFile(relative)).isEqualTo(junit);
        }

        @ParameterizedTest
        @ValueSource(strings = {"../other/1/started.json", "artifacts/../../x", "/etc/passwd", "a//b", "", "a/./b",
                "artifacts\\x", "a/\u0000"})
        void refusesRelativePathsThatLeaveTheBuild(String relative) {
            assertThatThrownBy(() -> paths.file(relative)).isInstanceOf(LayoutException.class)
                    .hasMessageContaining("logs/ci-fede2e-hollow/1234/");
        }
    }
}
