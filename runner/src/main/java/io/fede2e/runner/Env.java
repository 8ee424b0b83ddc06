package io.fede2e.runner;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the CLI reads from its surroundings, injectable for tests: environment variables (Jenkins'
 * JOB_NAME and the 2016 scripts' E2E_* and friends), the working directory, the clock, and
 * whether a signal handler may be installed.
 *
 * @param variables environment variables
 * @param cwd the directory relative paths start from
 * @param clock the clock for timestamps
 * @param handleSignals whether SIGINT/SIGTERM handlers are installed (only a real process does)
 */
public record Env(Map<String, String> variables, Path cwd, Clock clock, boolean handleSignals) {

    public Env {
        variables = Map.copyOf(new TreeMap<>(variables));
        cwd = Objects.requireNonNull(cwd, "cwd").toAbsolutePath().normalize();
        Objects.requireNonNull(clock, "clock");
    }

    /** The real process environment. */
    public static Env system() {
        return new Env(System.getenv(), Path.of(""), Clock.systemUTC(), true);
    }

    /** A variable, when set and not blank. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** A boolean variable (true/false, 1/0, yes/no); a malformed one is a clear error. */
    public Optional<Boolean> flag(String name) {
        return get(name).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "y" -> true;
            case "false", "0", "no", "n" -> false;
            default -> throw new CliException(CliException.USAGE, "environment variable " + name + "='" + v
                    + "' is not a boolean; set it to true or false");
        });
    }

    /** {@code path} resolved against {@link #cwd()}. */
    public Path resolve(Path path) {
        return cwd.resolve(path).normalize();
    }
}
