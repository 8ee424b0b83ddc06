package io.fede2e.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTests {

    @Nested
    class Percentiles {

        @Test
        void nearestRankOverOneToHundred() {
            List<Duration> samples = new ArrayList<>();
            IntStream.rangeClosed(1, 100).forEach(i -> samples.add(Duration.ofMillis(101 - i)));

            LatencySummary s = LatencySummary.of(samples);

            assertThat(s).isEqualTo(new LatencySummary(100, 50, 90, 99, 100));
        }

        @Test
        void oneSampleIsEveryPercentile() {
            assertThat(LatencySummary.of(List.of(Duration.ofMillis(7)))).isEqualTo(new LatencySummary(1, 7, 7, 7, 7));
        }

        @Test
        void noSamplesGiveZeros() {
            assertThat(LatencySummary.of(List.of())).isEqualTo(new LatencySummary(0, 0, 0, 0, 0));
        }

        @Test
        void p99OfTenSamplesIsTheLargest() {
            List<Duration> samples = IntStream.rangeClosed(1, 10).mapToObj(i -> Duration.ofMillis(i * 10L)).toList();

            assertThat(LatencySummary.of(samples).p99Ms()).isEqualTo(100);
            assertThat(LatencySummary.of(samples).p90Ms()).isEqualTo(90);
        }

        @Test
        void aNegativeCountIsRejected() {
            assertThatThrownBy(() -> new LatencySummary(-1, 0, 0, 0, 0)).hasMessageContaining("count -1");
        }
    }

    @Nested
    class ApiCalls {

        @Test
        void callsAreTimedPerVerbAndResource() {
            ApiCallRecorder recorder = new ApiCallRecorder();

            String result = recorder.time("POST", "pods", () -> "created");
            recorder.record("GET", "pods", Duration.ofMillis(3));
            recorder.record("GET", "pods", Duration.ofMillis(5));

            assertThat(result).isEqualTo("created");
            assertThat(recorder.summaries()).containsOnlyKeys("GET pods", "POST pods");
            assertThat(recorder.summaries().get("GET pods")).isEqualTo(new LatencySummary(2, 3, 5, 5, 5));
        }

        @Test
        void aFailingCallIsTimedToo() {
            ApiCallRecorder recorder = new ApiCallRecorder();

            assertThatThrownBy(() -> recorder.time("DELETE", "pods", () -> {
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(recorder.samples("DELETE", "pods")).hasSize(1);
        }
    }

    @Nested
    class PerfDashJson {

        @TempDir
        Path dir;

        PerfData sample() {
            return new PerfData().add(new LatencySummary(3, 1.25, 2.04, 3.0, 3.0), Map.of("Metric", "pod_startup"))
                    .add(new LatencySummary(2, 0.5, 0.6, 0.6, 0.6), Map.of("Verb", "POST", "Resource", "pods",
                            "Metric", "api_call"))
                    .fact("pods", 3).fact("nodes", 1);
        }

        @Test
        void hasThePerfDashShapeWithSortedLabelsAndRoundedValues() {
            String json = sample().toJson();

            assertThat(json).isEqualTo("""
                    {
                      "version" : "v1",
                      "dataItems" : [ {
                        "data" : {
                          "Perc50" : 1.3,
                          "Perc90" : 2.0,
                          "Perc99" : 3.0,
                          "Max" : 3.0
                        },
                        "unit" : "ms",
                        "labels" : {
                          "Count" : "3",
                          "Metric" : "pod_startup"
                        }
                      }, {
                        "data" : {
                          "Perc50" : 0.5,
                          "Perc90" : 0.6,
                          "Perc99" : 0.6,
                          "Max" : 0.6
                        },
                        "unit" : "ms",
                        "labels" : {
                          "Count" : "2",
                          "Metric" : "api_call",
                          "Resource" : "pods",
                          "Verb" : "POST"
                        }
                      } ],
                      "facts" : {
                        "nodes" : 1,
                        "pods" : 3
                      }
                    }
                    """);
        }

        @Test
        void isWrittenWholeIntoNewDirectories() throws Exception {
            Path file = dir.resolve("artifacts/metrics/density.json");

            sample().write(file);

            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(sample().toJson());
            try (var files = Files.list(file.getParent())) {
                assertThat(files).containsExactly(file);
            }
        }

        @Test
        void anUnwritableDirectoryIsAClearError() throws Exception {
            Path blocker = Files.writeString(dir.resolve("artifacts"), "a file, not a directory");

            assertThatThrownBy(() -> sample().write(blocker.resolve("metrics/density.json")))
                    .hasMessageContaining("cannot write metrics to").hasMessageContaining("fede2e.artifacts");
        }
    }
}
