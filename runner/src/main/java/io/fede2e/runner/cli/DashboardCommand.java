package io.fede2e.runner.cli;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.DashboardException;
import io.fede2e.dashboard.DashboardResult;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fede2e dashboard}: builds the cross-provider history site from federated buckets. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Build the static test history site from one or more results roots.")
public final class DashboardCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--config", paramLabel = "FILE", description = "sources.yaml: the buckets and their settings.")
    Path config;

    @Option(names = "--source", paramLabel = "ROOT", description = "A results root (gs://... or file://...). Repeatable.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "_output/dashboard",
            description = "Where the site goes (default: ${DEFAULT-VALUE}).")
    Path out;

    public DashboardCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Env env = context.env();
        if (config == null && sources.isEmpty()) {
            throw new CliException(CliException.USAGE, "no sources: pass --config sources.yaml or --source ROOT");
        }
        DashboardConfig cfg;
        try {
            if (config != null) {
                cfg = DashboardConfig.load(env.resolve(config));
                if (!sources.isEmpty()) {
                    List<io.fede2e.dashboard.SourceConfig> all = new ArrayList<>(cfg.sources());
                    all.addAll(DashboardConfig.ofRoots(roots(env)).sources());
                    cfg = new DashboardConfig(all, cfg.title(), cfg.cacheDir());
                }
            } else {
                cfg = DashboardConfig.ofRoots(roots(env));
            }
        } catch (DashboardException | IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, e.getMessage(), e);
        }
        build(context, cfg, env.resolve(out));
        return CliException.OK;
    }

    private List<String> roots(Env env) {
        return sources.stream().map(r -> ResultsOptions.absolute(r, env)).toList();
    }

    /** Builds the site and prints where to open it; failures are infrastructure errors. */
    public static DashboardResult build(CliContext context, DashboardConfig cfg, Path outDir) {
        try {
            DashboardResult r = Dashboard.generate(cfg, outDir, context.env().clock(), null);
            for (String notice : r.notices()) {
                context.console().err().println("dashboard: " + notice);
            }
            context.console().out().println("dashboard: " + r.jobs() + " jobs, " + (r.buildsRead() + r.buildsFromCache())
                    + " builds (" + r.buildsFromCache() + " from cache), " + r.tests() + " tests; open " + r.index());
            return r;
        } catch (DashboardException e) {
            throw new CliException(CliException.INFRASTRUCTURE, "dashboard failed: " + e.getMessage(), e);
        }
    }
}
