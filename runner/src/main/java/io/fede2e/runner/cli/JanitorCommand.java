package io.fede2e.runner.cli;

import io.fede2e.provider.api.ClusterProvider;
import io.fede2e.provider.api.ClusterProviderFactory;
import io.fede2e.provider.api.Janitor;
import io.fede2e.provider.api.Leftover;
import io.fede2e.provider.api.ProviderException;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fede2e janitor}: lists, and with {@code --yes} deletes, what expired runs of a provider
 * left behind. Without {@code --yes} nothing is deleted, so that a mistyped account only costs a
 * listing.
 */
@Command(name = "janitor", mixinStandardHelpOptions = true,
        description = {"List what expired runs left behind in the provider's account; delete it with --yes.",
                "Only things carrying fede2e's tags whose expiry (fede2e-expires-at) has passed are touched.",
                "Exit codes: 0 nothing failed, 2 usage error or a provider without a janitor, "
                        + "3 the listing or a deletion failed."})
public final class JanitorCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--provider", paramLabel = "NAME", required = true,
            description = "The provider whose leftovers to clean (see fede2e providers).")
    String provider;

    @Option(names = "--provider-opt", paramLabel = "KEY=VALUE",
            description = "A provider option, for example subscription=ID. Repeatable.")
    Map<String, String> providerOpts = new LinkedHashMap<>();

    @Option(names = "--yes", description = "Delete what is listed. Without it, only list.")
    boolean yes;

    @Option(names = "--older-than", paramLabel = "D", converter = Durations.class,
            description = "Only what expired at least D ago (e.g. 30m, 12h). Default: everything expired.")
    Duration olderThan;

    @Mixin
    PluginsOption plugins = new PluginsOption();

    public JanitorCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Env env = context.env();
        ClusterProviderFactory factory = ProviderOptions.factory(provider, plugins.dir(env));
        context.console().addSecrets(ProviderOptions.secretValues(factory, providerOpts));
        ProviderOptions.unknownOptions(factory, providerOpts)
                .forEach(w -> context.console().err().println("fede2e: warning: " + w));
        ClusterProvider created = factory.create();
        if (!(created instanceof Janitor janitor)) {
            throw new CliException(CliException.USAGE, "provider " + factory.name() + " has no janitor: it leaves "
                    + "nothing behind that outlives its process, or cleans up in fede2e down; nothing to do");
        }
        Instant cutoff = env.clock().instant().minus(olderThan == null ? Duration.ZERO : olderThan);
        Map<String, String> options = Map.copyOf(providerOpts);
        List<Leftover> expired;
        try {
            expired = janitor.expired(options, cutoff);
        } catch (ProviderException e) {
            throw new CliException(CliException.INFRASTRUCTURE, "janitor: cannot list the leftovers of "
                    + factory.name() + ": " + e.getMessage(), e);
        }
        PrintStream out = context.console().out();
        out.println("janitor " + factory.name() + ": " + expired.size() + " expired before " + cutoff
                + (expired.isEmpty() ? "; nothing to do" : ":"));
        for (Leftover l : expired) {
            out.println("  " + printable(l.kind()) + " " + printable(l.name()) + "  expired " + l.expiresAt()
                    + (l.labels().isEmpty() ? "" : "  " + l.labels().entrySet().stream()
                    .map(e -> printable(e.getKey()) + "=" + printable(e.getValue()))
                    .collect(Collectors.joining(" "))));
        }
        if (expired.isEmpty()) {
            return CliException.OK;
        }
        if (!yes) {
            out.println("janitor: nothing deleted; run again with --yes to delete "
                    + (expired.size() == 1 ? "it" : "them"));
            return CliException.OK;
        }
        int failed = 0;
        for (Leftover l : expired) {
            try {
                janitor.delete(options, l);
                out.println("janitor: deleted " + printable(l.kind()) + " " + printable(l.name()));
            } catch (ProviderException e) {
                // One stuck leftover must not keep the others alive: report it and go on.
                failed++;
                context.console().err().println("fede2e: janitor: cannot delete " + printable(l.kind()) + " "
                        + printable(l.name()) + ": " + e.getMessage());
            }
        }
        if (failed > 0) {
            throw new CliException(CliException.INFRASTRUCTURE, "janitor: " + failed + " of " + expired.size()
                    + " leftovers could not be deleted (see above); run the janitor again or delete them by hand");
        }
        out.println("janitor: deleted " + expired.size());
        return CliException.OK;
    }

    /** Names and tags come from the cloud account: no control character reaches the terminal. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
