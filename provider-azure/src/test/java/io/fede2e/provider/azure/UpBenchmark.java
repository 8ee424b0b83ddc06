package io.fede2e.provider.azure;

import io.fede2e.provider.api.ClusterSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Up with 1 worker beside Up with 50, on the loopback fakes with 200 ms added to every ARM call and
 * every SSH command: the provider must add no serial wait per node, so 50 workers must take less
 * than 3x the time of one. Not a test (it measures); run it with
 * {@code ./mvnw -B -pl provider-azure -am verify -Pbench -DskipTests}.
 */
public final class UpBenchmark {

    static final Duration LATENCY = Duration.ofMillis(200);

    private UpBenchmark() {
    }

    /** One Up of {@code workers} workers, and its Down: wall and CPU seconds of the Up. */
    record Sample(int workers, double wallSeconds, double cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Sample> one = new ArrayList<>();
        List<Sample> fifty = new ArrayList<>();
        run(1);
        for (int r = 0; r < rounds; r++) {
            // Alternating, so that a change in the machine's load hits both alike.
            one.add(run(1));
            fifty.add(run(50));
        }
        double m1 = median(one.stream().mapToDouble(Sample::wallSeconds).toArray());
        double m50 = median(fifty.stream().mapToDouble(Sample::wallSeconds).toArray());
        double c1 = median(one.stream().mapToDouble(Sample::cpuSeconds).toArray());
        double c50 = median(fifty.stream().mapToDouble(Sample::cpuSeconds).toArray());
        System.out.printf(Locale.ROOT, "up, 200 ms per ARM call and SSH command, median of %d alternating rounds:%n",
                rounds);
        System.out.printf(Locale.ROOT, "  1 worker:   %.2f s wall, %.2f s CPU%n", m1, c1);
        System.out.printf(Locale.ROOT, "  50 workers: %.2f s wall, %.2f s CPU%n", m50, c50);
        System.out.printf(Locale.ROOT, "  ratio: %.2fx wall (target < 3x): %s; load %s%n", m50 / m1,
                m50 < 3 * m1 ? "met" : "NOT met", load());
    }

    static Sample run(int workers) throws Exception {
        String group = "fede2e-bench-" + workers + "-aaaaa";
        Path home = Files.createTempDirectory("fede2e-bench");
        try (KubeadmWorld world = new KubeadmWorld(group, "bench", workers, home)) {
            world.arm.latency(LATENCY);
            world.vms.latency(LATENCY);
            AzureProvider provider = world.provider();
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            provider.up(new ClusterSpec("fede2e-bench-" + workers, workers, "v1.33.0",
                    TestSettings.options("bench")));
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu() - cpu0) / 1e9;
            provider.down();
            System.out.printf(Locale.ROOT, "  up with %2d workers: %.2f s wall, %.2f s CPU (load %s)%n", workers, wall,
                    cpuSeconds, load());
            return new Sample(workers, wall, cpuSeconds);
        } finally {
            Files.deleteIfExists(home);
        }
    }

    /** This process's CPU time, nanoseconds: the fakes' work is in it too. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
