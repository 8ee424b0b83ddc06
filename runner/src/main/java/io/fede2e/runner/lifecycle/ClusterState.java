package io.fede2e.runner.lifecycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fede2e.runner.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public ClusterState {
        Objects.requireNonNull(provider, "provider");
        options = Map.copyOf(new TreeMap<>(options == null ? Map.of() : options));
        state = Map.copyOf(new TreeMap<>(state == null ? Map.of() : state));
        kubeconfig = kubeconfig == null ? "" : kubeconfig;
        capabilities = capabilities == null ? List.of() : capabilities.stream().sorted().toList();
    }

    /** Writes the state file (atomically). */
    public void write(Path file) {
        try {
            Map<String, Object> m = new TreeMap<>();
            m.put("provider", provider);
            m.put("options", new TreeMap<>(options));
            m.put("state", new TreeMap<>(state));
            m.put("kubeconfig", kubeconfig);
            m.put("capabilities", capabilities);
            StepLog.writeAtomically(file, (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException(CliException.INFRASTRUCTURE, "cannot write the state file " + file + ": "
                    + e.getMessage());
        }
    }

    /** Reads a state file; a missing or malformed one is a clear error. */
    public static ClusterState read(Path file) {
        try {
            Map<String, Object> m = JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() {
            });
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

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
