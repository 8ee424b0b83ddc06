package io.fede2e.uploader.bench;

import io.fede2e.layout.BuildId;
import io.fede2e.layout.JobName;
import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.UploadOptions;
import io.fede2e.uploader.UploadReport;
import io.fede2e.uploader.Uploader;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Uploads a realistic artifacts tree of 2,000 small files (200 B - 8 KiB) to a file:// store,
 * beside {@code cp -r} of the same tree, alternating the two, and prints the medians.
 * Not a test: run it with {@code ./mvnw -o -B -q -pl uploader -am -Pbench verify -DskipTests}
 * (system properties {@code bench.files}, {@code bench.runs}, {@code bench.warmups}, {@code bench.dir}).
 */
public final class UploadBenchmark {

    private static final String[] WORDS = {"pod", "node", "kubelet", "Ready", "container", "started", "image",
        "pulled", "volume", "mounted", "lease", "renewed", "sync", "loop", "probe", "succeeded", "endpoint",
        "namespace", "e2e-tests-deployment-4k2x9", "10.244.1.17", "I1129", "W1129", "reconcile", "status"};

    private static final OperatingSystemMXBean CPU =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final UploadOptions OPTIONS = UploadOptions.defaults()
            .withParallelism(Integer.getInteger("bench.parallelism", UploadOptions.defaults().parallelism()));

    private UploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = Integer.getInteger("bench.files", 2000);
        int runs = Integer.getInteger("bench.runs", 9);
        int warmups = Integer.getInteger("bench.warmups", 4);
        String base = System.getProperty("bench.dir");
        Path work = base == null ? Files.createTempDirectory("fede2e-upload-bench")
                : Files.createDirectories(Path.of(base)).resolve("fede2e-upload-bench-" + System.nanoTime());
        Files.createDirectories(work);
        try {
            Path run = work.resolve("run");
            long bytes = generate(run, files, new Random(20261129));
            System.out.printf(Locale.ROOT, "tree: %d files, %.1f KiB, in %s (%d cores)%n", countFiles(run),
                    bytes / 1024.0, work, Runtime.getRuntime().availableProcessors());
            List<double[]> cp = new ArrayList<>();
            List<double[]> upload = new ArrayList<>();
            for (int i = 0; i < warmups + runs; i++) {
                boolean counted = i >= warmups;
                double[] c;
                double[] u;
                // Alternate which goes first, so that neither always meets a warmer cache.
                if (i % 2 == 0) {
                    sync();
                    c = timeCp(run, work.resolve("cp-" + i));
                    sync();
                    u = timeUpload(run, work.resolve("store-" + i));
                } else {
                    sync();
                    u = timeUpload(run, work.resolve("store-" + i));
                    sync();
                    c = timeCp(run, work.resolve("cp-" + i));
                }
                System.out.printf(Locale.ROOT, "%s %d: cp -r %.0f ms (cpu %.0f: user %.0f, sys %.0f), upload %.0f ms"
                        + " (cpu %.0f: user %.0f, sys %.0f)%n", counted ? "run" : "warm-up", i, c[0], c[1], c[2], c[3],
                        u[0], u[1], u[2], u[3]);
                if (counted) {
                    cp.add(c);
                    upload.add(u);
                }
                deleteTree(work.resolve("cp-" + i));
                deleteTree(work.resolve("store-" + i));
            }
            double cpWall = median(cp, 0);
            double upWall = median(upload, 0);
            double cpCpu = median(cp, 1);
            double upCpu = median(upload, 1);
            System.out.printf(Locale.ROOT, "median of %d runs: cp -r %.1f ms wall / %.1f ms cpu; upload to file://"
                    + " %.1f ms wall / %.1f ms cpu; ratio %.2fx wall, %.2fx cpu (target: within 2x)%n",
                    runs, cpWall, cpCpu, upWall, upCpu, upWall / cpWall, upCpu / cpCpu);
            System.out.printf(Locale.ROOT, "java %s, %d cores, load average %.1f at the end%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Flushes what earlier rounds wrote and deleted, so that its write-back and journal commits
     * are not charged to whichever operation happens to come next.
     */
    private static void sync() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /** Wall and CPU milliseconds of {@code cp -r}, as bash's {@code time} measures them (no spawn cost). */
    private static double[] timeCp(Path from, Path to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%3R %3U %3S'; time cp -r \"$0\" \"$1\"",
                from.toString(), to.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cp -r failed: " + err);
        }
        String[] f = err.substring(err.lastIndexOf('\n') + 1).split(" ");
        return new double[] {Double.parseDouble(f[0]) * 1000,
            (Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1000,
            Double.parseDouble(f[1]) * 1000, Double.parseDouble(f[2]) * 1000};
    }

    /** User and system clock ticks of this process so far, from /proc (Linux), or zeros. */
    private static long[] ticks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Wall and CPU milliseconds of the whole upload: open the store, upload all phases, close. */
    private static double[] timeUpload(Path run, Path storeDir) {
        long[] t0 = ticks();
        long cpu = CPU.getProcessCpuTime();
        long start = System.nanoTime();
        try (ObjectStore store = ObjectStore.open(storeDir.toUri().toString())) {
            UploadReport report = Uploader.create(store, OPTIONS).upload(run, JobName.of("bench"), Optional.of(new BuildId(1)),
                    Uploader.Phase.ALL);
            if (!report.ok()) {
                throw new IllegalStateException("upload reported errors: " + report.errors());
            }
        }
        long[] t1 = ticks();
        return new double[] {(System.nanoTime() - start) / 1e6, (CPU.getProcessCpuTime() - cpu) / 1e6,
            (t1[0] - t0[0]) * 10.0, (t1[1] - t0[1]) * 10.0};
    }

    /** A run directory shaped like a real one: node and pod logs, junit, metrics, cluster dumps, a few images. */
    private static long generate(Path run, int files, Random random) throws IOException {
        Files.createDirectories(run);
        long bytes = 0;
        bytes += write(run.resolve("started.json"), "{\"timestamp\": 1764374400, \"metadata\": {\"provider\": \"hollow\"}}\n"
                .getBytes(StandardCharsets.UTF_8));
        bytes += write(run.resolve("finished.json"), "{\"timestamp\": 1764378000, \"passed\": true, \"result\": \"SUCCESS\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        bytes += write(run.resolve("build-log.txt"), text(random, 8192));
        int made = 3;
        int i = 0;
        while (made < files) {
            String relative = switch (i % 10) {
                case 0, 1, 2 -> "artifacts/nodes/node-" + (i % 50) + "/" + new String[] {"kubelet.log", "kube-proxy.log",
                    "containerd.log", "journal.txt"}[(i / 10) % 4].replace(".", "-" + i + ".");
                case 3, 4, 5 -> "artifacts/pods/ns-" + (i % 20) + "/pod-" + i + "/container.log";
                case 6 -> "artifacts/junit_" + i + ".xml";
                case 7 -> "artifacts/metrics/" + i + ".json";
                case 8 -> "artifacts/cluster-dump/ns-" + (i % 20) + "/resources-" + i + ".yaml";
                default -> "artifacts/screenshots/shot-" + i + ".png";
            };
            int size = 200 + random.nextInt(8192 - 200 + 1);
            byte[] data;
            if (relative.endsWith(".png")) {
                data = new byte[size];
                random.nextBytes(data);
            } else {
                data = text(random, size);
            }
            bytes += write(run.resolve(relative), data);
            made++;
            i++;
        }
        return bytes;
    }

    private static byte[] text(Random random, int size) {
        StringBuilder b = new StringBuilder(size + 64);
        while (b.length() < size) {
            b.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        return b.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    private static long write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        return data.length;
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static double median(List<double[]> values, int index) {
        double[] v = values.stream().mapToDouble(a -> a[index]).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
