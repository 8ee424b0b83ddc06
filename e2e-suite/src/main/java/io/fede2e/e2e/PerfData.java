package io.fede2e.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency figures in the perf-dash format of Kubernetes' performance tests
 * ({@code {"version":"v1","dataItems":[{"data":{"Perc50":..},"unit":"ms","labels":{..}}]}}), plus
 * free-form facts about the run. Output is deterministic: sorted labels, values rounded to 0.1 ms,
 * UTF-8 with '\n'.
 */
public final class PerfData {

    private final List<Map<String, Object>> items = new ArrayList<>();
    private final Map<String, Object> facts = new TreeMap<>();

    /** Adds one latency summary with its labels (for example {@code Metric=pod_startup}). */
    public PerfData add(LatencySummary summary, Map<String, String> labels) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Perc50", round(summary.p50Ms()));
        data.put("Perc90", round(summary.p90Ms()));
        data.put("Perc99", round(summary.p99Ms()));
        data.put("Max", round(summary.maxMs()));
        Map<String, String> sortedLabels = new TreeMap<>(labels);
        sortedLabels.put("Count", Integer.toString(summary.count()));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("data", data);
        item.put("unit", "ms");
        item.put("labels", sortedLabels);
        items.add(item);
        return this;
    }

    /** Adds a fact about the run, for example {@code pods=90}. */
    public PerfData fact(String key, Object value) {
        facts.put(key, value);
        return this;
    }

    /** The JSON text, ending in a newline. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "v1");
        root.put("dataItems", items);
        root.put("facts", facts);
        try {
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
            return json.replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render perf data: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the JSON to {@code file} (parents created) through a temporary file, so no half file remains. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics to " + file + ": " + e.getMessage()
                    + "; check that the artifacts directory (fede2e.artifacts) is writable", e);
        }
    }

    private static double round(double ms) {
        return BigDecimal.valueOf(ms).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
