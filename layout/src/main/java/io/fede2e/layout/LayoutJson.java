package io.fede2e.layout;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jackson glue for started.json and finished.json; tolerant on read, canonical on write.
 *
 * <p>Canonical means: keys sorted at every level, two-space indent, {@code "key": value} as Go's
 * {@code json.MarshalIndent} writes it for Prow, UTF-8, a final newline; the same record always
 * gives the same bytes.
 */
final class LayoutJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // keeps 0.10 as written, not 0.1: metadata is rewritten as it was read
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private LayoutJson() {
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter p = new DefaultPrettyPrinter().withSeparators(separators);
        p.indentObjectsWith(indenter);
        p.indentArraysWith(indenter);
        return p;
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

    private static ObjectNode object(byte[] json, String name) {
        String source = LayoutException.printable(name, 1000);
        if (json == null || json.length == 0) {
            throw new LayoutException(source + ": is empty: expected a JSON object such as {\"timestamp\": 1700000000};"
                    + " the upload was probably interrupted, re-run it");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new LayoutException(source + ": is not valid JSON" + where + " (" + oneLine(e.getOriginalMessage())
                    + "): the file is truncated or corrupt; re-upload it", e);
        } catch (IOException e) {
            throw new LayoutException(source + ": cannot be read as JSON (" + oneLine(e.getMessage()) + ")", e);
        }
        if (node == null || node.isMissingNode()) {
            throw new LayoutException(source + ": holds no JSON value: expected a JSON object such as"
                    + " {\"timestamp\": 1700000000}");
        }
        if (!node.isObject()) {
            throw new LayoutException(source + ": is a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an object: expected {\"timestamp\": ...}");
        }
        return (ObjectNode) node;
    }

    private static String oneLine(String m) {
        String s = LayoutException.printable(String.valueOf(m).replace('\n', ' ').replace('\r', ' '));
        return s.strip();
    }

    static Started parseStarted(byte[] json, String source) {
        ObjectNode o = object(json, source);
        long timestamp = longOf(o.remove("timestamp"), 0L);
        String node = textOf(o.remove("node"));
        // The 2016 upload-to-gcs.sh wrote jenkins-node and version; when the newer name is also
        // there the older field stays as an unknown one, so nothing is lost on rewrite.
        if (node.isEmpty() && o.has("jenkins-node")) {
            node = textOf(o.remove("jenkins-node"));
        }
        String repoVersion = textOf(o.remove("repo-version"));
        if (repoVersion.isEmpty() && o.has("version")) {
            repoVersion = textOf(o.remove("version"));
        }
        Map<String, String> repos = new LinkedHashMap<>();
        JsonNode r = o.get("repos");
        if (r != null && r.isObject()) {
            o.remove("repos");
            r.properties().forEach(e -> repos.put(e.getKey(), textOf(e.getValue())));
        }
        Map<String, Object> metadata = mapOf(o, "metadata");
        Map<String, Object> extra = MAPPER.convertValue(o, MAP);
        return new Started(timestamp, node, repos, repoVersion, metadata, extra);
    }

    static Finished parseFinished(byte[] json, String source) {
        ObjectNode o = object(json, source);
        JsonNode ts = o.remove("timestamp");
        Long timestamp = ts == null || ts.isNull() ? null : longOrNull(ts);
        Boolean passed = null;
        JsonNode p = o.get("passed");
        if (p != null && p.isBoolean()) {
            passed = p.booleanValue();
            o.remove("passed");
        } else if (p != null && p.isTextual() && isBoolean(p.textValue())) {
            passed = Boolean.parseBoolean(p.textValue().strip().toLowerCase(java.util.Locale.ROOT));
            o.remove("passed");
        }
        Result result = null;
        JsonNode res = o.get("result");
        if (res != null && (res.isNull() || (result = Result.parseLenient(textOrNull(res))) != null)) {
            o.remove("result");
        }
        // An unknown result (say "PENDING") stays an unknown field: written back as it was.
        Map<String, Object> metadata = mapOf(o, "metadata");
        // The 2016 scripts wrote job-version at top level.
        JsonNode jobVersion = o.get("job-version");
        if (jobVersion != null && !metadata.containsKey("job-version")) {
            o.remove("job-version");
            metadata = new LinkedHashMap<>(metadata);
            metadata.put("job-version", textOf(jobVersion));
        }
        Map<String, Object> extra = MAPPER.convertValue(o, MAP);
        return new Finished(timestamp, passed, result, metadata, extra);
    }

    private static boolean isBoolean(String s) {
        String t = s.strip();
        return t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false");
    }

    /** The object under {@code key}, removed from {@code o}; anything else under it stays an unknown field. */
    private static Map<String, Object> mapOf(ObjectNode o, String key) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            o.remove(key);
            return Map.of();
        }
        if (!n.isObject()) {
            return Map.of();
        }
        o.remove(key);
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
        Long v = longOrNull(n);
        return v == null ? dflt : v;
    }

    /** Epoch seconds from a number or numeric text ({@code 1.7e9} and {@code "1700000000"} too). */
    private static Long longOrNull(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return (long) n.doubleValue();
        }
        if (n.isTextual()) {
            try {
                return (long) Double.parseDouble(n.textValue().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
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
            return (WRITER.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new LayoutException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
