package io.fede2e.runner.cli;

import io.fede2e.provider.api.Capability;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.ClusterProviders;
import io.fede2e.provider.api.ProviderOption;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fede2e providers}: installed providers, their options and capabilities. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "List installed providers with their options and capabilities.")
public final class ProvidersCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    PluginsOption plugins = new PluginsOption();

    public ProvidersCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var env = context.env();
        Path dir = plugins.dir(env);
        List<ClusterProviderFactory> installed = ClusterProviders.installed(getClass().getClassLoader(), dir);
        PrintStream out = context.console().out();
        if (installed.isEmpty()) {
            out.println("No providers installed. Put provider plugin jars into --plugins DIR.");
            return 0;
        }
        for (ClusterProviderFactory f : installed) {
            out.println(f.name() + (f.name().equals(ProviderOptions.DEFAULT_PROVIDER) ? " (default)" : "")
                    + ": " + f.description());
            out.println("  capabilities: " + (f.capabilities().isEmpty() ? "none"
                    : f.capabilities().stream().map(Capability::name).sorted().collect(Collectors.joining(", "))));
            if (f.options().isEmpty()) {
                out.println("  options: none");
            } else {
                out.println("  options (--provider-opt KEY=VALUE):");
                f.options().stream().sorted(java.util.Comparator.comparing(ProviderOption::name)).forEach(o ->
                        out.println("    " + o.name() + (o.secret() ? " (secret)" : "")
                                + (o.defaultValue() != null ? " [default: " + o.defaultValue() + "]" : "")
                                + ": " + o.description()));
            }
        }
        return 0;
    }
}
