package io.fede2e.provider.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterSpecTests {

    private static ClusterSpec withOptions(Map<String, String> options) {
        return new ClusterSpec("c1", 3, "v1.33.0", options);
    }

    @Nested
    class Construction {

        @ParameterizedTest
        @ValueSource(strings = {"a", "e2e-1", "0abc", "a234567890123456789012345678901234567890"})
        void acceptsDnsLabelNames(String name) {
            assertThat(new ClusterSpec(name, 1, "v1.33.0", Map.of()).name()).isEqualTo(name);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-a", "a-", "Upper", "a_b", "a.b", "a2345678901234567890123456789012345678901",
            "<script>"})
        void rejectsOtherNamesQuotingThem(String name) {
            assertThatThrownBy(() -> new ClusterSpec(name, 1, "v1.33.0", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cluster name '" + name + "'");
        }

        @Test
        void needsAtLeastOneNode() {
            assertThatThrownBy(() -> new ClusterSpec("c", 0, "v1.33.0", Map.of()))
                    .hasMessage("node count 0 must be at least 1");
        }

        @Test
        void needsANameAndVersion() {
            assertThatThrownBy(() -> new ClusterSpec(null, 1, "v1", Map.of())).isInstanceOf(NullPointerException.class)
                    .hasMessage("name");
            assertThatThrownBy(() -> new ClusterSpec("c", 1, null, Map.of())).isInstanceOf(NullPointerException.class)
                    .hasMessage("kubernetesVersion");
        }

        @Test
        void copiesOptionsSoLaterChangesDoNotLeakIn() {
            Map<String, String> options = new HashMap<>(Map.of("a", "1"));
            ClusterSpec spec = withOptions(options);
            options.put("b", "2");

            assertThat(spec.options()).containsOnlyKeys("a");
            assertThatThrownBy(() -> spec.options().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void treatsMissingOptionsAsNone() {
            assertThat(withOptions(null).options()).isEmpty();
        }
    }

    @Nested
    class Accessors {

        private final ClusterSpec spec = withOptions(Map.of("port", " 8080 ", "debug", "YES", "delay", "250ms",
                "iso", "PT2M", "bad", "lots", "blank", " "));

        @Test
        void plainOptions() {
            assertThat(spec.option("port")).contains(" 8080 ");
            assertThat(spec.option("missing")).isEmpty();
            assertThat(spec.option("missing", "dflt")).isEqualTo("dflt");
        }

        @Test
        void integers() {
            assertThat(spec.intOption("port", 1)).isEqualTo(8080);
            assertThat(spec.intOption("missing", 7)).isEqualTo(7);
            assertThatThrownBy(() -> spec.intOption("bad", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("provider option bad='lots' is not an integer; pass --provider-opt bad=<number>");
        }

        @Test
        void booleans() {
            assertThat(spec.booleanOption("debug", false)).isTrue();
            assertThat(withOptions(Map.of("x", "0")).booleanOption("x", true)).isFalse();
            assertThat(spec.booleanOption("missing", true)).isTrue();
            assertThatThrownBy(() -> spec.booleanOption("bad", false))
                    .hasMessageContaining("provider option bad='lots' is not a boolean");
        }

        @Test
        void durations() {
            assertThat(spec.durationOption("delay", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
            assertThat(spec.durationOption("iso", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
            assertThat(spec.durationOption("missing", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
            assertThatThrownBy(() -> spec.durationOption("bad", Duration.ZERO))
                    .hasMessage("provider option bad='lots' is not a duration; use e.g. 500ms, 30s, 5m or 1h");
            assertThatThrownBy(() -> withOptions(Map.of("d", "PTx")).durationOption("d", Duration.ZERO))
                    .hasMessageContaining("provider option d='PTx' is not a duration");
        }

        @Test
        void requiredOptions() {
            assertThat(spec.requiredOption("port")).isEqualTo(" 8080 ");
            assertThatThrownBy(() -> spec.requiredOption("missing"))
                    .hasMessage("provider option missing is required; pass --provider-opt missing=<value>");
            assertThatThrownBy(() -> spec.requiredOption("blank")).hasMessageContaining("provider option blank is required");
        }

        @Test
        void parsesEveryDurationUnit() {
            assertThat(ClusterSpec.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
            assertThat(ClusterSpec.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
            assertThat(ClusterSpec.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
            assertThatThrownBy(() -> ClusterSpec.parseDuration("-5s")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClusterSpec.parseDuration("5 s")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
