package io.fede2e.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataFilesTests {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Nested
    class StartedJson {
        @Test
        void readsProwsVariantKeepingUnknownFields() {
            Started s = Started.parse(Resources.bytes("started/prow/started.json"));
            assertThat(s.timestamp()).isEqualTo(1709266329L);
            assertThat(s.node()).isEqualTo("9f1b0c3e-6a2d-11ee-8c99-0242ac120002");
            assertThat(s.repos()).containsOnlyKeys("kubernetes/kubernetes");
            assertThat(s.repoVersion()).isEqualTo("v1.30.0-alpha.2.514+0a4b0c3e2d1f6e");
            assertThat(s.metadata()).containsEntry("pod", "9f1b0c3e-6a2d-11ee-8c99-0242ac120002")
                    .containsKey("repos");
            assertThat(s.extra()).containsOnly(entry("pull", "118204"),
                    entry("repo-commit", "0a4b0c3e2d1f6e5a7b8c9d0e1f2a3b4c5d6e7f80"));
        }

        @Test
        void readsThe2016UploadScriptVariant() {
            Started s = Started.parse(Resources.bytes("started/upload-to-gcs-2016/started.json"));
            assertThat(s.timestamp()).isEqualTo(1466531200L);
            assertThat(s.node()).isEqualTo("agent-light-7");
            assertThat(s.repoVersion()).isEqualTo("v1.4.0-alpha.1.1001+2e6f5a2c5c8d3e");
            assertThat(s.extra()).isEmpty();
        }

        @Test
        void whenBothOldAndNewNamesAreThereTheOldOnesAreKeptAsUnknown() {
            Started s = Started.parse(Resources.bytes("started/both-node-names/started.json"));
            assertThat(s.timestamp()).as("numeric text").isEqualTo(1717200000L);
            assertThat(s.node()).isEqualTo("pod-1");
            assertThat(s.repoVersion()).isEqualTo("v1.2.3");
            assertThat(s.extra()).containsOnly(entry("jenkins-node", "agent-3"), entry("version", "v1.2.2"),
                    entry("labels", List.of("nightly", "azure")));
            assertThat(Started.parse(s.toJson())).isEqualTo(s);
        }

        @Test
        void missingFieldsAreEmpty() {
            Started s = Started.parse(Resources.bytes("started/minimal/started.json"));
            assertThat(s).isEqualTo(new Started(1717200000L, "", Map.of(), "", Map.of(), Map.of()));
            assertThat(Started.parse("{}".getBytes(StandardCharsets.UTF_8)).timestamp()).isZero();
        }

        @Test
        void writesCanonicalJsonThatFede2eWouldWrite() {
            byte[] fixture = Resources.bytes("started/fede2e/started.json");
            Started s = Started.parse(fixture);
            assertThat(s.metadata()).containsEntry("node-count", 3).containsEntry("provider", "azure");
            assertThat(text(s.toJson())).isEqualTo(text(fixture));
        }

        @Test
        void rewritingKeepsEveryUnknownField() {
            Started s = Started.parse(Resources.bytes("started/prow/started.json"));
            String json = text(s.toJson());
            assertThat(json).contains("\"pull\": \"118204\"").contains("\"repo-commit\": ")
                    .endsWith("}\n").doesNotContain("\r").doesNotContain(" : ");
            assertThat(Started.parse(s.toJson())).isEqualTo(s);
        }

        @Test
        void ofBuildsAFede2eStart() {
            Started s = Started.of(1717200000L, Map.of("provider", "hollow", "node-count", 3));
            assertThat(text(s.toJson())).isEqualTo("""
                    {
                      "metadata": {
                        "node-count": 3,
                        "provider": "hollow"
                      },
                      "node": "",
                      "repo-version": "",
                      "repos": {},
                      "timestamp": 1717200000
                    }
                    """);
        }
    }

    @Nested
    class FinishedJson {
        @Test
        void readsProwsVariant() {
            Finished f = Finished.parse(Resources.bytes("finished/prow/finished.json"));
            assertThat(f.timestamp()).isEqualTo(1709268749L);
            assertThat(f.passed()).isFalse();
            assertThat(f.result()).isEqualTo(Result.FAILURE);
            assertThat(f.metadata()).containsEntry("job-version", "v1.30.0-alpha.2.514+0a4b0c3e2d1f6e")
                    .containsEntry("work-namespace", "test-pods");
            assertThat(f.extra()).containsOnly(entry("revision", "v1.30.0-alpha.2.514+0a4b0c3e2d1f6e"));
        }

        @Test
        void readsThe2016VariantWithResultOnly() {
            Finished f = Finished.parse(Resources.bytes("finished/upload-to-gcs-2016/finished.json"));
            assertThat(f.result()).isEqualTo(Result.SUCCESS);
            assertThat(f.passed()).as("derived from result").isTrue();
            assertThat(f.timestamp()).isEqualTo(1466534800L);
        }

        @Test
        void readsLowercaseStatesAndTopLevelJobVersion() {
            Finished ok = Finished.parse(Resources.bytes("finished/lowercase-success/finished.json"));
            assertThat(ok.result()).isEqualTo(Result.SUCCESS);
            assertThat(ok.metadata()).containsOnly(entry("job-version", "v1.30.2"), entry("provider", "hollow"));
            Finished aborted = Finished.parse(Resources.bytes("finished/lowercase-aborted/finished.json"));
            assertThat(aborted.result()).isEqualTo(Result.ABORTED);
            assertThat(aborted.passed()).isFalse();
        }

        @Test
        void passedAloneGivesTheResult() {
            Finished f = Finished.parse(Resources.bytes("finished/passed-only/finished.json"));
            assertThat(f.result()).isEqualTo(Result.FAILURE);
        }

        @Test
        void anUnknownResultIsKeptAsItWasAndWrittenBack() {
            Finished f = Finished.parse(Resources.bytes("finished/unknown-result/finished.json"));
            assertThat(f.result()).isNull();
            assertThat(f.passed()).isNull();
            assertThat(f.extra()).containsEntry("result", "PENDING").containsKey("ci");
            assertThat(text(f.toJson())).contains("\"result\": \"PENDING\"").contains("\"attempt\": 2");
            assertThat(Finished.parse(f.toJson())).isEqualTo(f);
        }

        @Test
        void anEmptyObjectHasNothing() {
            Finished f = Finished.parse(Resources.bytes("finished/minimal/finished.json"));
            assertThat(f).isEqualTo(new Finished(null, null, null, Map.of(), Map.of()));
            assertThat(text(f.toJson())).isEqualTo("{\n  \"metadata\": {}\n}\n");
        }

        @Test
        void writesCanonicalJson() {
            Finished f = Finished.of(1717203600L, Result.ABORTED, Map.of("job-version", "v1.30.2"));
            assertThat(text(f.toJson())).isEqualTo("""
                    {
                      "metadata": {
                        "job-version": "v1.30.2"
                      },
                      "passed": false,
                      "result": "ABORTED",
                      "timestamp": 1717203600
                    }
                    """);
            assertThat(Finished.parse(f.toJson())).isEqualTo(f);
        }

        @Test
        void decimalsInMetadataSurviveExactly() {
            Finished f = Finished.parse("{\"metadata\": {\"ratio\": 0.10, \"huge\": 123456789012345678901234567890}}"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(f.metadata().get("ratio")).isEqualTo(new BigDecimal("0.10"));
            assertThat(text(f.toJson())).contains("\"ratio\": 0.10").contains("123456789012345678901234567890");
        }

        @ParameterizedTest
        @CsvSource({"\"true\",true", "\"FALSE\",false", "true,true"})
        void passedMayBeText(String passed, boolean expected) {
            Finished f = Finished.parse(("{\"passed\": " + passed + "}").getBytes(StandardCharsets.UTF_8));
            assertThat(f.passed()).isEqualTo(expected);
        }
    }

    @Nested
    class BadJson {
        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(delimiter = '|', value = {
                "truncated|is not valid JSON at line 4",
                "not-json|is not valid JSON at line 1",
                "array|is a JSON array, not an object",
                "empty|is empty: expected a JSON object",
                "trailing-garbage|is not valid JSON at line 2",
                "null|is a JSON null, not an object"})
        void isAClearErrorNamingTheFile(String scenario, String expected) {
            String source = "gs://bucket/logs/job/7/finished.json";
            byte[] bytes = Resources.bytes("json-hostile/" + scenario + "/finished.json");
            assertThatThrownBy(() -> Finished.parse(bytes, source))
                    .isInstanceOf(LayoutException.class)
                    .hasMessageStartingWith(source + ": " + expected)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThatThrownBy(() -> Started.parse(bytes, "/run/started.json"))
                    .hasMessageStartingWith("/run/started.json: " + expected);
        }

        @Test
        void withoutASourceTheFileNameIsUsed() {
            byte[] bytes = Resources.bytes("json-hostile/truncated/finished.json");
            assertThatThrownBy(() -> Finished.parse(bytes)).hasMessageStartingWith("finished.json: is not valid JSON");
            assertThatThrownBy(() -> Started.parse(bytes)).hasMessageStartingWith("started.json: is not valid JSON");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"timestamp\": 1,", "{\"a\": \"\u0001\"}", "{'a': 1}", "\uFEFF"})
        void otherBrokenTextIsRefusedToo(String json) {
            assertThatThrownBy(() -> Started.parse(json.getBytes(StandardCharsets.UTF_8), "x/started.json"))
                    .isInstanceOf(LayoutException.class).hasMessageStartingWith("x/started.json: ");
        }
    }

    @Nested
    class LatestBuildTxt {
        @ParameterizedTest
        @ValueSource(strings = {"prow", "echo-newline", "crlf"})
        void readsTheIdWhateverTheWhitespace(String scenario) {
            assertThat(LatestBuild.parse(Resources.bytes("latest-build/" + scenario + "/latest-build.txt"), "x"))
                    .isEqualTo(new BuildId(1234));
        }

        @Test
        void formatsItBareAsProwDoes() {
            assertThat(LatestBuild.format(new BuildId(1234))).isEqualTo("1234");
            assertThat(LatestBuild.toBytes(new BuildId(7))).isEqualTo(new byte[] {'7'});
            assertThat(LatestBuild.parse(LatestBuild.toBytes(new BuildId(99)), "x")).isEqualTo(new BuildId(99));
        }

        @Test
        void garbageIsAClearErrorNamingTheObject() {
            String source = "gs://b/logs/job/latest-build.txt";
            assertThatThrownBy(() -> LatestBuild.parse(Resources.bytes("latest-build/garbage/latest-build.txt"), source))
                    .isInstanceOf(LayoutException.class)
                    .hasMessageStartingWith(source + ": '<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code></Error>'"
                            + " is not a build id: expected bare decimal text such as 42");
            assertThatThrownBy(() -> LatestBuild.parse(Resources.bytes("latest-build/empty/latest-build.txt"), source))
                    .hasMessageStartingWith(source + ": is empty");
            assertThatThrownBy(() -> LatestBuild.parse("12 13", null))
                    .hasMessageStartingWith("latest-build.txt: '12 13' is not a build id");
            assertThatThrownBy(() -> LatestBuild.parse("-3\n", source)).hasMessageContaining("is not a build id");
        }

        @Test
        void hugeContentIsNotEchoed() {
            byte[] big = "9".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> LatestBuild.parse(big, "x"))
                    .hasMessage("x: holds 10000 bytes, not a build id: expected bare decimal text such as 42;"
                            + " rewrite it with the newest build id");
        }
    }
}
