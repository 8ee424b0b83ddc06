package io.fede2e.runner.cli;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.DashboardException;
import io.fede2e.dashboard.DashboardResult;
import io.fede2e.runner.CliException;
import io.fede2e.runner.Env;
import io.fede2e.dashboard.publish.PublishReport;
import io.fede2e.dashboard.publish.SitePublisher;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
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
            description = "Where the site goes (default: ${DEFAULT-VALUE}); with --publish, where the job cache stays.")
    Path out;

    @Option(names = "--publish", paramLabel = "ROOT",
            description = "Build the site in a temporary directory, then publish it to gs://bucket/prefix or file://DIR:"
                    + " only changed files, index.html last, old pages deleted after (the job cache stays under --out).")
    String publish;

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
        if (publish != null) {
            publish(cfg, env);
        } else {
            build(context, cfg, env.resolve(out));
        }
        return CliException.OK;
    }

    private void publish(DashboardConfig cfg, Env env) {
        String root = ResultsOptions.absolute(publish, env);
        // The cache makes the hourly rebuild read only new builds: keep it where --out is, not in the temporary site.
        DashboardConfig withCache = cfg.cacheDir() != null ? cfg
                : new DashboardConfig(cfg.sources(), cfg.title(), env.resolve(out).resolve(Dashboard.DEFAULT_CACHE));
        Path site;
        try {
            site = Files.createTempDirectory("fede2e-site-");
        } catch (IOException e) {
            throw new CliException(CliException.INFRASTRUCTURE, "cannot create a temporary directory for the site: "
                    + e.getMessage(), e);
        }
        try (ObjectStore store = openTarget(root)) {
            build(context, withCache, site);
            PublishReport r = SitePublisher.to(store).publish(site);
            context.console().out().println("published " + r.uploaded().size() + " of " + r.files() + " files to "
                    + r.root() + " (" + r.unchanged() + " unchanged, " + r.deleted().size() + " deleted); open "
                    + store.browseUrl("index.html"));
            // A short list in the job's log shows what an hour changed; a long one says nothing more than the count.
            if (!r.uploaded().isEmpty() && r.uploaded().size() <= 20) {
                context.console().out().println("  changed: " + String.join(", ", r.uploaded()));
            }
        } catch (DashboardException e) {
            throw new CliException(CliException.INFRASTRUCTURE, "publish failed: " + e.getMessage(), e);
        } finally {
            deleteTree(site);
        }
    }

    private static ObjectStore openTarget(String root) {
        try {
            return ObjectStore.open(root);
        } catch (ObjectStoreException e) {
            throw new CliException(CliException.USAGE, "--publish " + root + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // A temporary directory left behind costs disk, never the publication.
        }
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
