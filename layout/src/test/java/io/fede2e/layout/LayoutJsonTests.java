package io.fede2e.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayoutJsonTests {

    /** How the files were read before the streaming reader: data binding, decimals exact. */
    private static final ObjectMapper BINDING = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    class ReadsWhatDataBindingRead {

        private static final String HOSTILE = """
                {"timestamp": 1.7e9, "node": {"a": [1, 2.50, null, "x\\u0000\\"y"]}, "repos": {"k/k": 12, "n": null},
                 "metadata": {"big": 123456789012345678901234567890, "long": 9007199254740993, "int": -3,
                   "ratio": 0.10, "e": 1E+3, "t": true, "n": null, "deep": {"l": [[{}], []]}, "s": "\\u2028<b>"},
                 "dup": 1, "dup": "second", "gone": null, "extra": [0.0, -0, "\\ud83d\\ude00"]}
                """;

        @Test
        void metadataAndUnknownFieldsKeepTheirJavaTypes() throws Exception {
            Started s = Started.parse(utf8(HOSTILE), "x/started.json");
            Map<String, Object> tree = BINDING.readValue(HOSTILE, BINDING.getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, Object.class));
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) tree.get("metadata");
            assertThat(s.metadata()).isEqualTo(new TreeMap<>(withoutNulls(metadata)));
            assertThat(s.metadata().get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
            assertThat(s.metadata().get("long")).isEqualTo(9007199254740993L);
            assertThat(s.metadata().get("int")).isEqualTo(-3);
            assertThat(s.metadata().get("ratio")).isEqualTo(new BigDecimal("0.10"));
            assertThat(s.extra()).containsOnlyKeys("dup", "extra").containsEntry("dup", "second")
                    .containsEntry("extra", tree.get("extra"));
            assertThat(s.timestamp()).isEqualTo(1_700_000_000L);
        }

        @Test
        void textOfAnObjectOrNumberIsWhatATreeNodeGave() throws Exception {
            Started s = Started.parse(utf8(HOSTILE), "x/started.json");
            JsonNode tree = BINDING.readTree(HOSTILE);
            assertThat(s.node()).isEqualTo(tree.get("node").toString());
            assertThat(s.repos()).containsOnly(Map.entry("k/k", tree.get("repos").get("k/k").asText()),
                    Map.entry("n", ""));
            Finished f = Finished.parse(utf8("{\"job-version\": 1.50, \"result\": null, \"passed\": \" TRUE \"}"));
            assertThat(f.metadata()).containsOnly(Map.entry("job-version", "1.50"));
            assertThat(f.passed()).isTrue();
            assertThat(f.result()).as("a null result is dropped, then derived from passed").isEqualTo(Result.SUCCESS);
            assertThat(f.extra()).isEmpty();
        }

        private Map<String, Object> withoutNulls(Map<String, Object> m) {
            Map<String, Object> copy = new LinkedHashMap<>(m);
            copy.values().removeIf(v -> v == null);
            return copy;
        }
    }

    @Nested
    class Refuses {

        @ParameterizedTest
        @ValueSource(strings = {"{} {}", "{}]", "[1, 2", "{\"a\": 1} x"})
        void anythingAfterOrInsteadOfOneObject(String json) {
            assertThatThrownBy(() -> Finished.parse(utf8(json), "b/finished.json"))
                    .isInstanceOf(LayoutException.class)
                    .hasMessageStartingWith("b/finished.json: is not valid JSON at line 1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"text\"|string", "12|number", "1.5|number", "true|boolean", "[]|array"})
        void aValueThatIsNotAnObjectByItsKind(String scenario) {
            String[] parts = scenario.split("\\|");
            assertThatThrownBy(() -> Started.parse(utf8(parts[0]), "s.json"))
                    .hasMessageStartingWith("s.json: is a JSON " + parts[1] + ", not an object");
        }

        @Test
        void whitespaceAloneHoldsNoValue() {
            assertThatThrownBy(() -> Started.parse(utf8(" \n\t"), "s.json"))
                    .hasMessageStartingWith("s.json: holds no JSON value");
        }
    }
}
