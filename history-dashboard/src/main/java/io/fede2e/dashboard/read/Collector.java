package io.fede2e.dashboard.read;

import io.fede2e.dashboard.DashboardException;
import io.fede2e.dashboard.ProgressListener;
import io.fede2e.dashboard.SourceConfig;
import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.layout.LayoutException;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.ObjectStoreException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lists the jobs and builds of each source and reads those in the window, from the cache when it
 * holds them. Reading runs on a small pool: bucket reads are I/O bound and parsing is CPU bound.
 */
public final class Collector {

    private static final int BATCH = 8;
    /** Jobs gathered at once; their threads mostly wait for the reading pool. */
    private static final int JOB_THREADS = 4;

    private final BuildReader reader;
    private final JobCache cache;
    private final ExecutorService pool;
    private final ProgressListener listener;
    private final AtomicInteger read = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final AtomicLong done = new AtomicLong();
    /** Job threads add to it. */
    private final List<Future<?>> writes = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

    public Collector(BuildReader reader, JobCache cache, ExecutorService pool, ProgressListener listener) {
        this.reader = reader;
        this.cache = cache;
        this.pool = pool;
        this.listener = listener;
    }

    /** Waits until the cache holds what this collector read; a failed write is thrown here. */
    public void finish() {
        List<Future<?>> pending;
        synchronized (writes) {
            pending = List.copyOf(writes);
            writes.clear();
        }
        for (Future<?> f : pending) {
            get(f);
        }
    }

    /** Builds parsed from buckets. */
    public int buildsRead() {
        return read.get();
    }

    /** Builds taken from the cache. */
    public int buildsFromCache() {
        return cached.get();
    }

    /** One line per source or job that could not be listed and is shown from the cache. */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /**
     * The jobs of {@code source} with their builds started after {@code now - days}, newest first.
     * A source that cannot be listed gives the jobs its last listing found, with their cached
     * builds and the reason; so does a job whose folder cannot be listed.
     */
    public List<JobBuilds> collect(int sourceIndex, SourceConfig source, ObjectStore store, Instant now) {
        long cutoff = now.getEpochSecond() - source.days() * 86_400L;
        List<String> jobs = new ArrayList<>();
        String unavailable = "";
        try {
            for (String p : store.list("logs/", "/").prefixes()) {
                String name = p.substring("logs/".length(), p.length() - 1);
                if (validJob(name) && !source.excludeJobs().contains(name)) {
                    jobs.add(name);
                }
            }
            jobs.sort(Comparator.naturalOrder());
            cache.rememberJobs(store.root(), jobs);
        } catch (ObjectStoreException | UncheckedIOException e) {
            unavailable = "source unavailable: " + source.root() + " cannot be listed: "
                    + BuildReader.oneLine(e.getMessage());
            jobs.clear();
            for (String job : cache.rememberedJobs(store.root())) {
                if (validJob(job) && !source.excludeJobs().contains(job)) {
                    jobs.add(job);
                }
            }
            notices.add(unavailable + "; showing the cached builds of " + jobs.size()
                    + (jobs.size() == 1 ? " job" : " jobs"));
        }
        // the snapshots are decoded on the pool while the first jobs are listed and checked
        List<Future<JobCache.Snapshot>> snapshots = new ArrayList<>();
        for (String job : jobs) {
            snapshots.add(pool.submit(() -> cache.load(store.root(), job)));
        }
        // the jobs are listed and read side by side: a job waits for its listing and its builds'
        // reads, and one new build per job read job after job left a core idle (issue 16's
        // incremental run read its 20 new builds one at a time). The job threads are apart from
        // the pool that reads builds, so a read never waits behind a job task for a thread.
        ExecutorService jobPool = Executors.newFixedThreadPool(Math.min(JOB_THREADS, Math.max(1, jobs.size())), r -> {
            Thread t = new Thread(r, "dashboard-jobs");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<JobBuilds>> perJob = new ArrayList<>();
            List<List<String>> jobNotices = new ArrayList<>();
            String reason = unavailable;
            for (int i = 0; i < jobs.size(); i++) {
                String job = jobs.get(i);
                Future<JobCache.Snapshot> snapshot = snapshots.get(i);
                List<String> said = new ArrayList<>(); // written by its job's thread, read after its future
                jobNotices.add(said);
                perJob.add(jobPool.submit(() -> reason.isEmpty()
                        ? builds(sourceIndex, source, store, job, cutoff, get(snapshot), said)
                        : cachedOnly(sourceIndex, job, cutoff, get(snapshot), reason)));
            }
            List<JobBuilds> out = new ArrayList<>();
            for (int i = 0; i < perJob.size(); i++) {
                out.add(get(perJob.get(i)));
                notices.addAll(jobNotices.get(i)); // in the jobs' order, whichever finished first
            }
            return out;
        } finally {
            jobPool.shutdownNow();
        }
    }

    /** What the cache holds of a job that cannot be listed now, with the reason. */
    private JobBuilds cachedOnly(int sourceIndex, String job, long cutoff, JobCache.Snapshot snapshot,
                                 String reason) {
        List<BuildRecord> builds = new ArrayList<>();
        for (BuildRecord r : snapshot.newestFirst()) {
            if (r.startedAt() < 0 || r.startedAt() >= cutoff) {
                builds.add(r);
                cached.incrementAndGet();
            }
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < builds.size(); i++) {
            positions.add(builds.size() - 1 - i);
        }
        return new JobBuilds(sourceIndex, job, builds, positions, reason);
    }

    private JobBuilds builds(int sourceIndex, SourceConfig source, ObjectStore store, String job, long cutoff,
                             JobCache.Snapshot snapshot, List<String> said) {
        List<Long> ids = new ArrayList<>();
        try {
            for (String p : store.list("logs/" + job + "/", "/").prefixes()) {
                String id = p.substring(("logs/" + job + "/").length(), p.length() - 1);
                try {
                    ids.add(BuildId.parse(id).value());
                } catch (LayoutException e) {
                    // not a build directory (an id that is not decimal): the layout has nothing else there
                }
            }
        } catch (ObjectStoreException | UncheckedIOException e) {
            String reason = "job unavailable: logs/" + job + "/ in " + source.root() + " cannot be listed: "
                    + BuildReader.oneLine(e.getMessage());
            said.add(reason + "; showing its cached builds");
            return cachedOnly(sourceIndex, job, cutoff, snapshot, reason);
        }
        ids.sort(Comparator.reverseOrder());
        List<BuildRecord> builds = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        boolean changed = false;
        int used = 0;
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<Future<BuildRecord>> batch = new ArrayList<>();
            for (long id : ids.subList(i, Math.min(ids.size(), i + BATCH))) {
                batch.add(pool.submit(() -> load(store, job, id, snapshot.get(id))));
            }
            boolean older = false;
            for (int k = 0; k < batch.size(); k++) {
                BuildRecord r = get(batch.get(k));
                if (r.startedAt() >= 0 && r.startedAt() < cutoff) {
                    older = true;
                    continue;
                }
                builds.add(r);
                // a build's position counts the job's builds oldest first, so it does not move
                // when newer builds come: the grid's blocks of builds are cut by it
                positions.add(ids.size() - 1 - (i + k));
                if (r.finished()) {
                    if (snapshot.get(r.build()) == r) {
                        used++;
                    } else {
                        changed = true;
                    }
                }
            }
            if (older && source.sequential()) {
                break;
            }
        }
        if (changed || used != snapshot.size()) {
            // written in the background while the site is built; finish() waits for it
            List<BuildRecord> keep = List.copyOf(builds);
            Future<?> write = pool.submit(() -> cache.store(store.root(), job, keep, snapshot));
            synchronized (writes) {
                writes.add(write);
            }
        }
        return new JobBuilds(sourceIndex, job, builds, positions);
    }

    private BuildRecord load(ObjectStore store, String job, long id, BuildRecord snapshot) {
        long gen;
        try {
            gen = BuildReader.finishedGeneration(store, job, id);
        } catch (ObjectStoreException e) {
            // the build is shown with the reason; it is not cached, so the next run tries again
            read.incrementAndGet();
            return new BuildRecord(store.root(), job, id, 0, -1, -1, "", "", "",
                    List.of("finished.json cannot be read: " + BuildReader.oneLine(e.getMessage())), List.of(),
                    List.of(), "", List.of());
        }
        BuildRecord r;
        if (snapshot != null && gen > 0 && snapshot.finishedGeneration() == gen) {
            r = snapshot;
            cached.incrementAndGet();
        } else {
            try {
                r = reader.read(store, job, id, gen);
            } catch (RuntimeException e) {
                // the reader turns bad content into problems; anything else it meets (a store
                // failing in an unforeseen way) costs this build, never the site. Not cached.
                r = new BuildRecord(store.root(), job, id, 0, -1, -1, "", "", "",
                        List.of("the build cannot be read: " + BuildReader.oneLine(String.valueOf(e))), List.of(),
                        List.of(), "", List.of());
            }
            read.incrementAndGet();
        }
        listener.progress("read", done.incrementAndGet(), -1);
        return r;
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DashboardException("interrupted while reading builds", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new DashboardException("reading a build failed: " + c, c);
        }
    }

    private static boolean validJob(String name) {
        try {
            JobName.of(name);
            return true;
        } catch (LayoutException e) {
            return false;
        }
    }
}
