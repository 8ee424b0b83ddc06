package io.fede2e.runner.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fede2e.runner.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateTests {

    @TempDir
    Path dir;

    @Nested
    class Write {
        @Test
        void writesSortedIndentedJsonThatReadsBack() throws IOException {
            ClusterState state = new ClusterState("hollow", Map.of("nodes", "3", "context", "kind"),
                    Map.of("run-id", "job-7"), "/tmp/kc \"q\"", List.of("dns", "container-runtime"));
            Path file = dir.resolve("state.json");
            state.write(file);
            assertThat(Files.readString(file)).isEqualTo("""
                    {
                      "capabilities" : [ "container-runtime", "dns" ],
                      "kubeconfig" : "/tmp/kc \\"q\\"",
                      "options" : {
                        "context" : "kind",
                        "nodes" : "3"
                      },
                      "provider" : "hollow",
                      "state" : {
                        "run-id" : "job-7"
                      }
                    }
                    """);
            assertThat(ClusterState.read(file)).isEqualTo(state);
        }

        @Test
        void writesEmptyMapsAndListsThatReadBack() {
            ClusterState state = new ClusterState("existing", Map.of(), Map.of(), "", List.of());
            Path file = dir.resolve("state.json");
            state.write(file);
            assertThat(ClusterState.read(file)).isEqualTo(state);
        }
    }

    @Nested
    class Read {
        @Test
        void turnsOtherJsonValuesIntoStringsAndIgnoresUnknownKeys() throws IOException {
            Path file = write("""
                    {"provider": "hollow", "future": {"a": [1, {"b": null}]}, "options": {"nodes": 3, "fast": true,
                     "ratio": 0.5, "none": null}, "state": {}, "capabilities": ["dns", 7]}
                    """);
            ClusterState s = ClusterState.read(file);
            assertThat(s.options()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("nodes", "3", "fast", "true", "ratio", "0.5", "none", "null"));
            assertThat(s.capabilities()).containsExactly("7", "dns");
            assertThat(s.kubeconfig()).isEmpty();
        }

        @Test
        void aMissingFileSaysHowToMakeOne() {
            assertThatThrownBy(() -> ClusterState.read(dir.resolve("nope.json")))
                    .isInstanceOf(CliException.class).hasMessageContaining("no cluster state file")
                    .hasMessageContaining("fede2e up");
        }

        @Test
        void malformedJsonIsAUsageErrorNamingTheFile() throws IOException {
            Path file = write("{\"provider\": \"hollow\", ");
            assertThatThrownBy(() -> ClusterState.read(file)).isInstanceOf(CliException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("is unreadable or not JSON")
                    .hasMessageContaining("run fede2e up again")
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(CliException.USAGE));
        }

        @Test
        void anEmptyFileOrATopLevelArrayIsNotAStateFile() throws IOException {
            Path empty = write("");
            Path array = dir.resolve("array.json");
            Files.writeString(array, "[\"hollow\"]");
            assertThatThrownBy(() -> ClusterState.read(empty)).hasMessageContaining("is unreadable or not JSON");
            assertThatThrownBy(() -> ClusterState.read(array)).hasMessageContaining("is unreadable or not JSON");
        }

        @Test
        void aFileWithoutAProviderSaysSo() throws IOException {
            Path file = write("{\"provider\": \" \", \"kubeconfig\": \"/k\"}");
            assertThatThrownBy(() -> ClusterState.read(file)).hasMessageContaining("names no provider");
        }

        private Path write(String json) throws IOException {
            Path file = dir.resolve("state.json");
            Files.writeString(file, json);
            return file;
        }
    }
}
