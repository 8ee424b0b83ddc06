package io.fede2e.dashboard.bench;

import io.fede2e.dashboard.Dashboard;
import io.fede2e.dashboard.DashboardConfig;
import io.fede2e.dashboard.DashboardResult;
import io.fede2e.dashboard.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark, run by {@code -Pbench}: whole processes, timed from outside.
 *
 * <ul>
 *   <li>{@code generate DIR PROVIDERS JOBS BUILDS TESTS}: writes synthetic buckets;</li>
 *   <li>{@code site OUT ROOT...}: builds the site (the process the benchmark times);</li>
 *   <li>{@code bench WORKDIR ALLURE_HOME}: both scenarios of the README, printing the figures.</li>
 * </ul>
 */
public final class BenchMain {

    /** Fixed "now" of the synthetic data, so runs are comparable. */
    static final long NOW = 1_795_000_000L;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "generate" -> {
                SyntheticBuckets.Spec spec = new SyntheticBuckets.Spec(Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), 1,
                        NOW - 3600, 3 * 3600);
                System.out.println(SyntheticBuckets.write(Path.of(args[1]), spec));
            }
            case "site" -> site(Path.of(args[1]), Arrays.asList(args).subList(2, args.length));
            case "bench" -> bench(Path.of(args[1]), Path.of(args[2]));
            default -> {
                System.err.println("usage: BenchMain generate|site|bench ...");
                System.exit(2);
            }
        }
    }

    static void site(Path out, List<String> roots) {
        long t0 = System.nanoTime();
        DashboardConfig config = DashboardConfig.ofRoots(roots.stream().map(r -> Path.of(r).toUri().toString())
                .toList());
        DashboardResult r = Dashboard.generate(config, out, Clock.fixed(java.time.Instant.ofEpochSecond(NOW),
                java.time.ZoneOffset.UTC), ProgressListener.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "site: %d jobs, %d builds read, %d from cache, %d tests, %d results in %d ms"
                        + " (heap used %d MiB of max %d MiB)%n", r.jobs(), r.buildsRead(), r.buildsFromCache(),
                r.tests(), r.testResults(), ms, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }

    static void bench(Path work, Path allureHome) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");

        // 1. 10,000 test cases in 50 junit files: one job, 50 builds of 200 tests.
        SyntheticBuckets.Spec small = new SyntheticBuckets.Spec(1, 1, 50, 200, 1, NOW - 3600, 3 * 3600);
        List<Path> smallRoots = SyntheticBuckets.write(work.resolve("small"), small);
        Path allureResults = work.resolve("allure-results");
        Files.createDirectories(allureResults);
        try (Stream<Path> s = Files.walk(smallRoots.get(0))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().equals("junit_01.xml")) {
                    String build = p.getParent().getParent().getFileName().toString();
                    Files.copy(p, allureResults.resolve("junit_" + build + ".xml"));
                }
            }
        }
        long ours = time(List.of(java, "-Xmx2g", "-cp", cp, BenchMain.class.getName(), "site",
                work.resolve("site-small").toString(), smallRoots.get(0).toString()));
        String allure = allureHome.resolve("bin").resolve("allure").toString();
        long theirs = time(List.of(allure, "generate", allureResults.toString(), "-o",
                work.resolve("allure-report").toString(), "--clean"));
        System.out.printf(Locale.ROOT, "RESULT allure-comparison: fede2e %d ms, allure generate %d ms, %.1fx faster%n",
                ours, theirs, (double) theirs / ours);

        // 2. 1,000,000 results: 4 providers x 5 jobs x 100 builds x 500 tests, cold then incremental.
        SyntheticBuckets.Spec big = new SyntheticBuckets.Spec(4, 5, 100, 500, 1, NOW - 3600, 3 * 3600);
        long g0 = System.nanoTime();
        List<Path> bigRoots = SyntheticBuckets.write(work.resolve("big"), big);
        System.out.printf(Locale.ROOT, "generated %s in %d ms%n", bigRoots, (System.nanoTime() - g0) / 1_000_000);
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "-cp", cp, BenchMain.class.getName(), "site",
                work.resolve("site-big").toString()));
        bigRoots.forEach(r -> cmd.add(r.toString()));
        long cold = time(cmd);
        System.out.printf(Locale.ROOT, "RESULT cold 1,000,000 results: %d ms (-Xmx2g)%n", cold);
        // one new build per job, newer than the rest
        SyntheticBuckets.Spec next = new SyntheticBuckets.Spec(4, 5, 101, 500, 1, NOW - 1800, 3 * 3600);
        for (int p = 0; p < bigRoots.size(); p++) {
            for (int j = 0; j < 5; j++) {
                SyntheticBuckets.writeBuild(bigRoots.get(p), next, p, j, 101);
            }
        }
        long incremental = time(cmd);
        System.out.printf(Locale.ROOT, "RESULT incremental (one new build per job): %d ms%n", incremental);
    }

    private static long time(List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).inheritIO().start();
        int rc = p.waitFor();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (rc != 0) {
            throw new IllegalStateException(command.get(0) + " exited " + rc);
        }
        return ms;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
