package io.fede2e.dashboard;

import io.fede2e.dashboard.model.Aggregator;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.read.JobCache;
import io.fede2e.dashboard.read.BuildReader;
import io.fede2e.dashboard.read.Collector;
import io.fede2e.dashboard.read.JobBuilds;
import io.fede2e.dashboard.render.SiteRenderer;
import io.fede2e.dashboard.render.SiteWriter;
import io.fede2e.dashboard.render.Templates;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Builds the static cross-provider test history site from federated buckets: read (only what is
 * new, the rest from the cache), aggregate, render.
 */
public final class Dashboard {

    /** The cache folder inside the output directory when the configuration names none. */
    public static final String DEFAULT_CACHE = ".fede2e-cache";

    private Dashboard() {
    }

    /**
     * Generates the site into {@code outDir}.
     *
     * @param config the sources
     * @param outDir the site's folder, created when missing; files from an earlier run that are no
     *     longer part of the site are removed, nothing else
     * @param clock now, for the window, ages and the running-build rule
     * @param listener told of progress
     * @return what was done, with the path of index.html
     * @throws DashboardException with a one-line reason when a source cannot be opened or listed,
     *     or the output cannot be written; a bad build never stops the site
     */
    public static DashboardResult generate(DashboardConfig config, Path outDir, Clock clock,
                                           ProgressListener listener) {
        return generate(config, outDir, clock, listener, ObjectStore::open);
    }

    static DashboardResult generate(DashboardConfig config, Path outDir, Clock clock, ProgressListener listener,
                                    Function<String, ObjectStore> opener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(clock, "clock");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Instant now = clock.instant();
        Path out = outDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new DashboardException("cannot create the output directory " + out + ": " + e.getMessage(), e);
        }
        Path cacheDir = config.cacheDir() == null ? out.resolve(DEFAULT_CACHE) : config.cacheDir();
        JobCache cache = new JobCache(cacheDir);
        List<ObjectStore> stores = new ArrayList<>();
        int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dashboard-read");
            t.setDaemon(true);
            return t;
        });
        try {
            // Velocity's set-up does not depend on the data: it overlaps with reading
            CompletableFuture<Templates> templates = CompletableFuture.supplyAsync(Templates::new, pool);
            for (SourceConfig s : config.sources()) {
                try {
                    stores.add(opener.apply(s.root()));
                } catch (ObjectStoreException e) {
                    throw new DashboardException("source " + s.root() + " cannot be opened: " + e.getMessage(), e);
                }
            }
            Collector collector = new Collector(new BuildReader(JUnitReader.create()), cache, pool, progress);
            List<JobBuilds> jobs = new ArrayList<>();
            for (int i = 0; i < config.sources().size(); i++) {
                jobs.addAll(collector.collect(i, config.sources().get(i), stores.get(i), now));
            }
            progress.progress("aggregate", 0, 1);
            Site site = new Aggregator(config.sources(), now).aggregate(config.title(), jobs);
            progress.progress("aggregate", 1, 1);
            SiteWriter writer = new SiteWriter(out);
            AtomicLong step = new AtomicLong();
            long steps = 2L + site.jobs().size();
            progress.progress("render", 0, steps);
            new SiteRenderer(join(templates), writer, (source, name) -> browse(stores.get(source), name))
                    .render(site, () -> progress.progress("render", step.incrementAndGet(), steps), pool);
            writer.finish();
            collector.finish();
            return new DashboardResult(site.jobs().size(), collector.buildsRead(), collector.buildsFromCache(),
                    (int) site.jobs().stream().flatMap(j -> j.builds().stream()).filter(b -> !b.problems().isEmpty())
                            .count(), site.tests().size(), site.testResults(), out.resolve("index.html"));
        } finally {
            pool.shutdownNow();
            for (ObjectStore s : stores) {
                try {
                    s.close();
                } catch (RuntimeException e) {
                    // closing a read-only store cannot lose data; the site is already written
                }
            }
        }
    }

    private static Templates join(CompletableFuture<Templates> templates) {
        try {
            return templates.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static String browse(ObjectStore store, String name) {
        try {
            return store.browseUrl(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
