package io.fede2e.runner.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fede2e.layout.JsonValues;
import io.fede2e.runner.CliException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state file {@code fede2e up} writes and {@code test}, {@code dump-logs} and {@code down}
 * read: which provider, its {@link io.fede2e.provider.api.Reattachable#saveState()}, the
 * kubeconfig and the capabilities. It holds no secrets: secret provider options are not saved
 * and must be given again.
 *
 * @param provider the provider's name
 * @param options the non-secret provider options
 * @param state the provider's saved state
 * @param kubeconfig the kubeconfig path
 * @param capabilities the cluster's capabilities, sorted
 */
public record ClusterState(String provider, Map<String, String> options, Map<String, String> state,
                           String kubeconfig, List<String> capabilities) {

    /**
     * Jackson's streaming layer, not databind: every {@code fede2e test} reads this file, and an
     * ObjectMapper would load some 400 classes at start-up for five fields.
     */
    private static final JsonFactory JSON = new JsonFactory();

    public ClusterState {
        Objects.requireNonNull(provider, "provider");
        options = Map.copyOf(new TreeMap<>(options == null ? Map.of() : options));
        state = Map.copyOf(new TreeMap<>(state == null ? Map.of() : state));
        kubeconfig = kubeconfig == null ? "" : kubeconfig;
        capabilities = capabilities == null ? List.of() : capabilities.stream().sorted().toList();
    }

    /** Writes the state file (atomically): keys sorted, two-space indent. */
    public void write(Path file) {
        try {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
                g.writeStartObject();
                g.writeFieldName("capabilities");
                g.writeStartArray();
                for (String c : capabilities) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeStringField("kubeconfig", kubeconfig);
                writeMap(g, "options", options);
                g.writeStringField("provider", provider);
                writeMap(g, "state", state);
                g.writeEndObject();
            }
            StepLog.writeAtomically(file, (w + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException(CliException.INFRASTRUCTURE, "cannot write the state file " + file + ": "
                    + e.getMessage());
        }
    }

    private static void writeMap(JsonGenerator g, String name, Map<String, String> map) throws IOException {
        g.writeFieldName(name);
        g.writeStartObject();
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /**
     * Where {@code fede2e up} keeps the state while Up runs: the state file itself appears only
     * once the cluster is up (scripts wait for it), but a process killed during Up must leave
     * something that {@code fede2e down --state FILE} can use.
     */
    public static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    /**
     * Reads a state file, or the partial state a {@code fede2e up} killed during Up left beside it
     * (for Down and dump-logs); a missing or malformed one is a clear error.
     */
    public static ClusterState readForTeardown(Path file) {
        Path partial = partial(file);
        return !Files.exists(file) && Files.exists(partial) ? read(partial) : read(file);
    }

    /** Reads a state file; a missing or malformed one is a clear error. */
    public static ClusterState read(Path file) {
        try {
            Map<String, Object> m = readObject(Files.readAllBytes(file));
            Object provider = m.get("provider");
            if (!(provider instanceof String p) || p.isBlank()) {
                throw new CliException(CliException.USAGE, "state file " + file
                        + " names no provider; run fede2e up again");
            }
            return new ClusterState(p, strings(m.get("options")), strings(m.get("state")),
                    m.get("kubeconfig") instanceof String k ? k : "",
                    m.get("capabilities") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of());
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.USAGE, "no cluster state file " + file
                    + ": start a cluster with fede2e up, or pass --state FILE");
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "state file " + file + " is unreadable or not JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + "); remove it and run fede2e up again");
        }
    }

    private static Map<String, Object> readObject(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, first == null ? "the file is empty" : "expected a JSON object, found "
                        + first.asString());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) JsonValues.read(p);
            return m;
        }
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
