package io.fede2e.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * One federated bucket, as an entry of sources.yaml (test-infra's buckets.yaml plus
 * {@code provider} and {@code days}).
 *
 * @param root {@code gs://bucket[/prefix]} or {@code file:///dir}: the directory that holds {@code logs/}
 * @param prefix prepended to its job names on the site, e.g. {@code azure:}; may be empty
 * @param contact who looks after the bucket, may be empty
 * @param sequential whether build ids only grow with time, so reading can stop at the first build
 *     older than the window
 * @param excludeJobs job names not shown
 * @param provider the provider its jobs run on; empty to take it from each build's started.json
 * @param days how many days of builds to show, 1 to 3650
 */
public record SourceConfig(String root, String prefix, String contact, boolean sequential, List<String> excludeJobs,
                           String provider, int days) {

    /** Days of history shown when sources.yaml does not say. */
    public static final int DEFAULT_DAYS = 14;

    public SourceConfig {
        Objects.requireNonNull(root, "root");
        if (root.isBlank()) {
            throw new IllegalArgumentException("a source root is empty: use gs://bucket[/prefix] or file:///dir");
        }
        prefix = prefix == null ? "" : prefix;
        contact = contact == null ? "" : contact;
        excludeJobs = excludeJobs == null ? List.of() : List.copyOf(excludeJobs);
        provider = provider == null ? "" : provider.trim();
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("source " + root + ": days is " + days + ", use 1 to 3650");
        }
    }

    /** A source with the defaults: no prefix, sequential, nothing excluded, 14 days. */
    public static SourceConfig of(String root) {
        return new SourceConfig(root, "", "", true, List.of(), "", DEFAULT_DAYS);
    }
}
