package io.fede2e.dashboard.bench;

import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.ProgressListener;
import io.fede2e.dashboard.model.Aggregator;
import io.fede2e.dashboard.model.Site;
import io.fede2e.dashboard.read.BuildReader;
import io.fede2e.dashboard.read.Collector;
import io.fede2e.dashboard.read.JobBuilds;
import io.fede2e.dashboard.read.JobCache;
import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.StoreOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The aggregate phase alone, again and again in one JVM: {@code SITE RUNS THREADS ROOT...} reads
 * the jobs of the ROOTs once (from SITE's cache, as a run with nothing new does: build a site there
 * with {@code BenchMain site} first), then aggregates them RUNS times, on the calling thread when
 * THREADS is 1, else on a pool of THREADS, printing each run's wall time and CPU (the calling
 * thread's and the process's). The first run pays for loading and compiling the code, as the
 * dashboard's one run does; the later ones show the work itself.
 */
public final class AggregateBench {

    private AggregateBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: AggregateBench SITE RUNS THREADS ROOT...");
            System.exit(2);
        }
        Path site = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        List<String> roots = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            roots.add(Path.of(args[i]).toUri().toString());
        }
        DashboardConfig config = DashboardConfig.ofRoots(roots);
        Instant now = Instant.ofEpochSecond(BenchMain.NOW);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "aggregate-bench");
            t.setDaemon(true);
            return t;
        });
        try {
            Collector collector = new Collector(new BuildReader(JUnitReader.create(), Clock.fixed(now, ZoneOffset.UTC)),
                    new JobCache(site.resolve(".fede2e-cache")), pool, ProgressListener.NONE);
            List<JobBuilds> jobs = new ArrayList<>();
            for (int i = 0; i < config.sources().size(); i++) {
                try (ObjectStore store = ObjectStore.open(config.sources().get(i).root(),
                        StoreOptions.defaults().readAnonymouslyWithoutCredentials())) {
                    jobs.addAll(collector.collect(i, config.sources().get(i), store, now));
                }
            }
            collector.finish();
            ThreadMXBean threadsBean = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int run = 0; run < runs; run++) {
                long wall = System.nanoTime();
                long own = threadsBean.getCurrentThreadCpuTime();
                long process = os.getProcessCpuTime();
                Aggregator aggregator = new Aggregator(config.sources(), now);
                Site s = threads <= 1 ? aggregator.aggregate(config.title(), jobs)
                        : aggregator.aggregate(config.title(), jobs, pool);
                System.out.printf(Locale.ROOT, "run %d: wall %d ms, calling thread cpu %d ms, process cpu %d ms"
                                + " (%d jobs, %d tests, %d results)%n", run, (System.nanoTime() - wall) / 1_000_000,
                        (threadsBean.getCurrentThreadCpuTime() - own) / 1_000_000,
                        (os.getProcessCpuTime() - process) / 1_000_000, s.jobs().size(), s.tests().size(),
                        s.testResults());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
