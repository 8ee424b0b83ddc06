package io.fede2e.provider.hollow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes every object of a cluster as one YAML file, read through the API's discovery and list
 * endpoints, so that it works for a cluster served by this process or by another one. Output is
 * sorted (apiVersion, kind, namespace, name) and Secret values are redacted.
 */
final class ClusterDump {

    static final String OBJECTS_FILE = "hollow-objects.yaml";
    static final String EVENT_LOG_FILE = "hollow-controllers.log";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final Comparator<JsonNode> ORDER = Comparator
            .comparing((JsonNode n) -> n.path("apiVersion").asText())
            .thenComparing(n -> n.path("kind").asText())
            .thenComparing(n -> n.path("metadata").path("namespace").asText())
            .thenComparing(n -> n.path("metadata").path("name").asText());

    private final URI server;

    ClusterDump(String serverUrl) {
        this.server = URI.create(serverUrl.endsWith("/") ? serverUrl : serverUrl + "/");
    }

    /** Writes {@link #OBJECTS_FILE} into {@code dir}. */
    void writeObjects(Path dir) {
        List<JsonNode> objects = new ArrayList<>();
        for (String listPath : listPaths()) {
            JsonNode list = get(listPath);
            String apiVersion = list.path("apiVersion").asText();
            String kind = list.path("kind").asText().replaceFirst("List$", "");
            for (JsonNode item : list.path("items")) {
                ObjectNode o = (ObjectNode) item;
                o.put("apiVersion", o.path("apiVersion").asText(apiVersion));
                o.put("kind", o.path("kind").asText(kind));
                if ("Secret".equals(kind)) {
                    redact(o, "data");
                    redact(o, "stringData");
                }
                objects.add(o);
            }
        }
        objects.sort(ORDER);
        Path file = dir.resolve(OBJECTS_FILE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (JsonNode o : objects) {
                out.write("---\n");
                out.write(YAML.writeValueAsString(o).replace("\r\n", "\n"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the controllers' event log lines into {@code dir}. */
    static void writeEventLog(Path dir, List<String> lines) {
        Path file = dir.resolve(EVENT_LOG_FILE);
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line.replace('\n', ' ')).append('\n');
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void redact(ObjectNode secret, String field) {
        JsonNode values = secret.get(field);
        if (values instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            keys.forEach(k -> o.put(k, "<redacted>"));
        }
    }

    private List<String> listPaths() {
        List<String> paths = new ArrayList<>();
        addResources(paths, "api/v1");
        for (JsonNode group : get("apis").path("groups")) {
            String gv = group.path("preferredVersion").path("groupVersion").asText();
            if (!gv.isEmpty()) {
                addResources(paths, "apis/" + gv);
            }
        }
        return paths;
    }

    private void addResources(List<String> paths, String prefix) {
        for (JsonNode r : get(prefix).path("resources")) {
            String name = r.path("name").asText();
            boolean listable = false;
            for (JsonNode v : r.path("verbs")) {
                listable |= v.asText().equals("list");
            }
            if (!name.contains("/") && listable) {
                paths.add(prefix + "/" + name);
            }
        }
    }

    private JsonNode get(String path) {
        URI uri = server.resolve(path);
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(60_000);
            // no keep-alive: the JDK would start a Keep-Alive-Timer thread that outlives the dump
            c.setRequestProperty("Connection", "close");
            int code = c.getResponseCode();
            if (code != 200) {
                c.disconnect();
                throw new UncheckedIOException(new IOException("GET " + uri + " answered HTTP " + code));
            }
            try (InputStream in = c.getInputStream()) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri + " for the object dump: " + e.getMessage(), e);
        }
    }
}
