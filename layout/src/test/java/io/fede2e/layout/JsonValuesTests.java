package io.fede2e.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTests {

    private static Object read(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            return JsonValues.read(p);
        }
    }

    @Test
    void readsEveryKindOfValueKeepingTheDocumentOrder() throws IOException {
        Object v = read("{\"z\": 1, \"a\": [true, false, null, \"s\\u00e9\"], \"big\": 12345678901234,"
                + " \"f\": 0.1, \"o\": {}}");

        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("z", "a", "big", "f", "o");
        assertThat(m.get("z")).isEqualTo(1);
        assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(true, false, null, "sé"));
        assertThat(m.get("big")).isEqualTo(12345678901234L);
        assertThat(m.get("f")).as("decimals keep their digits").isEqualTo(new BigDecimal("0.1"));
        assertThat(m.get("o")).isEqualTo(Map.of());
    }

    @Test
    void aLaterDuplicateKeyWins() throws IOException {
        assertThat(read("{\"k\": 1, \"k\": 2}")).isEqualTo(Map.of("k", 2));
    }

    @Test
    void readsATopLevelArrayOrScalar() throws IOException {
        assertThat(read("[1, [2]]")).isEqualTo(List.of(1, List.of(2)));
        assertThat(read("\"x\"")).isEqualTo("x");
    }

    @Test
    void truncatedInputIsAParseErrorNotAPartialValue() {
        assertThatThrownBy(() -> read("{\"k\": [1, 2")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("unexpected end of the input");
    }

    private static String write(Object value) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = new JsonFactory().createGenerator(out)) {
            JsonValues.write(g, value);
        }
        return out.toString();
    }

    @Test
    void writesBackWhatItReadsByteForByteWhenCompact() throws IOException {
        String json = "{\"z\":1,\"a\":[true,false,null,\"s\\\"q\"],\"big\":123456789012345678901234,\"f\":0.10}";
        assertThat(write(read(json))).isEqualTo(json);
    }

    @Test
    void writesDoublesAndRefusesATypeWithoutAJsonForm() throws IOException {
        assertThat(write(List.of(1.5d, 2L))).isEqualTo("[1.5,2]");
        assertThatThrownBy(() -> write(Map.of("when", java.time.Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant");
    }
}
