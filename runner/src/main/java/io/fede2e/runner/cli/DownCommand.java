package io.fede2e.runner.cli;

import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.provider.api.Reattachable;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.runner.lifecycle.ClusterState;
import io.fede2e.runner.lifecycle.ProviderLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fede2e down} and {@code fede2e dump-logs}: act on the cluster of a state file. */
public final class DownCommand {

    private DownCommand() {
    }

    static ClusterProvider reattach(CliContext context, StateFileOption stateFile, PluginsOption plugins) {
        Env env = context.env();
        ClusterState state = ClusterState.readForTeardown(env.resolve(stateFile.state));
        ClusterProviderFactory factory = ProviderOptions.factory(state.provider(), plugins.dir(env));
        ClusterProvider provider = factory.create();
        if (!(provider instanceof Reattachable r)) {
            throw new CliException(CliException.USAGE, "provider " + factory.name()
                    + " cannot be reached from another process; stop the fede2e up that serves it (Ctrl-C)");
        }
        try {
            ProviderLink.declareSecretsTo(context.console(), provider);
            r.reattach(state.state());
            ProviderLink.learnSecrets(context.console(), provider);
        } catch (ProviderException e) {
            ProviderLink.learnSecrets(context.console(), provider);
            throw new CliException(CliException.INFRASTRUCTURE, "cannot reach the cluster of " + stateFile.state + ": "
                    + e.getMessage(), e);
        }
        return provider;
    }

    /** {@code fede2e down}. */
    @Command(name = "down", mixinStandardHelpOptions = true, description = "Tear down the cluster of a state file.")
    public static final class Down implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        StateFileOption stateFile = new StateFileOption();

        @Mixin
        PluginsOption plugins = new PluginsOption();

        public Down(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            ClusterProvider provider = reattach(context, stateFile, plugins);
            context.console().out().println("Down: tearing down the cluster of " + stateFile.state);
            try {
                provider.down();
            } catch (ProviderException e) {
                throw new CliException(CliException.INFRASTRUCTURE, "Down failed: " + e.getMessage(), e);
            }
            Files.deleteIfExists(context.env().resolve(stateFile.state));
            Files.deleteIfExists(ClusterState.partial(context.env().resolve(stateFile.state)));
            context.console().out().println("Down: done");
            return CliException.OK;
        }
    }

    /** {@code fede2e dump-logs}. */
    @Command(name = "dump-logs", mixinStandardHelpOptions = true,
            description = "Collect the logs of the cluster of a state file into a directory.")
    public static final class DumpLogs implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        StateFileOption stateFile = new StateFileOption();

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "_output/artifacts",
                description = "Where the logs go (default: ${DEFAULT-VALUE}).")
        Path out;

        @Mixin
        PluginsOption plugins = new PluginsOption();

        public DumpLogs(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            ClusterProvider provider = reattach(context, stateFile, plugins);
            Path dir = context.env().resolve(out);
            Files.createDirectories(dir);
            try {
                provider.dumpLogs(dir);
            } catch (ProviderException e) {
                throw new CliException(CliException.INFRASTRUCTURE, "DumpLogs failed: " + e.getMessage(), e);
            }
            io.fede2e.uploader.RunDirScrubber.Result scrub = io.fede2e.uploader.RunDirScrubber.scrub(
                    dir, context.console().redactor(), null, null);
            scrub.notScrubbed().forEach(p -> context.console().err().println(
                    "fede2e: warning: could not be redacted, do not share it: " + p));
            context.console().out().println("DumpLogs: logs in " + dir);
            return CliException.OK;
        }
    }
}
