package io.fede2e.provider.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What to create.
 *
 * @param name the cluster's name, lowercase letters, digits and dashes (used in resource names)
 * @param nodeCount how many worker nodes, at least 1
 * @param kubernetesVersion the version to install, for example {@code v1.33.0}
 * @param options provider options ({@code --provider-opt key=value}); read them through the typed
 *     accessors, which name the option in their errors
 */
public record ClusterSpec(String name, int nodeCount, String kubernetesVersion, Map<String, String> options) {

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
        if (!name.matches("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?")) {
            throw new IllegalArgumentException("cluster name '" + name
                    + "' must be 1-40 lowercase letters, digits and dashes, starting and ending with a letter or digit");
        }
        if (nodeCount < 1) {
            throw new IllegalArgumentException("node count " + nodeCount + " must be at least 1");
        }
        options = Map.copyOf(new TreeMap<>(options == null ? Map.of() : options));
    }

    /** The option's value, if set. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** The option's value, or {@code defaultValue}. */
    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }

    /** The option as an integer, or {@code defaultValue}; a non-integer value is a clear error. */
    public int intOption(String key, int defaultValue) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("provider option " + key + "='" + value
                    + "' is not an integer; pass --provider-opt " + key + "=<number>");
        }
    }

    /** The option as a boolean ({@code true}/{@code false}), or {@code defaultValue}. */
    public boolean booleanOption(String key, boolean defaultValue) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("provider option " + key + "='" + value
                    + "' is not a boolean; pass --provider-opt " + key + "=true or =false");
        };
    }

    /**
     * The option as a duration ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601
     * {@code PT30S}), or {@code defaultValue}.
     */
    public Duration durationOption(String key, Duration defaultValue) {
        String value = options.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parseDuration(value.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("provider option " + key + "='" + value
                    + "' is not a duration; use e.g. 500ms, 30s, 5m or 1h");
        }
    }

    /** The option, which must be set; otherwise a clear error naming it. */
    public String requiredOption(String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("provider option " + key
                    + " is required; pass --provider-opt " + key + "=<value>");
        }
        return value;
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 durations. */
    public static Duration parseDuration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            return Duration.parse(text);
        }
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
