package io.fede2e.runner.cli;

import io.fede2e.runner.Env;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --plugins DIR}, shared by every command that looks providers up. */
final class PluginsOption {

    @Option(names = "--plugins", paramLabel = "DIR", description = "Directory of provider plugin jars. Default: FEDE2E_PLUGINS.")
    Path plugins;

    /** The plugins directory: the flag, else FEDE2E_PLUGINS, resolved; {@code null} for none. */
    Path dir(Env env) {
        return plugins != null ? env.resolve(plugins)
                : env.get("FEDE2E_PLUGINS").map(Path::of).map(env::resolve).orElse(null);
    }
}
