package io.fede2e.layout.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fede2e.layout.junit.JUnitFormatException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JUnitReaderTests {

    private static JUnitReport parse(String xml) {
        return JUnitReader.create().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "inline.xml");
    }

    private static TestCase named(JUnitReport report, String name) {
        return report.testCases().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no case " + name + " in " + report.testCases()));
    }

    @Nested
    class GinkgoV1 {
        private final JUnitReport report = Fixtures.read("junit/ginkgo-v1/junit_01.xml");

        @Test
        void readsTheLoneSuiteWithItsCasesInOrder() {
            assertThat(report.suites()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("Kubernetes e2e suite");
                assertThat(s.timeSeconds()).isEqualTo(1843.213);
            });
            assertThat(report.testCases()).extracting(TestCase::status).containsExactly(TestStatus.PASSED,
                    TestStatus.SKIPPED, TestStatus.FAILED, TestStatus.PASSED, TestStatus.PASSED);
        }

        @Test
        void keepsTheFailureBodyAndTheOutput() {
            TestCase failed = named(report, "[k8s.io] Services should serve a basic endpoint from pods [Conformance]");
            assertThat(failed.message()).isEmpty();
            assertThat(failed.failureType()).isEqualTo("Failure");
            assertThat(failed.details()).startsWith("/go/src/k8s.io/kubernetes/_output/local/go/src/k8s.io/kubernetes/test/e2e/service.go:131\n")
                    .contains("Timed out waiting for service endpoint-test2");
            assertThat(failed.systemOut()).contains("INFO: >>> kubeConfig: /workspace/.kube/config\n");
            assertThat(failed.timeSeconds()).isEqualTo(187.311);
        }

        @Test
        void anEmptySkippedElementIsASkipWithoutMessage() {
            TestCase skipped = report.testCases().get(1);
            assertThat(skipped.status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(skipped.message()).isEmpty();
            assertThat(skipped.details()).isEmpty();
        }
    }

    @Nested
    class GinkgoV2 {
        private final JUnitReport report = Fixtures.read("junit/ginkgo-v2/junit_01.xml");

        @Test
        void stripsTheItPrefixAndKeepsSetupNodes() {
            assertThat(report.testCases()).extracting(TestCase::name).containsExactly(
                    "[SynchronizedBeforeSuite]",
                    "[sig-apps] Deployment should run the lifecycle of a Deployment [Conformance]",
                    "[sig-network] Services should serve multiport endpoints from pods  [Conformance]",
                    "[sig-storage] CSI mock volume CSIStorageCapacity should not call NodeStage [Feature:CSIStorageCapacity]",
                    "[sig-node] Pods should be pending forever [Flaky]",
                    "[sig-cli] Kubectl client Guestbook application should create and stop a working application  [Conformance]",
                    "[sig-api-machinery] Watchers should observe add, update, and delete watch notifications on configmaps [Conformance]",
                    "[ReportAfterSuite] Kubernetes e2e suite report");
        }

        @Test
        void mapsStatesToStatuses() {
            assertThat(report.testCases()).extracting(TestCase::status).containsExactly(TestStatus.PASSED,
                    TestStatus.PASSED, TestStatus.FAILED, TestStatus.SKIPPED, TestStatus.SKIPPED, TestStatus.ERROR,
                    TestStatus.FAILED, TestStatus.PASSED);
        }

        @Test
        void aPanicIsAnErrorWithItsMessageAndStack() {
            TestCase panicked = report.testCases().get(5);
            assertThat(panicked.failureType()).isEqualTo("panicked");
            assertThat(panicked.message()).isEqualTo("runtime error: invalid memory address or nil pointer dereference");
            assertThat(panicked.details()).contains("\ttest/e2e/kubectl/kubectl.go:2370 +0x1ff");
        }

        @Test
        void keepsMultiLineMessagesEncodedAsCharacterReferences() {
            TestCase failed = report.testCases().get(2);
            assertThat(failed.message()).isEqualTo("Unexpected error:\n    <*errors.errorString | 0xc001d2e0a0>: \n"
                    + "    timed out waiting for the condition\noccurred");
            assertThat(failed.details()).startsWith("[FAILED] Unexpected error:").endsWith("04:20:11.101\n");
            assertThat(failed.systemErr()).startsWith("> Enter [BeforeEach] [sig-network] Services");
            assertThat(failed.systemOut()).isEmpty();
        }

        @Test
        void skipMessagesComeFromTheAttribute() {
            assertThat(report.testCases().get(3).message()).isEqualTo("skipped - Only supported for providers [gce gke] (not hollow)");
            assertThat(report.testCases().get(4).message()).isEqualTo("pending");
        }

        @Test
        void suitePropertiesAreKeptAndNumericOnesAreMetrics() {
            TestSuite suite = report.suites().get(0);
            assertThat(suite.timestamp()).isEqualTo("2024-03-01T04:12:09");
            assertThat(suite.properties()).containsEntry("FocusStrings", "\\[Conformance\\]")
                    .containsEntry("SpecialSuiteFailureReason", "").hasSize(10);
            assertThat(suite.metrics()).containsOnly(entry("RandomSeed", 1709266329.0), entry("FlakeAttempts", 0.0),
                    entry("ParallelTotal", 25.0));
        }

        @Test
        void statusAttributeAloneDecidesWhenNoResultElement() {
            JUnitReport r = parse("""
                    <testsuite name="s">
                      <testcase name="[It] a" status="failed" time="1"/>
                      <testcase name="[It] b" status="interrupted"/>
                      <testcase name="[It] c" status="pending"/>
                      <testcase name="[It] d" status="passed"/>
                      <testcase name="[BeforeSuite]" status="timedout"/>
                    </testsuite>""");
            assertThat(r.testCases()).extracting(TestCase::status).containsExactly(TestStatus.FAILED,
                    TestStatus.ERROR, TestStatus.SKIPPED, TestStatus.PASSED, TestStatus.FAILED);
            assertThat(r.testCases()).extracting(TestCase::name).containsExactly("a", "b", "c", "d", "[BeforeSuite]");
        }
    }

    @Nested
    class Kubetest {
        @Test
        void kubetestRunnerStepsAreCases() {
            JUnitReport report = Fixtures.read("junit/kubetest/junit_runner.xml");
            assertThat(report.suites()).singleElement().satisfies(s -> assertThat(s.name()).isEmpty());
            assertThat(report.testCases()).hasSize(10).allSatisfy(c -> assertThat(c.className()).isEqualTo("e2e.go"));
            TestCase test = named(report, "Test");
            assertThat(test.status()).isEqualTo(TestStatus.FAILED);
            assertThat(test.message()).isEmpty();
            assertThat(test.details()).startsWith("error during ./hack/ginkgo-e2e.sh").endsWith("exit status 1");
            assertThat(named(report, "Node Tests").status()).isEqualTo(TestStatus.SKIPPED);
        }

        @Test
        void kubetest2RunnerHasNoClassnameAndKeepsTheStepOutput() {
            JUnitReport report = Fixtures.read("junit/kubetest2/junit_runner.xml");
            assertThat(report.testCases()).extracting(TestCase::name).containsExactly("Build", "Up", "Test", "Down");
            assertThat(report.testCases()).allSatisfy(c -> assertThat(c.className()).isEmpty());
            TestCase test = named(report, "Test");
            assertThat(test.details()).isEqualTo("exit status 1");
            assertThat(test.systemOut()).contains("FAIL! -- 400 Passed | 2 Failed");
            assertThat(report.suites().get(0).timeSeconds()).isEqualTo(2895.0);
        }
    }

    @Nested
    class Surefire {
        private final JUnitReport report = Fixtures.read("junit/surefire/TEST-io.example.cluster.ClusterApiTest.xml");

        @Test
        void readsCasesDespiteTheSchemaNamespace() {
            TestSuite suite = report.suites().get(0);
            assertThat(suite.name()).isEqualTo("io.example.cluster.ClusterApiTest");
            assertThat(suite.properties()).containsEntry("java.vm.vendor", "Eclipse Adoptium").hasSize(6);
            assertThat(suite.metrics()).containsOnly(entry("java.specification.version", 17.0));
            TestCase failed = named(report, "createsDeployment");
            assertThat(failed.message()).isEqualTo("expected: <3> but was: <2>");
            assertThat(failed.failureType()).isEqualTo("org.opentest4j.AssertionFailedError");
            assertThat(failed.details()).startsWith("org.opentest4j.AssertionFailedError: expected: <3> but was: <2>\n\tat ");
            assertThat(failed.systemOut()).isEqualTo("created deployment web in namespace e2e-1\nwaiting for 3 replicas\n");
            assertThat(named(report, "deletesNamespace").status()).isEqualTo(TestStatus.ERROR);
            assertThat(named(report, "deletesNamespace").systemErr()).isEqualTo("WARN could not reach 127.0.0.1:6443\n");
            assertThat(named(report, "upgradesCluster").message()).isEqualTo("needs a multi-node provider");
        }

        @Test
        void aFlakyTestIsAFailedAttemptThenTheFinalPass() {
            List<TestCase> watches = report.testCases().stream().filter(c -> c.name().equals("watchesPods")).toList();
            assertThat(watches).extracting(TestCase::status).containsExactly(TestStatus.FAILED, TestStatus.PASSED);
            TestCase attempt = watches.get(0);
            assertThat(attempt.properties()).containsExactly(entry(JUnitParser.RERUN_PROPERTY, "flakyFailure"));
            assertThat(attempt.message()).isEqualTo("Timeout after 500ms");
            assertThat(attempt.failureType()).isEqualTo("java.util.concurrent.TimeoutException");
            assertThat(attempt.details()).contains("java.util.concurrent.TimeoutException: Timeout after 500ms\n\tat ");
            assertThat(attempt.systemOut()).isEqualTo("watch opened\n");
            TestCase last = watches.get(1);
            assertThat(last.properties()).isEmpty();
            assertThat(last.systemOut()).isEmpty();
            assertThat(last.timeSeconds()).isEqualTo(0.877);
        }

        @Test
        void aTestFailingOnEveryRerunIsFailedOnceForEachAttempt() {
            List<TestCase> scales = report.testCases().stream().filter(c -> c.name().equals("scalesReplicaSet")).toList();
            assertThat(scales).extracting(TestCase::status).containsExactly(TestStatus.FAILED, TestStatus.FAILED);
            assertThat(scales.get(0).properties()).containsEntry("rerun", "rerunFailure");
            assertThat(scales.get(1).details()).startsWith("java.lang.AssertionError: replicas never reached 5");
            assertThat(report.testCases()).hasSize(8);
        }
    }

    @Nested
    class JUnitPlatform {
        private final JUnitReport report = Fixtures.read("junit/junit-platform/TEST-junit-jupiter.xml");

        @Test
        void readsTheLegacyReport() {
            assertThat(report.suites().get(0).name()).isEqualTo("JUnit Jupiter");
            assertThat(report.testCases()).extracting(TestCase::status).containsExactly(TestStatus.PASSED,
                    TestStatus.FAILED, TestStatus.ERROR, TestStatus.SKIPPED);
            TestCase first = report.testCases().get(0);
            assertThat(first.name()).isEqualTo("rollsOutDeployment()");
            assertThat(first.className()).isEqualTo("io.fede2e.suite.apps.DeploymentTests");
            assertThat(first.systemOut()).contains("display-name: [sig-apps] Deployment should roll out");
        }

        @Test
        void theSkipReasonInTheBodyIsTheMessage() {
            TestCase skipped = report.testCases().get(3);
            assertThat(skipped.message()).isEqualTo("provider lacks capability load-balancer");
            assertThat(skipped.details()).isEmpty();
        }
    }

    @Nested
    class JavaScriptAndPython {
        @Test
        void jestJunit() {
            JUnitReport report = Fixtures.read("junit/jest/junit.xml");
            assertThat(report.suites()).extracting(TestSuite::name).containsExactly("dashboard grid", "history");
            TestCase failed = named(report, "dashboard grid escapes test names");
            assertThat(failed.status()).isEqualTo(TestStatus.FAILED);
            assertThat(failed.message()).isEmpty();
            assertThat(failed.details()).contains("Expected: \"&lt;script&gt;\"\nReceived: \"<script>\"");
            assertThat(named(report, "dashboard grid sorts providers").status()).isEqualTo(TestStatus.SKIPPED);
        }

        @Test
        void mochaJunitReporterKeepsTheEmptyRootSuite() {
            JUnitReport report = Fixtures.read("junit/mocha/junit.xml");
            assertThat(report.suites()).extracting(TestSuite::name).containsExactly("Root Suite", "ObjectStore");
            assertThat(report.suites().get(0).testCases()).isEmpty();
            TestCase failed = named(report, "ObjectStore #put() refuses a stale generation");
            assertThat(failed.message()).isEqualTo("expected 412 to equal 200");
            assertThat(failed.details()).contains("at Context.<anonymous> (test/store.spec.js:33:24)");
        }

        @Test
        void pytest() {
            JUnitReport report = Fixtures.read("junit/pytest/junit.xml");
            assertThat(report.suites()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("pytest");
                assertThat(s.timestamp()).isEqualTo("2024-04-11T09:30:12.123456+00:00");
            });
            TestCase measured = named(report, "test_latest_build_moves_forward");
            assertThat(measured.properties()).containsOnly(entry("latency_ms", "12.5"), entry("provider", "hollow"));
            assertThat(measured.metrics()).containsOnly(entry("latency_ms", 12.5));
            TestCase skipped = named(report, "test_gcs_credentials");
            assertThat(skipped.message()).isEqualTo("no GOOGLE_APPLICATION_CREDENTIALS");
            assertThat(skipped.failureType()).isEqualTo("pytest.skip");
            assertThat(skipped.details()).isEqualTo("tests/test_bucket.py:40: no GOOGLE_APPLICATION_CREDENTIALS");
            assertThat(named(report, "test_known_bug").status()).isEqualTo(TestStatus.SKIPPED);
            assertThat(named(report, "test_exit_code[usage]").status()).isEqualTo(TestStatus.ERROR);
        }

        @Test
        void aFailureThenATeardownErrorKeepsTheFirstMessageAndBothBodies() {
            TestCase both = named(Fixtures.read("junit/pytest/junit.xml"), "test_upload_cleanup");
            assertThat(both.status()).isEqualTo(TestStatus.ERROR);
            assertThat(both.message()).isEqualTo("assert 2 == 1");
            assertThat(both.details()).contains("E   assert 2 == 1\n").contains("E   OSError: [Errno 16]");
            assertThat(both.systemOut()).isEqualTo("uploading 2 objects\n");
        }
    }

    @Nested
    class Structure {
        @Test
        void nestedSuitesAreFlattenedAsOuterSlashInnerInStartOrder() {
            JUnitReport report = Fixtures.read("junit/nested/junit.xml");
            assertThat(report.suites()).extracting(TestSuite::name).containsExactly("conformance",
                    "conformance/apps", "conformance/apps/statefulset", "conformance/network", "wrapper-only/inner");
            TestSuite outer = report.suites().get(0);
            assertThat(outer.testCases()).extracting(TestCase::name).containsExactly("setup");
            assertThat(outer.properties()).containsOnly(entry("provider", "azure"), entry("node_count", "3"));
            assertThat(outer.metrics()).containsOnly(entry("node_count", 3.0));
            assertThat(report.suites().get(2).timeSeconds()).as("sum of cases when time is absent").isEqualTo(5.25);
            assertThat(report.suites().get(1).timeSeconds()).isEqualTo(10.0);
        }

        @Test
        void casesRightInTestsuitesGetASuiteOfTheWrappersName() {
            JUnitReport report = parse("<testsuites name=\"loose\"><testcase name=\"a\" time=\"2\"/></testsuites>");
            assertThat(report.suites()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("loose");
                assertThat(s.testCases()).extracting(TestCase::name).containsExactly("a");
            });
        }

        @Test
        void anEmptyTestsuitesIsAnEmptyReport() {
            assertThat(parse("<?xml version=\"1.0\"?>\n<testsuites/>").suites()).isEmpty();
        }

        @Test
        void unknownElementsAndTheirTextAreIgnored() {
            JUnitReport report = parse("""
                    <testsuite name="s"><meta>noise</meta>
                      <testcase name="a" time="1"><custom>x<system-out>not the case's</system-out></custom>
                        <system-out>mine</system-out></testcase>
                      <system-out>suite-level output</system-out>
                    </testsuite>""");
            assertThat(report.testCases()).singleElement().satisfies(c -> assertThat(c.systemOut()).isEqualTo("mine"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "1,5", "1,000.5", " 1.5 ", "-3", "NaN", "Infinity", "soon", ""})
        void oddTimesAreReadOrZero(String time) {
            double t = parse("<testsuite><testcase name=\"a\" time=\"" + time + "\"/></testsuite>")
                    .testCases().get(0).timeSeconds();
            double expected = switch (time) {
                case "1.5", "1,5", " 1.5 " -> 1.5;
                case "1,000.5" -> 1000.5;
                default -> 0;
            };
            assertThat(t).isEqualTo(expected);
        }

        @Test
        void propertiesOfACaseStayWithTheCase() {
            JUnitReport report = parse("""
                    <testsuite name="s"><properties><property name="suite" value="1"/></properties>
                      <testcase name="a"><properties><property name="p99_ms" value="42"/></properties></testcase>
                    </testsuite>""");
            assertThat(report.suites().get(0).properties()).containsOnly(entry("suite", "1"));
            assertThat(report.testCases().get(0).metrics()).containsOnly(entry("p99_ms", 42.0));
        }
    }

    @Nested
    class Concurrency {
        @Test
        void oneReaderServesManyThreadsAtOnce() throws Exception {
            JUnitReader reader = JUnitReader.create();
            List<String> fixtures = List.of("ginkgo-v2/junit_01.xml", "surefire/TEST-io.example.cluster.ClusterApiTest.xml",
                    "pytest/junit.xml", "nested/junit.xml");
            java.util.Map<String, JUnitReport> expected = new java.util.HashMap<>();
            for (String f : fixtures) {
                expected.put(f, reader.read(Fixtures.path("junit/" + f)));
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String f = fixtures.get(i % fixtures.size());
                    results.add(pool.submit(() -> reader.read(Fixtures.path("junit/" + f)).equals(expected.get(f))));
                }
                for (java.util.concurrent.Future<Boolean> r : results) {
                    assertThat(r.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Nested
    class Encodings {
        private static final String DOC = "<?xml version=\"1.0\" encoding=\"%s\"?>\n"
                + "<testsuite name=\"s\"><testcase name=\"café ünïcode\"/></testsuite>\n";

        private JUnitReport read(byte[] bytes) {
            return JUnitReader.create().read(new ByteArrayInputStream(bytes), "enc.xml");
        }

        @Test
        void utf8WithAByteOrderMark() {
            byte[] body = String.format(DOC, "UTF-8").getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[body.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(body, 0, withBom, 3, body.length);
            assertThat(read(withBom).testCases().get(0).name()).isEqualTo("café ünïcode");
        }

        @Test
        void utf16WithAByteOrderMark() {
            assertThat(read(String.format(DOC, "UTF-16").getBytes(StandardCharsets.UTF_16)).testCases().get(0).name())
                    .isEqualTo("café ünïcode");
        }

        @Test
        void aDeclaredLatin1Encoding() {
            assertThat(read(String.format(DOC, "ISO-8859-1").getBytes(StandardCharsets.ISO_8859_1)).testCases().get(0).name())
                    .isEqualTo("café ünïcode");
        }

        @Test
        void anUnknownEncodingIsMalformed() {
            assertThatThrownBy(() -> read(String.format(DOC, "EBCDIC-XYZ").getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                    .hasMessage("enc.xml: declares the unknown encoding 'EBCDIC-XYZ': write it as UTF-8");
        }

        @Test
        void invalidUtf8SaysSoQuietly() {
            assertThatThrownBy(() -> Fixtures.read("junit/hostile/bad-utf8/junit_01.xml"))
                    .hasMessageContaining("has bytes that are not valid in its encoding (near line 2");
        }

        @Test
        void badBytesFarIntoAFileAreFoundByTheirLineAndColumn() {
            // past the decoder's first buffers: the text before the bad byte is parsed, then the error names where it is
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"s\">\n");
            for (int i = 0; i < 500; i++) {
                xml.append("<testcase name=\"case ").append(i).append("\" classname=\"c\" time=\"0.1\"/>\n");
            }
            xml.append("<testcase name=\"bad ");
            byte[] head = xml.toString().getBytes(StandardCharsets.UTF_8);
            byte[] tail = "\"/>\n</testsuite>\n".getBytes(StandardCharsets.UTF_8);
            byte[] doc = new byte[head.length + 1 + tail.length];
            System.arraycopy(head, 0, doc, 0, head.length);
            doc[head.length] = (byte) 0xC3; // a lead byte followed by a quote: not UTF-8
            System.arraycopy(tail, 0, doc, head.length + 1, tail.length);
            assertThatThrownBy(() -> read(doc))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                    .hasMessage("enc.xml: has bytes that are not valid in its encoding (near line 503, column 21): the file"
                            + " is corrupt or mislabelled; write it as UTF-8");
        }
    }

    @Nested
    class Refusals {
        @Test
        void absurdNestingIsMalformedNotAStackOverflow() {
            String xml = "<testsuite>" + "<x>".repeat(10_000) + "</x>".repeat(10_000) + "</testsuite>";
            assertThatThrownBy(() -> parse(xml))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                    .hasMessage("inline.xml: nests elements more than 256 deep: not a JUnit XML file");
        }

        @Test
        void aZeroByteFileIsEmpty() {
            Path empty = Fixtures.path("junit/hostile/empty/junit_01.xml");
            assertThatThrownBy(() -> JUnitReader.create().read(empty))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.EMPTY);
                        assertThat(e.source()).isEqualTo(empty.toString());
                    })
                    .hasMessageStartingWith(empty + ": is empty (0 bytes)");
        }

        @Test
        void aZeroByteStreamIsEmpty() {
            assertThatThrownBy(() -> JUnitReader.create().read(InputStream.nullInputStream(), "junit_01.xml"))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.EMPTY))
                    .hasMessageContaining("junit_01.xml");
        }

        @Test
        void aFileOverTheLimitIsOversizedWithoutBeingRead(@TempDir Path dir) throws IOException {
            Path big = dir.resolve("junit_big.xml");
            Files.writeString(big, "<testsuite>" + "<testcase name=\"a\"/>".repeat(100) + "</testsuite>");
            assertThatThrownBy(() -> JUnitReader.withMaxBytes(1000).read(big))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OVERSIZED))
                    .hasMessageStartingWith(big + ": is larger than the limit of 1000 bytes");
        }

        @Test
        void aStreamOverTheLimitIsOversizedOnceTheLimitIsPassed() {
            byte[] xml = ("<testsuite>" + "<testcase name=\"a\"/>".repeat(2000) + "</testsuite>").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> JUnitReader.withMaxBytes(10_000).read(new ByteArrayInputStream(xml), "gs://b/junit_01.xml"))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OVERSIZED))
                    .hasMessageContaining("gs://b/junit_01.xml");
            assertThat(JUnitReader.withMaxBytes(xml.length).read(new ByteArrayInputStream(xml), "x").testCases()).hasSize(2000);
        }

        @Test
        void theDefaultLimitIs100Megabytes() {
            assertThat(JUnitReader.create().maxBytes()).isEqualTo(100_000_000L);
            assertThatThrownBy(() -> JUnitReader.withMaxBytes(0)).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"truncated", "not-junit", "bad-utf8", "undeclared-entity", "two-roots"})
        void brokenFilesAreMalformedAndNamed(String scenario) {
            Path file = Fixtures.path("junit/hostile/" + scenario + "/junit_01.xml");
            assertThatThrownBy(() -> JUnitReader.create().read(file))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
                        assertThat(e.source()).isEqualTo(file.toString());
                    })
                    .hasMessageStartingWith(file + ": ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ginkgo-v2/junit_01.xml", "surefire/TEST-io.example.cluster.ClusterApiTest.xml",
                "hostile/billion-laughs/junit_01.xml"})
        void aFileCutAnywhereIsRefusedCleanly(String fixture) throws IOException {
            byte[] whole = Files.readAllBytes(Fixtures.path("junit/" + fixture));
            // Every byte of the prolog and the first elements, then a spread over the rest.
            for (int cut = 0; cut < whole.length; cut += cut < 300 ? 1 : 11) {
                byte[] part = java.util.Arrays.copyOf(whole, cut);
                try {
                    JUnitReport report = JUnitReader.create().read(new ByteArrayInputStream(part), "cut-" + cut);
                    // Only a cut in the trailing whitespace leaves a complete document.
                    assertThat(new String(whole, cut, whole.length - cut, StandardCharsets.UTF_8)).isBlank();
                    assertThat(report.testCases()).isNotEmpty();
                } catch (JUnitFormatException e) {
                    assertThat(e.source()).isEqualTo("cut-" + cut);
                    assertThat(e.kind()).isIn(cut == 0 ? Kind.EMPTY : Kind.MALFORMED, Kind.FORBIDDEN_DTD);
                    assertThat(e.getMessage()).startsWith("cut-" + cut + ": ").doesNotContain("\n");
                }
            }
        }

        @Test
        void aHostileSourceNameStaysOnOneLine() {
            String name = "gs://b/logs/job/1/artifacts/junit_\n[ERROR] fake\u202e.xml";
            assertThatThrownBy(() -> JUnitReader.create().read(InputStream.nullInputStream(), name))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.source()).isEqualTo(name))
                    .hasMessageStartingWith("gs://b/logs/job/1/artifacts/junit_\\u000a[ERROR] fake\\u202e.xml: is empty");
            assertThatThrownBy(() -> io.fede2e.layout.Finished.parse(new byte[0], name))
                    .hasMessageStartingWith("gs://b/logs/job/1/artifacts/junit_\\u000a[ERROR] fake\\u202e.xml: is empty");
        }

        @Test
        void truncationSaysWhere() {
            Path file = Fixtures.path("junit/hostile/truncated/junit_01.xml");
            assertThatThrownBy(() -> JUnitReader.create().read(file))
                    .hasMessageContaining("is not well-formed XML at line ")
                    .hasMessageContaining("truncated");
        }

        @Test
        void anHtmlPageIsNotJunit() {
            assertThatThrownBy(() -> Fixtures.read("junit/hostile/not-junit/junit_01.xml"))
                    .hasMessageContaining("has the root element <html>, not <testsuites> or <testsuite>");
        }

        @Test
        void anUnreadableFileIsAnIoError(@TempDir Path dir) {
            Path missing = dir.resolve("junit_missing.xml");
            assertThatThrownBy(() -> JUnitReader.create().read(missing))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(missing.toString());
        }

        @Test
        void aFailingStreamIsAnIoErrorNotMalformed() {
            InputStream failing = new InputStream() {
                private int n;

                @Override
                public int read() throws IOException {
                    if (n++ < 20) {
                        return "<testsuite><testcase".charAt(n - 1);
                    }
                    throw new IOException("connection reset");
                }
            };
            assertThatThrownBy(() -> JUnitReader.create().read(failing, "gs://b/junit_01.xml"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("gs://b/junit_01.xml").hasMessageContaining("connection reset");
        }
    }

    @Nested
    class TextLimits {

        /** {@code head}, then {@code size} bytes of 'x' made as they are read, then {@code tail}. */
        private InputStream generated(String head, long size, String tail) {
            byte[] h = head.getBytes(StandardCharsets.UTF_8);
            byte[] t = tail.getBytes(StandardCharsets.UTF_8);
            return new InputStream() {
                private long pos;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0];
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    long total = h.length + size + t.length;
                    if (pos >= total) {
                        return -1;
                    }
                    int n = (int) Math.min(len, total - pos);
                    for (int i = 0; i < n; i++, pos++) {
                        b[off + i] = pos < h.length ? h[(int) pos]
                                : pos < h.length + size ? (byte) 'x' : t[(int) (pos - h.length - size)];
                    }
                    return n;
                }
            };
        }

        @Test
        void aHugeSystemOutIsKeptOnlyUpToTheLimitWithANote() {
            JUnitReader reader = JUnitReader.withMaxBytes(64L << 20).withMaxTextChars(1000);
            JUnitReport report = reader.read(generated("<testsuite><testcase name=\"t\"><failure message=\"m\">boom"
                    + "</failure><system-out>", 30L << 20, "</system-out></testcase></testsuite>"), "big.xml");

            TestCase c = report.testCases().get(0);
            assertThat(c.systemOut()).hasSize(1000 + "\n[... cut at 1000 characters]".length())
                    .startsWith("xxxx").endsWith("\n[... cut at 1000 characters]");
            assertThat(c.details()).isEqualTo("boom");
            assertThat(c.status()).isEqualTo(TestStatus.FAILED);
        }

        @Test
        void hugeAttributesAndFailureTextsAreCutToo() {
            String message = "m".repeat(5000);
            String xml = "<testsuite><testcase name=\"t\"><failure message=\"" + message + "\">" + "d".repeat(5000)
                    + "</failure></testcase><testcase name=\"u\"><skipped>" + "s".repeat(5000)
                    + "</skipped></testcase></testsuite>";
            JUnitReport report = JUnitReader.create().withMaxTextChars(100)
                    .read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "a.xml");

            TestCase failed = report.testCases().get(0);
            assertThat(failed.message()).startsWith("m".repeat(100)).endsWith("[... cut at 100 characters]")
                    .doesNotContain("m".repeat(101));
            assertThat(failed.details()).startsWith("d".repeat(100)).endsWith("[... cut at 100 characters]");
            assertThat(report.testCases().get(1).message()).startsWith("s".repeat(100))
                    .endsWith("[... cut at 100 characters]");
        }

        @Test
        void anAttributeOfMegabytesIsCutLikeTextAndTheFilesOtherCasesAreKept() {
            // a parser's own attribute limit (Woodstox: 512 KiB) must not lose the file: the file limit bounds it
            JUnitReport report = JUnitReader.withMaxBytes(64L << 20).withMaxTextChars(1000)
                    .read(generated("<testsuite><testcase name=\"t\"><failure message=\"", 3L << 20,
                            "\">boom</failure></testcase><testcase name=\"u\"/></testsuite>"), "attr.xml");

            assertThat(report.testCases().get(0).message()).startsWith("xxxx").endsWith("\n[... cut at 1000 characters]");
            assertThat(report.testCases().get(1).name()).isEqualTo("u");
        }

        @Test
        void textWithinTheLimitIsUntouchedAndTheDefaultIsAMillionCharacters() {
            String xml = "<testsuite><testcase name=\"t\"><system-out>" + "o".repeat(100) + "</system-out>"
                    + "</testcase></testsuite>";
            JUnitReport report = JUnitReader.create().withMaxTextChars(100)
                    .read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "a.xml");
            assertThat(report.testCases().get(0).systemOut()).isEqualTo("o".repeat(100));
            assertThat(JUnitReader.create().maxTextChars()).isEqualTo(JUnitReader.DEFAULT_MAX_TEXT_CHARS)
                    .isEqualTo(1_000_000);
            assertThatThrownBy(() -> JUnitReader.create().withMaxTextChars(0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Dtds {
        @Test
        void theBillionLaughsAreRefusedUnexpanded() {
            Path file = Fixtures.path("junit/hostile/billion-laughs/junit_01.xml");
            assertThatThrownBy(() -> JUnitReader.create().read(file))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN_DTD))
                    .hasMessageStartingWith(file + ": has a DOCTYPE")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("lollol"));
        }

        @Test
        void anXxePayloadNeverReadsTheFile(@TempDir Path dir) throws IOException {
            Path secret = dir.resolve("secret.txt");
            Files.writeString(secret, "TOP-SECRET-7f3a");
            Path file = dir.resolve("junit_01.xml");
            Files.writeString(file, "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \""
                    + secret.toUri() + "\">]>\n<testsuite name=\"x\"><testcase name=\"&xxe;\"><system-out>&xxe;</system-out>"
                    + "</testcase></testsuite>\n");
            assertThatThrownBy(() -> JUnitReader.create().read(file))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN_DTD))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"))
                    .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("TOP-SECRET"));
        }

        @Test
        void anExternalDtdIsNeverFetched(@TempDir Path dir) throws IOException {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                server.setSoTimeout(300);
                Path file = dir.resolve("junit_01.xml");
                Files.writeString(file, "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite SYSTEM \"http://127.0.0.1:"
                        + server.getLocalPort() + "/evil.dtd\">\n<testsuite name=\"x\"/>\n");
                assertThatThrownBy(() -> JUnitReader.create().read(file))
                        .isInstanceOfSatisfying(JUnitFormatException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN_DTD));
                assertThatThrownBy(server::accept).as("no connection was attempted")
                        .isInstanceOf(SocketTimeoutException.class);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"external-dtd", "xxe-parameter-entity"})
        void externalDtdsAreRefusedWithoutFetching(String scenario) {
            // Both point at 127.0.0.1:9 (discard); a fetch would fail with a connection error, not this.
            Path file = Fixtures.path("junit/hostile/" + scenario + "/junit_01.xml");
            assertThatThrownBy(() -> JUnitReader.create().read(file))
                    .isInstanceOfSatisfying(JUnitFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN_DTD))
                    .hasMessageContaining("remove the DOCTYPE");
        }
    }
}
