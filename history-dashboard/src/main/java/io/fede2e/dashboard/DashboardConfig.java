package io.fede2e.dashboard;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the site is built from.
 *
 * @param sources the federated buckets, at least one
 * @param title the site's title
 * @param cacheDir where parsed builds are cached, or {@code null} for {@code <out>/.fede2e-cache}
 */
public record DashboardConfig(List<SourceConfig> sources, String title, Path cacheDir) {

    /** The title used when none is configured. */
    public static final String DEFAULT_TITLE = "fede2e test history";

    public DashboardConfig {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no sources: name at least one bucket root (gs://... or file:///...)");
        }
        title = title == null || title.isBlank() ? DEFAULT_TITLE : title;
    }

    /**
     * Reads sources.yaml: a map from root to its settings, as in test-infra's buckets.yaml.
     *
     * @throws DashboardException with a one-line reason naming the file and the field
     */
    public static DashboardConfig load(Path sourcesYaml) {
        return SourcesYaml.load(sourcesYaml);
    }

    /** Sources with default settings for each root (the CLI's repeatable {@code --source}). */
    public static DashboardConfig ofRoots(List<String> roots) {
        Objects.requireNonNull(roots, "roots");
        return new DashboardConfig(roots.stream().map(SourceConfig::of).toList(), DEFAULT_TITLE, null);
    }

    /** The same configuration with the cache in {@code dir}. */
    public DashboardConfig withCacheDir(Path dir) {
        return new DashboardConfig(sources, title, dir);
    }
}
