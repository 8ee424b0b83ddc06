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
 *   <li>{@code allure WORKDIR ALLURE_HOME LAUNCHER [RUNS]}: 10,000 test cases in 50 junit files,
 *       {@code LAUNCHER dashboard} (the {@code ./fede2e} users run) against {@code allure generate}
 *       (its own launcher script, default settings) over the same files, alternating;</li>
 *   <li>{@code bench WORKDIR ALLURE_HOME LAUNCHER}: every scenario of the README, printing the figures;</li>
 *   <li>{@code scale WORKDIR ALLURE_HOME LAUNCHER [SCENARIO...]}: issue 16's scenarios ({@code allure10k},
 *       {@code allure100k}, {@code k8s}, {@code growth}; all when none is named), see {@link ScaleBench};</li>
 *   <li>{@code parse DIR...}: the floor's first half, a bare parse of every junit file under the DIRs;</li>
 *   <li>{@code federation DIR TESTS}: writes issue 16's federation of 4 providers x 5 jobs x 30 builds
 *       over TESTS tests ({@link ScaleCorpus#federation}), dated for {@code site}, and prints its roots;</li>
 *   <li>{@code federation-add DIR TESTS BUILD}: adds build BUILD to every job of that federation.</li>
 * </ul>
 */
public final class BenchMain {

    /** Fixed "now" of the synthetic data, so runs are comparable. */
    static final long NOW = Long.getLong("bench.now", 1_795_000_000L);

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
            case "add" -> {
                // one more build in every job of roots written by "generate" with the same sizes
                int build = Integer.parseInt(args[1]);
                List<String> roots = Arrays.asList(args).subList(2, args.length);
                SyntheticBuckets.Spec spec = new SyntheticBuckets.Spec(roots.size(), 5, build, 500, 1,
                        NOW - 3600 + 60L * build, 3 * 3600);
                for (int p = 0; p < roots.size(); p++) {
                    for (int j = 0; j < 5; j++) {
                        SyntheticBuckets.writeBuild(Path.of(roots.get(p)), spec, p, j, build);
                    }
                }
            }
            case "bench" -> bench(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            case "scale" -> ScaleBench.run(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
                    Arrays.asList(args).subList(4, args.length));
            case "parse" -> ScaleBench.parse(Arrays.asList(args).subList(1, args.length));
            case "federation-add" -> {
                // build BUILD of every job of a federation written by "federation" (the incremental run)
                List<Path> roots = ScaleCorpus.federation(Path.of(args[1]), 4, 5, 0, 0, 0);
                for (int p = 0; p < roots.size(); p++) {
                    for (int j = 0; j < 5; j++) {
                        ScaleCorpus.federationBuild(roots.get(p), p, j, Integer.parseInt(args[3]),
                                Integer.parseInt(args[2]), NOW - 3600 + 1800);
                    }
                }
            }
            case "federation" -> System.out.println(String.join(" ", ScaleCorpus.federation(Path.of(args[1]), 4, 5,
                    30, Integer.parseInt(args[2]), NOW - 3600).stream().map(Path::toString).toList()));
            case "allure" -> allure(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 5);
            default -> {
                System.err.println("usage: BenchMain generate|site|add|bench|allure ...");
                System.exit(2);
            }
        }
    }

    static void site(Path out, List<String> roots) {
        long t0 = System.nanoTime();
        // the CPU the JVM spent before main: start-up, which no change to the dashboard can cut
        System.out.printf(Locale.ROOT, "  jvm start: process cpu %d ms%n", cpuMs());
        DashboardConfig config = DashboardConfig.ofRoots(roots.stream().map(r -> Path.of(r).toUri().toString())
                .toList());
        // prints how long each phase took, to see where a run's time goes without a profiler
        String[] phase = {"start"};
        long[] since = {t0};
        ProgressListener phases = (name, done, total) -> {
            synchronized (phase) {
                if (name.equals(phase[0])) {
                    return;
                }
                long now = System.nanoTime();
                System.out.printf(Locale.ROOT, "  phase %s: %d ms (process cpu so far %d ms)%n", phase[0],
                        (now - since[0]) / 1_000_000, cpuMs());
                phase[0] = name;
                since[0] = now;
            }
        };
        DashboardResult r = Dashboard.generate(config, out, Clock.fixed(java.time.Instant.ofEpochSecond(NOW),
                java.time.ZoneOffset.UTC), phases);
        System.out.printf(Locale.ROOT, "  phase %s: %d ms (process cpu so far %d ms)%n", phase[0],
                (System.nanoTime() - since[0]) / 1_000_000, cpuMs());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "site: %d jobs, %d builds read, %d from cache, %d tests, %d results in %d ms"
                        + " (heap used %d MiB of max %d MiB)%n", r.jobs(), r.buildsRead(), r.buildsFromCache(),
                r.tests(), r.testResults(), ms, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }

    static void bench(Path work, Path allureHome, Path launcher) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");

        // 1. 10,000 test cases in 50 junit files, against allure generate
        allure(work.resolve("allure"), allureHome, launcher, 5);

        // 2. 1,000,000 results: 4 providers x 5 jobs x 100 builds x 500 tests, cold then incremental.
        SyntheticBuckets.Spec big = new SyntheticBuckets.Spec(4, 5, 100, 500, 1, NOW - 3600, 3 * 3600);
        long g0 = System.nanoTime();
        List<Path> bigRoots = SyntheticBuckets.write(work.resolve("big"), big);
        System.out.printf(Locale.ROOT, "generated %s in %d ms%n", bigRoots, (System.nanoTime() - g0) / 1_000_000);
        // C1 only, as ./fede2e dashboard runs it
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "-XX:TieredStopAtLevel=1", "-cp", cp,
                BenchMain.class.getName(), "site", work.resolve("site-big").toString()));
        bigRoots.forEach(r -> cmd.add(r.toString()));
        long cold = time(cmd);
        System.out.printf(Locale.ROOT, "RESULT cold 1,000,000 results: wall %d ms, cpu %d ms (-Xmx2g)%n", cold,
                lastCpuMs);
        // one new build per job, newer than the rest
        SyntheticBuckets.Spec next = new SyntheticBuckets.Spec(4, 5, 101, 500, 1, NOW - 1800, 3 * 3600);
        for (int p = 0; p < bigRoots.size(); p++) {
            for (int j = 0; j < 5; j++) {
                SyntheticBuckets.writeBuild(bigRoots.get(p), next, p, j, 101);
            }
        }
        long incremental = time(cmd);
        System.out.printf(Locale.ROOT, "RESULT incremental (one new build per job): wall %d ms, cpu %d ms%n",
                incremental, lastCpuMs);
    }

    /**
     * The Allure comparison, as users run each tool: {@code ./fede2e dashboard --source ROOT --out
     * DIR} and {@code allure generate DIR -o REPORT --clean}, both from an empty output folder (ours
     * keeps its cache there, so each of its runs is cold). One first run of each is timed apart:
     * ours makes the launcher's class data sharing archive then (and builds the distribution when
     * it is missing). Then {@code runs} rounds, alternating which tool goes first; the medians of
     * wall and CPU (user + sys of the whole process tree) are compared.
     */
    static void allure(Path work, Path allureHome, Path launcher, int runs) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        // the window is taken from the real clock: the newest build started an hour ago
        long newest = System.currentTimeMillis() / 1000 / 3600 * 3600 - 3600;
        SyntheticBuckets.Spec small = new SyntheticBuckets.Spec(1, 1, 50, 200, 1, newest, 3 * 3600, false);
        Path root = SyntheticBuckets.write(work.resolve("small"), small).get(0);
        Path allureResults = work.resolve("allure-results");
        Files.createDirectories(allureResults);
        int files = 0;
        long cases = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().equals("junit_01.xml")) {
                    String build = p.getParent().getParent().getFileName().toString();
                    Files.copy(p, allureResults.resolve("junit_" + build + ".xml"));
                    files++;
                    cases += Files.readString(p).split("<testcase", -1).length - 1;
                }
            }
        }
        Path site = work.resolve("site");
        Path report = work.resolve("allure-report");
        List<String> ours = List.of(launcher.toString(), "dashboard", "--source", root.toUri().toString(),
                "--out", site.toString());
        List<String> theirs = List.of(allureHome.resolve("bin").resolve("allure").toString(), "generate",
                allureResults.toString(), "-o", report.toString(), "--clean");
        System.out.printf(Locale.ROOT, "allure comparison: %d test cases in %d junit files, load average %s%n", cases,
                files, loadAverage());
        deleteTree(site);
        time(ours);
        long firstOurs = lastWallMs;
        long firstOursCpu = lastCpuMs;
        deleteTree(report);
        time(theirs);
        long[] oursWall = new long[runs];
        long[] oursCpu = new long[runs];
        long[] theirsWall = new long[runs];
        long[] theirsCpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < 2; k++) {
                if ((i + k) % 2 == 0) {
                    deleteTree(site);
                    time(ours);
                    oursWall[i] = lastWallMs;
                    oursCpu[i] = lastCpuMs;
                } else {
                    deleteTree(report);
                    time(theirs);
                    theirsWall[i] = lastWallMs;
                    theirsCpu[i] = lastCpuMs;
                }
            }
        }
        long ow = median(oursWall);
        long oc = median(oursCpu);
        long tw = median(theirsWall);
        long tc = median(theirsCpu);
        System.out.printf(Locale.ROOT, "RESULT allure-comparison (%d cases, %d files, median of %d, load average now"
                        + " %s): fede2e dashboard wall %d ms cpu %d ms, allure generate wall %d ms cpu %d ms:"
                        + " %.1fx faster by wall, %.1fx by cpu; fede2e's first run (makes the CDS archive if there is none) wall %d ms"
                        + " cpu %d ms%n", cases, files, runs, loadAverage(), ow, oc, tw, tc, (double) tw / ow,
                (double) tc / oc, firstOurs, firstOursCpu);
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Runs a whole process and returns its wall time in ms; prints wall and CPU (user + sys, from
     * bash's {@code time}), since on a shared machine the CPU time is the fairer comparison.
     */
    private static long time(List<String> command) throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c",
                "TIMEFORMAT='TIMES %R %U %S'; time \"$@\" 2>&1", "bash"));
        wrapped.addAll(command);
        Path times = Files.createTempFile("bench-time", ".txt");
        Process p = new ProcessBuilder(wrapped).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(times.toFile()).start();
        int rc = p.waitFor();
        String t = Files.readString(times).strip();
        Files.delete(times);
        if (rc != 0 || !t.contains("TIMES ")) {
            throw new IllegalStateException(command.get(0) + " exited " + rc + ": " + t);
        }
        String[] f = t.substring(t.lastIndexOf("TIMES ") + 6).trim().split("\\s+");
        double wall = Double.parseDouble(f[0]);
        double cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
        lastCpuMs = Math.round(cpu * 1000);
        lastWallMs = Math.round(wall * 1000);
        System.out.printf(Locale.ROOT, "  %s: wall %.2f s, cpu %.2f s (user %s, sys %s)%n",
                Path.of(command.get(0)).getFileName(), wall, cpu, f[1], f[2]);
        return Math.round(wall * 1000);
    }

    private static long lastCpuMs;
    private static long lastWallMs;

    /** CPU time (user + sys, all threads) this process has used so far. */
    private static long cpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    static void deleteTree(Path dir) throws IOException {
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
