package io.fede2e.provider.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something a run left behind in a cloud, as a {@link Janitor} lists it.
 *
 * @param kind what it is, for people (for example {@code resource group})
 * @param name its name or id, which {@link Janitor#delete} is given back
 * @param expiresAt when its run said it may be deleted (the {@code fede2e-expires-at} tag)
 * @param labels the tags or labels it carries (run id, job), for the listing
 */
public record Leftover(String kind, String name, Instant expiresAt, Map<String, String> labels) {

    public Leftover {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expiresAt, "expiresAt");
        labels = Map.copyOf(new TreeMap<>(labels == null ? Map.of() : labels));
    }
}
