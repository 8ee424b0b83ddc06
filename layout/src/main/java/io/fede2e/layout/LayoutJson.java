package io.fede2e.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jackson glue for started.json and finished.json; tolerant on read, canonical on write.
 *
 * <p>Canonical means: keys sorted at every level, two-space indent, {@code "key": value} as Go's
 * {@code json.MarshalIndent} writes it for Prow, UTF-8, a final newline; the same record always
 * gives the same bytes.
 *
 * <p>Reading uses Jackson's streaming parser into plain maps, lists, strings, booleans and
 * numbers (integers as {@code Integer}, {@code Long} or {@code BigInteger}, decimals as
 * {@code BigDecimal} so that 0.10 stays 0.10): a dashboard reads two of these files per build,
 * and setting up data binding for them cost more than reading a build's junit. Writing, which
 * a run does a few times, keeps the data-binding writer and its pretty printer.
 */
final class LayoutJson {

    private static final JsonFactory JSON = new JsonFactory();

    private LayoutJson() {
    }

    /** The writer, set up on the first write only. */
    private static final class Out {

        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

        private Out() {
        }
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

    /** The top-level object of {@code json}, in document order; JSON null values are null. */
    private static Map<String, Object> object(byte[] json, String name) {
        String source = LayoutException.printable(name, 1000);
        if (json == null || json.length == 0) {
            throw new LayoutException(source + ": is empty: expected a JSON object such as {\"timestamp\": 1700000000};"
                    + " the upload was probably interrupted, re-run it");
        }
        Object value;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                throw new LayoutException(source + ": holds no JSON value: expected a JSON object such as"
                        + " {\"timestamp\": 1700000000}");
            }
            value = JsonValues.read(p);
            if (p.nextToken() != null) {
                throw new LayoutException(source + ": is not valid JSON" + where(p.currentTokenLocation())
                        + " (trailing token " + p.currentToken() + " after the value): the file is truncated or"
                        + " corrupt; re-upload it");
            }
        } catch (JsonProcessingException e) {
            throw new LayoutException(source + ": is not valid JSON" + where(e.getLocation()) + " ("
                    + oneLine(e.getOriginalMessage()) + "): the file is truncated or corrupt; re-upload it", e);
        } catch (IOException e) {
            throw new LayoutException(source + ": cannot be read as JSON (" + oneLine(e.getMessage()) + ")", e);
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new LayoutException(source + ": is a JSON " + typeName(value) + ", not an object: expected"
                    + " {\"timestamp\": ...}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        return value instanceof Boolean ? "boolean" : "number";
    }

    private static String oneLine(String m) {
        String s = LayoutException.printable(String.valueOf(m).replace('\n', ' ').replace('\r', ' '));
        return s.strip();
    }

    static Started parseStarted(byte[] json, String source) {
        Map<String, Object> o = object(json, source);
        long timestamp = longOf(o.remove("timestamp"), 0L);
        String node = textOf(o.remove("node"));
        // The 2016 upload-to-gcs.sh wrote jenkins-node and version; when the newer name is also
        // there the older field stays as an unknown one, so nothing is lost on rewrite.
        if (node.isEmpty() && o.containsKey("jenkins-node")) {
            node = textOf(o.remove("jenkins-node"));
        }
        String repoVersion = textOf(o.remove("repo-version"));
        if (repoVersion.isEmpty() && o.containsKey("version")) {
            repoVersion = textOf(o.remove("version"));
        }
        Map<String, String> repos = new LinkedHashMap<>();
        if (o.get("repos") instanceof Map<?, ?> r) {
            o.remove("repos");
            r.forEach((k, v) -> repos.put((String) k, textOf(v)));
        }
        Map<String, Object> metadata = mapOf(o, "metadata");
        return new Started(timestamp, node, repos, repoVersion, metadata, o);
    }

    static Finished parseFinished(byte[] json, String source) {
        Map<String, Object> o = object(json, source);
        Long timestamp = longOrNull(o.remove("timestamp"));
        Boolean passed = null;
        Object p = o.get("passed");
        if (p instanceof Boolean b) {
            passed = b;
            o.remove("passed");
        } else if (p instanceof String t && isBoolean(t)) {
            passed = Boolean.parseBoolean(t.strip().toLowerCase(Locale.ROOT));
            o.remove("passed");
        }
        Result result = null;
        if (o.containsKey("result")) {
            Object res = o.get("result");
            if (res == null || (result = Result.parseLenient(textOrNull(res))) != null) {
                o.remove("result");
            }
        }
        // An unknown result (say "PENDING") stays an unknown field: written back as it was.
        Map<String, Object> metadata = mapOf(o, "metadata");
        // The 2016 scripts wrote job-version at top level.
        if (o.containsKey("job-version") && !metadata.containsKey("job-version")) {
            Object jobVersion = o.remove("job-version");
            metadata = new LinkedHashMap<>(metadata);
            metadata.put("job-version", textOf(jobVersion));
        }
        return new Finished(timestamp, passed, result, metadata, o);
    }

    private static boolean isBoolean(String s) {
        String t = s.strip();
        return t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false");
    }

    /** The object under {@code key}, removed from {@code o}; anything else under it stays an unknown field. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Map<String, Object> o, String key) {
        Object n = o.get(key);
        if (n == null) {
            o.remove(key);
            return Map.of();
        }
        if (!(n instanceof Map<?, ?>)) {
            return Map.of();
        }
        o.remove(key);
        return (Map<String, Object>) n;
    }

    private static String textOf(Object n) {
        String t = textOrNull(n);
        return t == null ? "" : t;
    }

    /** A scalar as its text; an object or array as compact JSON. */
    private static String textOrNull(Object n) {
        if (n == null) {
            return null;
        }
        if (n instanceof Map<?, ?> || n instanceof List<?>) {
            StringWriter text = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(text)) {
                JsonValues.write(g, n);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write JSON to memory", e);
            }
            return text.toString();
        }
        return n.toString();
    }

    private static long longOf(Object n, long dflt) {
        Long v = longOrNull(n);
        return v == null ? dflt : v;
    }

    /** Epoch seconds from a number or numeric text ({@code 1.7e9} and {@code "1700000000"} too). */
    private static Long longOrNull(Object n) {
        if (n instanceof Integer || n instanceof Long) {
            return ((Number) n).longValue();
        }
        if (n instanceof BigInteger i && i.bitLength() < 64) {
            return i.longValue();
        }
        if (n instanceof Number number) {
            return (long) number.doubleValue();
        }
        if (n instanceof String t) {
            try {
                return (long) Double.parseDouble(t.strip());
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
            return (Out.WRITER.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new LayoutException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
