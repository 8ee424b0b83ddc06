package io.fede2e.runner.cli;

import io.fede2e.runner.Env;
import io.fede2e.runner.console.Console;
import io.fede2e.runner.publish.ResultsSinks;
import java.util.Objects;

/**
 * What every command needs: the environment, the console, and how results are published.
 *
 * @param env environment variables, working directory, clock
 * @param console the redacted, logged console
 * @param sinks opens the results store (tests inject failing ones)
 */
public record CliContext(Env env, Console console, ResultsSinks sinks) {

    public CliContext {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(sinks, "sinks");
    }
}
