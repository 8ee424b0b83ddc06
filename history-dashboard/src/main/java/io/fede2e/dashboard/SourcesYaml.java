package io.fede2e.dashboard;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads sources.yaml, test-infra's buckets.yaml shape, with errors that name file and field. */
final class SourcesYaml {

    private static final Set<String> FIELDS = Set.of("prefix", "contact", "sequential", "exclude_jobs", "provider",
            "days");
    private static final String TITLE = "title";

    private SourcesYaml() {
    }

    static DashboardConfig load(Path file) {
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DashboardException(file + ": no such file: pass the path of a sources.yaml"
                    + " (a map from bucket root to prefix, contact, sequential, exclude_jobs, provider, days)");
        } catch (JacksonException e) {
            String msg = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new DashboardException(file + (line > 0 ? ":" + line : "") + ": not valid YAML (" + msg + ")", e);
        } catch (IOException e) {
            throw new DashboardException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new DashboardException(file + ": is empty: list at least one bucket root, e.g. 'file:///srv/results: {}'");
        }
        if (!tree.isObject()) {
            throw new DashboardException(file + ": expected a map from bucket root to its settings, found a "
                    + tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        String title = null;
        List<SourceConfig> sources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(TITLE)) {
                if (!e.getValue().isTextual()) {
                    throw new DashboardException(file + ": title: expected text");
                }
                title = e.getValue().asText();
                continue;
            }
            sources.add(source(file, e.getKey(), e.getValue()));
        }
        if (sources.isEmpty()) {
            throw new DashboardException(file + ": lists no bucket root: add e.g. 'gs://my-bucket: {prefix: \"azure:\"}'");
        }
        return new DashboardConfig(sources, title, null);
    }

    private static SourceConfig source(Path file, String key, JsonNode node) {
        String root = root(file, key);
        String where = file + ": " + key;
        if (node.isNull()) {
            return SourceConfig.of(root);
        }
        if (!node.isObject()) {
            throw new DashboardException(where + ": expected a map of settings (prefix, contact, sequential,"
                    + " exclude_jobs, provider, days)");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new DashboardException(where + ": unknown field '" + name + "': use one of "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String prefix = text(where, node, "prefix");
        String contact = text(where, node, "contact");
        String provider = text(where, node, "provider");
        boolean sequential = true;
        JsonNode seq = node.get("sequential");
        if (seq != null && !seq.isNull()) {
            if (!seq.isBoolean()) {
                throw new DashboardException(where + ": sequential: expected true or false, found '" + seq.asText() + "'");
            }
            sequential = seq.booleanValue();
        }
        int days = SourceConfig.DEFAULT_DAYS;
        JsonNode d = node.get("days");
        if (d != null && !d.isNull()) {
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 1 || d.intValue() > 3650) {
                throw new DashboardException(where + ": days: expected a whole number from 1 to 3650, found '"
                        + d.asText() + "'");
            }
            days = d.intValue();
        }
        List<String> exclude = new ArrayList<>();
        JsonNode ex = node.get("exclude_jobs");
        if (ex != null && !ex.isNull()) {
            if (!ex.isArray()) {
                throw new DashboardException(where + ": exclude_jobs: expected a list of job names");
            }
            for (JsonNode j : ex) {
                if (!j.isTextual()) {
                    throw new DashboardException(where + ": exclude_jobs: expected job names, found '" + j + "'");
                }
                exclude.add(j.asText());
            }
        }
        return new SourceConfig(root, prefix, contact, sequential, exclude, provider, days);
    }

    private static String text(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw new DashboardException(where + ": " + field + ": expected text, found '" + v + "'");
        }
        return v.asText();
    }

    /**
     * The store root for a key. buckets.yaml names roots with their {@code logs/} directory
     * ({@code gs://kubernetes-jenkins/logs/}); ours hold {@code logs/}, so a trailing {@code logs/}
     * is dropped. A plain path is taken relative to sources.yaml.
     */
    static String root(Path file, String key) {
        String root = key.trim();
        if (root.isEmpty()) {
            throw new DashboardException(file + ": a bucket root is empty: use gs://bucket or file:///dir");
        }
        if (root.endsWith("/logs/") || root.endsWith("/logs")) {
            root = root.substring(0, root.lastIndexOf("/logs"));
        }
        if (root.startsWith("gs://") || root.startsWith("file:")) {
            return root;
        }
        if (root.contains("://")) {
            throw new DashboardException(file + ": " + key + ": unsupported root: use gs://bucket[/prefix],"
                    + " file:///dir or a directory path");
        }
        Path base = file.toAbsolutePath().getParent();
        return base.resolve(root).normalize().toUri().toString();
    }
}
