package io.fede2e.dashboard;

import io.fede2e.dashboard.model.Aggregator;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.model.Tasks;
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
import io.fede2e.uploader.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
     * @throws DashboardException with a one-line reason when the output cannot be written; a
     *     source that cannot be opened or listed is shown from the cache with the reason (see
     *     {@link DashboardResult#notices()}), and a bad build never stops the site
     */
    public static DashboardResult generate(DashboardConfig config, Path outDir, Clock clock,
                                           ProgressListener listener) {
        // public buckets need no credentials: a reader without any reads anonymously, and says so
        return generate(config, outDir, clock, listener,
                root -> ObjectStore.open(root, StoreOptions.defaults().readAnonymouslyWithoutCredentials()));
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
            List<String> notices = new ArrayList<>();
            for (SourceConfig s : config.sources()) {
                ObjectStore store;
                try {
                    store = opener.apply(s.root());
                } catch (ObjectStoreException e) {
                    // shown as unavailable with its cached builds; the other sources are built
                    store = new UnavailableStore(s.root(), "cannot be opened: " + e.getMessage());
                }
                stores.add(store);
                if (store.anonymous()) {
                    notices.add(store.root() + ": no Google Cloud credentials found, reading it anonymously (public"
                            + " buckets only); to authenticate, run `gcloud auth application-default login`");
                }
            }
            Collector collector = new Collector(new BuildReader(JUnitReader.create(), clock), cache, pool, progress);
            List<JobBuilds> jobs = new ArrayList<>();
            for (int i = 0; i < config.sources().size(); i++) {
                jobs.addAll(collector.collect(i, config.sources().get(i), stores.get(i), now));
            }
            progress.progress("aggregate", 0, 1);
            Site site = new Aggregator(config.sources(), now).aggregate(config.title(), jobs, pool);
            progress.progress("aggregate", 1, 1);
            SiteWriter writer = new SiteWriter(out);
            AtomicLong step = new AtomicLong();
            long steps = 2L + site.jobs().size();
            progress.progress("render", 0, steps);
            new SiteRenderer(Tasks.join(templates), writer, (source, name) -> browse(stores.get(source), name))
                    .render(site, () -> progress.progress("render", step.incrementAndGet(), steps), pool);
            writer.finish();
            collector.finish();
            notices.addAll(collector.notices());
            return new DashboardResult(site.jobs().size(), collector.buildsRead(), collector.buildsFromCache(),
                    (int) site.jobs().stream().flatMap(j -> j.builds().stream()).filter(b -> !b.problems().isEmpty())
                            .count(), site.tests().size(), site.testResults(), out.resolve("index.html"), notices);
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

    private static String browse(ObjectStore store, String name) {
        try {
            return store.browseUrl(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
