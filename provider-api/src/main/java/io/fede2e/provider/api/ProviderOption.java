package io.fede2e.provider.api;

import java.util.Objects;

/**
 * One provider option, as {@code fede2e providers} lists it and {@code --provider-opt key=value}
 * sets it.
 *
 * @param name the key, for example {@code location}
 * @param description one line for help output
 * @param defaultValue the value used when the option is not set, or {@code null}
 * @param secret whether the value must be redacted from logs and artifacts
 */
public record ProviderOption(String name, String description, String defaultValue, boolean secret) {

    public ProviderOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("provider option name '" + name
                    + "' must be lowercase letters, digits and dashes");
        }
    }

    /** A plain option with a default. */
    public static ProviderOption of(String name, String description, String defaultValue) {
        return new ProviderOption(name, description, defaultValue, false);
    }

    /** An option whose value is a credential: it never reaches a log. */
    public static ProviderOption secret(String name, String description) {
        return new ProviderOption(name, description, null, true);
    }
}
