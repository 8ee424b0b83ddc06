package io.fede2e.provider.hollow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorTests {

    @Nested
    class Labels {

        private final Map<String, String> labels = Map.of("app", "web", "example.com/tier", "front");

        @Test
        void matchesEachOperator() {
            assertThat(LabelSelector.parse("app=web").matches(labels)).isTrue();
            assertThat(LabelSelector.parse("app==web").matches(labels)).isTrue();
            assertThat(LabelSelector.parse("app!=web").matches(labels)).isFalse();
            assertThat(LabelSelector.parse("app in (db, web)").matches(labels)).isTrue();
            assertThat(LabelSelector.parse("app notin (db,web)").matches(labels)).isFalse();
            assertThat(LabelSelector.parse("example.com/tier").matches(labels)).isTrue();
            assertThat(LabelSelector.parse("!example.com/tier").matches(labels)).isFalse();
            assertThat(LabelSelector.parse("missing!=x").matches(labels)).isTrue();
            assertThat(LabelSelector.parse(" app = web , example.com/tier in (front) ").matches(labels)).isTrue();
        }

        @Test
        void anEmptySelectorMatchesEverything() {
            assertThat(LabelSelector.parse("").isEverything()).isTrue();
            assertThat(LabelSelector.parse(null).matches(Map.of())).isTrue();
        }

        @Test
        void anEmptyValueSelectsEmptyLabels() {
            assertThat(LabelSelector.parse("app=").matches(Map.of("app", ""))).isTrue();
            assertThat(LabelSelector.parse("app=").matches(Map.of("app", "web"))).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"app in (a", "=x", "a b=c", "app=<script>", "app,,x", "app in (a,b c)"})
        void rejectsMalformedSelectorsQuotingThem(String text) {
            assertThatThrownBy(() -> LabelSelector.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "'");
        }
    }

    @Nested
    class Fields {

        @Test
        void matchesEqualityAndInequality() {
            Map<String, String> fields = Map.of("spec.nodeName", "n1", "status.phase", "Running");
            assertThat(FieldSelector.parse("spec.nodeName=n1,status.phase!=Pending").matches(f -> fields.getOrDefault(f, "")))
                    .isTrue();
            assertThat(FieldSelector.parse("spec.nodeName==n2").matches(f -> fields.getOrDefault(f, ""))).isFalse();
            assertThat(FieldSelector.parse("spec.nodeName=").matches(f -> "")).isTrue();
        }

        @Test
        void knowsAnExactName() {
            assertThat(FieldSelector.parse("metadata.namespace=a,metadata.name=b").exactName()).isEqualTo("b");
            assertThat(FieldSelector.parse("metadata.name!=b").exactName()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"spec.nodeName", "=x", "spec..x=1", "spec.node Name=1"})
        void rejectsMalformedSelectorsQuotingThem(String text) {
            assertThatThrownBy(() -> FieldSelector.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + text + "'");
        }
    }
}
