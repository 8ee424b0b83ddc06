package io.fede2e.layout;

import java.util.Map;
import java.util.Objects;

/**
 * started.json: written first, when a build starts.
 *
 * @param timestamp epoch seconds of the start
 * @param node the machine that ran the build (Jenkins' NODE_NAME), may be empty
 * @param repos repository to ref (Prow's {@code repos}), may be empty
 * @param repoVersion the version of the code under test, may be empty
 * @param metadata provider, region, node count, Kubernetes version, runner version and such
 * @param extra fields this reader does not know, kept so that a rewrite loses nothing
 */
public record Started(long timestamp, String node, Map<String, String> repos, String repoVersion,
                      Map<String, Object> metadata, Map<String, Object> extra) {

    public Started {
        node = node == null ? "" : node;
        repoVersion = repoVersion == null ? "" : repoVersion;
        repos = LayoutJson.sortedCopy(repos);
        metadata = LayoutJson.sortedCopy(metadata);
        extra = LayoutJson.sortedCopy(extra);
    }

    /** A started.json with just a time and metadata. */
    public static Started of(long timestamp, Map<String, ?> metadata) {
        return new Started(timestamp, "", Map.of(), "", Map.copyOf(Objects.requireNonNull(metadata)), Map.of());
    }

    /**
     * Parses started.json tolerantly: Prow's variant, the 2016 upload-to-gcs.sh variant
     * ({@code jenkins-node}, {@code version}), missing fields; unknown fields go to {@link #extra}.
     *
     * @throws LayoutException when the bytes are not a JSON object
     */
    public static Started parse(byte[] json) {
        return parse(json, BuildPaths.STARTED);
    }

    /**
     * Parses started.json read from {@code source} (a path or object name), which errors name.
     *
     * @throws LayoutException when the bytes are empty, not JSON (truncated, corrupt) or not an object
     */
    public static Started parse(byte[] json, String source) {
        return LayoutJson.parseStarted(json, source == null || source.isEmpty() ? BuildPaths.STARTED : source);
    }

    /** The JSON text, UTF-8, keys sorted, ending in a newline. */
    public byte[] toJson() {
        return LayoutJson.write(this);
    }
}
