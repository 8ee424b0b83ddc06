package io.fede2e.dashboard.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DataFilesTests {

    @Nested
    class Json {

        @Test
        void writesWhatJacksonDataBindingWrote() throws Exception {
            // the data files were written by an ObjectMapper before; programs reading them must
            // see the same bytes from the streaming writer
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("latest", "FAIL");
            cell.put("runs", 101);
            cell.put("flakiness", 33.333333333333336);
            cell.put("passRate", 0.9);
            cell.put("none", null);
            cell.put("newest", 1_795_000_000L);
            cell.put("tiny", 1.0E-7);
            cell.put("whole", 100.0);
            cell.put("flag", true);
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("test", "<script>alert(\"1\")</script> \u2028 \t\n\u0001 \ud83d\ude00 \\");
            root.put("tags", List.of("[Conformance]", "", "[Feature:IPv6]"));
            root.put("providers", Map.of("azure", cell));
            root.put("points", List.of(List.of(1_795_000_000L, 12.5, 7L), List.of()));
            root.put("empty", Map.of());
            List<Object> withNull = new ArrayList<>(Arrays.asList("a", null, 3));
            root.put("mixed", withNull);

            assertThat(DataFiles.json(root)).isEqualTo(new ObjectMapper().writeValueAsString(root) + "\n");
        }

        @Test
        void refusesAValueItHasNoFormFor() {
            assertThatThrownBy(() -> DataFiles.json(Map.of("when", java.time.Instant.EPOCH)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.time.Instant");
        }
    }
}
