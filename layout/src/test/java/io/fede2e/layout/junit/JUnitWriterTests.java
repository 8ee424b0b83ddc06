package io.fede2e.layout.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JUnitWriterTests {

    private static JUnitReport reread(byte[] xml) {
        return JUnitReader.create().read(new ByteArrayInputStream(xml), "written.xml");
    }

    private static TestCase failed(String name, String message, String details) {
        return new TestCase(name, "Kubernetes e2e suite", 1.25, TestStatus.FAILED, message, "failed", details,
                "", "", Map.of());
    }

    @Nested
    class Dialect {
        @Test
        void writesTheKubernetesShapeExactly() {
            TestSuite runner = new TestSuite("fede2e", 12.5, "2026-01-02T03:04:05", Map.of("provider", "hollow"), List.of(
                    TestCase.passed("Up", "fede2e", 10),
                    new TestCase("Test", "fede2e", 2.5, TestStatus.FAILED, "2 of 40 tests failed", "", "exit status 1",
                            "Ran 40 tests\n", "", Map.of("nodes", "3")),
                    new TestCase("Down", "fede2e", 0, TestStatus.SKIPPED, "cluster was never up", "", "", "", "", Map.of())));
            String xml = new String(JUnitWriter.toBytes(new JUnitReport(List.of(runner))), StandardCharsets.UTF_8);
            assertThat(xml).isEqualTo("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <testsuites tests="3" failures="1" errors="0" disabled="0" time="12.5">
                      <testsuite name="fede2e" tests="3" failures="1" errors="0" skipped="1" disabled="0" time="12.5" timestamp="2026-01-02T03:04:05">
                        <properties>
                          <property name="provider" value="hollow"></property>
                        </properties>
                        <testcase name="Up" classname="fede2e" time="10"></testcase>
                        <testcase name="Test" classname="fede2e" time="2.5">
                          <properties>
                            <property name="nodes" value="3"></property>
                          </properties>
                          <failure message="2 of 40 tests failed">exit status 1</failure>
                          <system-out>Ran 40 tests
                    </system-out>
                        </testcase>
                        <testcase name="Down" classname="fede2e" time="0">
                          <skipped message="cluster was never up"></skipped>
                        </testcase>
                      </testsuite>
                    </testsuites>
                    """);
        }

        @Test
        void totalsAddUpAcrossSuitesAndErrorsAreSeparate() {
            JUnitReport report = new JUnitReport(List.of(
                    TestSuite.of("a", List.of(TestCase.passed("x", "a", 0.1), failed("y", "m", "d"))),
                    TestSuite.of("b", List.of(new TestCase("z", "b", 0.2, TestStatus.ERROR, "panic", "panicked", "stack",
                            "", "", Map.of())))));
            String xml = new String(JUnitWriter.toBytes(report), StandardCharsets.UTF_8);
            assertThat(xml).contains("<testsuites tests=\"3\" failures=\"1\" errors=\"1\" disabled=\"0\" time=\"1.55\">")
                    .contains("<error message=\"panic\" type=\"panicked\">stack</error>");
        }

        @Test
        void anEmptyReportIsAnEmptyTestsuites() {
            assertThat(new String(JUnitWriter.toBytes(new JUnitReport(List.of())), StandardCharsets.UTF_8)).isEqualTo(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"0\" failures=\"0\" errors=\"0\""
                            + " disabled=\"0\" time=\"0\">\n</testsuites>\n");
        }

        @Test
        void theSameReportGivesTheSameBytes() {
            JUnitReport report = Fixtures.read("junit/ginkgo-v2/junit_01.xml");
            assertThat(JUnitWriter.toBytes(report)).isEqualTo(JUnitWriter.toBytes(Fixtures.read("junit/ginkgo-v2/junit_01.xml")));
        }

        @Test
        void leavesTheCallersStreamOpenAndUsable() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JUnitWriter.write(new JUnitReport(List.of()), out);
            out.write('#');
            assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("</testsuites>\n#");
        }

        @Test
        void timesAreShortestExactDecimals() {
            assertThat(JUnitWriter.seconds(0.000123)).isEqualTo("0.000123");
            assertThat(JUnitWriter.seconds(1e-9)).isEqualTo("0.000000001");
            assertThat(JUnitWriter.seconds(3600)).isEqualTo("3600");
            assertThat(JUnitWriter.seconds(Double.NaN)).isEqualTo("0");
            assertThat(JUnitWriter.seconds(-1)).isEqualTo("0");
            assertThat(JUnitWriter.total(0.1 + 0.2)).isEqualTo("0.3");
        }
    }

    @Nested
    class HostileText {
        @Test
        void markupInNamesAndMessagesIsEscaped() {
            TestCase c = failed("<script>alert(\"x\")</script> & co", "a < b && \"c\" > 'd'", "]]> <![CDATA[ &amp;");
            JUnitReport back = reread(JUnitWriter.toBytes(new JUnitReport(List.of(TestSuite.of("s", List.of(c))))));
            assertThat(back.testCases()).containsExactly(c);
        }

        @Test
        void controlCharactersAndLoneSurrogatesBecomeReplacementCharacters() {
            String ansi = "\u001b[1;31mFAIL\u001b[0m \u0000\u0007 \ud800 x \udc00 \uffff";
            TestCase c = new TestCase("name\u0001", "", 0, TestStatus.FAILED, ansi, "", ansi, ansi, ansi, Map.of("k\u0002", ansi));
            byte[] xml = JUnitWriter.toBytes(new JUnitReport(List.of(TestSuite.of("s", List.of(c)))));
            TestCase back = reread(xml).testCases().get(0);
            String expected = "\ufffd[1;31mFAIL\ufffd[0m \ufffd\ufffd \ufffd x \ufffd \ufffd";
            assertThat(back.name()).isEqualTo("name\ufffd");
            assertThat(back.message()).isEqualTo(expected);
            assertThat(back.details()).isEqualTo(expected);
            assertThat(back.systemOut()).isEqualTo(expected);
            assertThat(back.systemErr()).isEqualTo(expected);
            assertThat(back.properties()).containsEntry("k\ufffd", expected);
        }

        @Test
        void validSupplementaryCharactersSurvive() {
            TestCase c = failed("emoji \ud83d\ude80 and 中文", "\ud83d\udca5", "ok");
            assertThat(reread(JUnitWriter.toBytes(new JUnitReport(List.of(TestSuite.of("s", List.of(c)))))).testCases())
                    .containsExactly(c);
        }

        @ParameterizedTest
        @ValueSource(strings = {"line1\nline2", "tab\there", "cr\rlf", "crlf\r\nend", "  padded  "})
        void whitespaceInAttributesAndBodiesSurvives(String text) {
            TestCase c = failed(text, text, text);
            TestCase back = reread(JUnitWriter.toBytes(new JUnitReport(List.of(TestSuite.of("s", List.of(c)))))).testCases().get(0);
            assertThat(back).isEqualTo(c);
        }
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest
        @ValueSource(strings = {"ginkgo-v1/junit_01.xml", "ginkgo-v2/junit_01.xml", "kubetest/junit_runner.xml",
                "kubetest2/junit_runner.xml", "surefire/TEST-io.example.cluster.ClusterApiTest.xml",
                "junit-platform/TEST-junit-jupiter.xml", "jest/junit.xml", "mocha/junit.xml", "pytest/junit.xml",
                "nested/junit.xml"})
        void everyDialectReadsBackToTheSameModel(String fixture) {
            JUnitReport read = Fixtures.read("junit/" + fixture);
            byte[] written = JUnitWriter.toBytes(read);
            JUnitReport again = reread(written);
            assertThat(again).isEqualTo(read);
            assertThat(JUnitWriter.toBytes(again)).as("writing is a fixed point").isEqualTo(written);
        }

        @Test
        void aSkipWithBodyButNoMessageKeepsBoth() {
            TestCase c = new TestCase("a", "", 0, TestStatus.SKIPPED, "", "pytest.skip", "where it was skipped", "", "", Map.of());
            assertThat(reread(JUnitWriter.toBytes(new JUnitReport(List.of(TestSuite.of("s", List.of(c)))))).testCases())
                    .containsExactly(c);
        }
    }
}
