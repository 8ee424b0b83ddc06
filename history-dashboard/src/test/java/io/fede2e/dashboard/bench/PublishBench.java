package io.fede2e.dashboard.bench;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.ProgressListener;
import io.fede2e.dashboard.publish.PublishReport;
import io.fede2e.dashboard.publish.SitePublisher;
import io.fede2e.uploader.ObjectStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How many files an hourly {@code fede2e dashboard --publish} uploads: the site of 4 providers x
 * 5 jobs x 30 builds x 200 tests is built into a fresh directory each time, as the command does,
 * and published to a file:// root. Prints one RESULT line per case with files uploaded of files
 * in the site, and the wall and CPU time of the publication alone.
 *
 * <p>{@code ./mvnw -B -pl history-dashboard -am verify -DskipTests -Dbench.publish}
 */
public final class PublishBench {

    private static final long NOW = BenchMain.NOW;

    private PublishBench() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        deleteTree(work);
        Files.createDirectories(work);
        System.out.println("load: " + load());
        SyntheticBuckets.Spec spec = new SyntheticBuckets.Spec(4, 5, 30, 200, 1, NOW - 3600, 3 * 3600);
        List<Path> roots = SyntheticBuckets.write(work.resolve("buckets"), spec);
        DashboardConfig config = new DashboardConfig(DashboardConfig.ofRoots(roots.stream()
                .map(r -> r.toUri().toString()).toList()).sources(), null, work.resolve("cache"));
        try (ObjectStore target = ObjectStore.open(work.resolve("published").toUri().toString())) {
            SitePublisher publisher = SitePublisher.to(target);
            Path first = build(work, config, NOW, "first");
            report("first publication", publisher, first);
            report("the same site again", publisher, first);
            report("rebuilt, nothing new, same clock", publisher, build(work, config, NOW, "same-clock"));
            report("rebuilt an hour later, nothing new", publisher, build(work, config, NOW + 3600, "hour-later"));
            SyntheticBuckets.Spec next = new SyntheticBuckets.Spec(4, 5, 31, 200, 1, NOW + 1800, 3 * 3600);
            for (int p = 0; p < roots.size(); p++) {
                for (int j = 0; j < 5; j++) {
                    SyntheticBuckets.writeBuild(roots.get(p), next, p, j, 31);
                }
            }
            report("an hour later, one new build per job", publisher, build(work, config, NOW + 3600, "new-builds"));
        }
        System.out.println("load: " + load());
    }

    private static Path build(Path work, DashboardConfig config, long now, String name) {
        Path out = work.resolve("site-" + name);
        Dashboard.generate(config, out, Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC), ProgressListener.NONE);
        return out;
    }

    private static void report(String what, SitePublisher publisher, Path site) {
        long cpu0 = cpuMs();
        long t0 = System.nanoTime();
        PublishReport r = publisher.publish(site);
        long wall = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "RESULT %s: uploaded %d of %d files, deleted %d; wall %d ms, cpu %d ms%n",
                what, r.uploaded().size(), r.files(), r.deleted().size(), wall, cpuMs() - cpu0);
        if (r.uploaded().size() <= 12) {
            System.out.println("  changed: " + r.uploaded());
        } else {
            System.out.println("  changed by directory: " + r.uploaded().stream()
                    .map(n -> n.contains("/") ? n.substring(0, n.indexOf('/') + 1) : n)
                    .collect(java.util.stream.Collectors.groupingBy(d -> d, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting())));
        }
    }

    private static long cpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
