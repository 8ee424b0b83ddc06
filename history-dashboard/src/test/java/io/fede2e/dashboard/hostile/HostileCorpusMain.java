package io.fede2e.dashboard.hostile;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.DashboardResult;
import io.fede2e.dashboard.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Builds the site over a bucket in a JVM of its own, so that a test can bound its heap
 * ({@code -Xmx1g}): {@code HostileCorpusMain BUCKET_DIR OUT_DIR}. Prints the result and the
 * process' peak resident memory ({@code VmHWM}), one {@code key=value} a line.
 */
public final class HostileCorpusMain {

    private HostileCorpusMain() {
    }

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(HostileCorpus.NOW), ZoneOffset.UTC);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        DashboardResult r = Dashboard.generate(DashboardConfig.ofRoots(List.of(Path.of(args[0]).toUri().toString())),
                Path.of(args[1]), clock, ProgressListener.NONE);
        System.out.println("jobs=" + r.jobs());
        System.out.println("builds=" + (r.buildsRead() + r.buildsFromCache()));
        System.out.println("broken=" + r.brokenBuilds());
        System.out.println("wallMs=" + (System.nanoTime() - start) / 1_000_000);
        System.out.println("cpuMs=" + (os.getProcessCpuTime() - cpuBefore) / 1_000_000);
        System.out.println("maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                System.out.println("peakRssKiB=" + line.replaceAll("[^0-9]", ""));
            }
        }
        for (String n : r.notices()) {
            System.out.println("notice=" + n);
        }
    }
}
