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
}
