package io.fede2e.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Jackson glue for started.json and finished.json; tolerant on read, canonical on write. */
final class LayoutJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private LayoutJson() {
    }

    static <V> Map<String, V> sortedCopy(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        // TreeMap keeps a stable order for output; unmodifiable so records stay values.
        TreeMap<String, V> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static ObjectNode object(byte[] json, String file) {
        if (json == null || json.length == 0) {
            throw new LayoutException(file + " is empty: expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new LayoutException(file + " is not valid JSON (" + firstLine(e) + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new LayoutException(file + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static Started parseStarted(byte[] json) {
        ObjectNode o = object(json, "started.json");
        long timestamp = longOf(o.remove("timestamp"), 0L);
        String node = textOf(o.remove("node"));
        String jenkinsNode = textOf(o.remove("jenkins-node"));
        if (node.isEmpty()) {
            node = jenkinsNode;
        }
        String repoVersion = textOf(o.remove("repo-version"));
        String version = textOf(o.remove("version"));
        if (repoVersion.isEmpty()) {
            repoVersion = version;
        }
        Map<String, String> repos = new LinkedHashMap<>();
        JsonNode r = o.remove("repos");
        if (r != null && r.isObject()) {
            r.fields().forEachRemaining(e -> repos.put(e.getKey(), textOf(e.getValue())));
        }
        Map<String, Object> metadata = mapOf(o.remove("metadata"));
        Map<String, Object> extra = MAPPER.convertValue(o, MAP);
        return new Started(timestamp, node, repos, repoVersion, metadata, extra);
    }

    static Finished parseFinished(byte[] json) {
        ObjectNode o = object(json, "finished.json");
        JsonNode ts = o.remove("timestamp");
        Long timestamp = ts == null || ts.isNull() ? null : longOf(ts, 0L);
        JsonNode p = o.remove("passed");
        Boolean passed = null;
        if (p != null && p.isBoolean()) {
            passed = p.booleanValue();
        } else if (p != null && p.isTextual()) {
            passed = Boolean.parseBoolean(p.textValue().trim());
        }
        Result result = Result.parseLenient(textOrNull(o.remove("result")));
        Map<String, Object> metadata = mapOf(o.remove("metadata"));
        // The 2016 scripts wrote job-version at top level.
        JsonNode jobVersion = o.remove("job-version");
        if (jobVersion != null && !metadata.containsKey("job-version")) {
            metadata = new LinkedHashMap<>(metadata);
            metadata.put("job-version", textOf(jobVersion));
        }
        Map<String, Object> extra = MAPPER.convertValue(o, MAP);
        return new Finished(timestamp, passed, result, metadata, extra);
    }

    private static Map<String, Object> mapOf(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        return MAPPER.convertValue(n, MAP);
    }

    private static String textOf(JsonNode n) {
        String t = textOrNull(n);
        return t == null ? "" : t;
    }

    private static String textOrNull(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static long longOf(JsonNode n, long dflt) {
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return (long) Double.parseDouble(n.textValue().trim());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    static byte[] write(Started s) {
        Map<String, Object> m = new TreeMap<>(s.extra());
        m.put("timestamp", s.timestamp());
        m.put("node", s.node());
        m.put("repos", s.repos());
        m.put("repo-version", s.repoVersion());
        m.put("metadata", s.metadata());
        return bytes(m);
    }

    static byte[] write(Finished f) {
        Map<String, Object> m = new TreeMap<>(f.extra());
        if (f.timestamp() != null) {
            m.put("timestamp", f.timestamp());
        }
        if (f.passed() != null) {
            m.put("passed", f.passed());
        }
        if (f.result() != null) {
            m.put("result", f.result().name());
        }
        m.put("metadata", f.metadata());
        return bytes(m);
    }

    private static byte[] bytes(Map<String, Object> m) {
        try {
            String text = MAPPER.writeValueAsString(m).replace("\r\n", "\n") + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new LayoutException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
