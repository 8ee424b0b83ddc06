package io.fede2e.dashboard.bench;

import io.fede2e.layout.junit.JUnitReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 16's benchmark: whole processes timed by GNU time (wall, user + sys of the process and
 * its children, peak RSS of the largest), the peers alternating in the same run, the load
 * average printed beside every figure, medians of {@link #RUNS}.
 *
 * <ul>
 *   <li>{@code allure10k}, {@code allure100k}: {@code ./fede2e dashboard} against {@code allure
 *       generate} over 50 and 500 junit files of 200 distinct cases, one build of one job ({@link
 *       ScaleCorpus#distinct});</li>
 *   <li>{@code k8s}: 4 providers x 5 jobs x 30 builds x 7,000 tests, 6 of 7 skipped: cold, alternating
 *       with the floor (a bare parse of the same junit files, {@code parse}, and a copy of the
 *       finished site, {@code cp -r}), then after one new build per job;</li>
 *   <li>{@code growth}: the same federation at 1,000, 7,000 and 30,000 tests, one cold run each
 *       in process ({@code BenchMain site}, C1 and the collector as the launcher runs it), with its phases.</li>
 * </ul>
 */
final class ScaleBench {

    /** Runs per peer and figure; {@code -Dbench.runs=N} on a machine too loaded for three. */
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ScaleBench() {
    }

    /** A timed process: wall and CPU in ms, peak RSS in MiB, peak heap in MiB from its GC log (-1 without). */
    record Run(long wall, long cpu, long rss, long heap) {
    }

    static void run(Path work, Path allureHome, Path launcher, List<String> scenarios) throws Exception {
        Files.createDirectories(work);
        // a blank name is what Maven passes for an empty bench.args
        List<String> named = scenarios.stream().flatMap(n -> Arrays.stream(n.split("[ ,]+")))
                .filter(n -> !n.isBlank()).toList();
        List<String> which = named.isEmpty() ? List.of("allure10k", "allure100k", "k8s", "growth") : named;
        for (String s : which) {
            switch (s) {
                case "allure10k" -> allure(work.resolve("a10k"), allureHome, launcher, 50, 200);
                case "allure100k" -> allure(work.resolve("a100k"), allureHome, launcher, 500, 200);
                case "k8s" -> federation(work.resolve("k8s"), launcher);
                case "growth" -> growth(work.resolve("growth"));
                default -> throw new IllegalArgumentException("unknown scenario " + s
                        + ": name allure10k, allure100k, k8s or growth");
            }
        }
    }

    private static long newestStart() {
        // the launcher's window comes from the real clock: the newest build started an hour ago
        return System.currentTimeMillis() / 1000 / 3600 * 3600 - 3600;
    }

    static void allure(Path work, Path allureHome, Path launcher, int files, int cases) throws Exception {
        BenchMain.deleteTree(work);
        Files.createDirectories(work);
        Path root = ScaleCorpus.distinct(work, files, cases, newestStart());
        Path results = work.resolve("allure-results");
        Files.createDirectories(results);
        long bytes = 0;
        for (Path p : junitFiles(List.of(root))) {
            Files.copy(p, results.resolve(p.getFileName()));
            bytes += Files.size(p);
        }
        Path site = work.resolve("site");
        Path report = work.resolve("allure-report");
        Path gc = work.resolve("gc.log");
        List<String> ours = List.of(launcher.toString(), "dashboard", "--source", root.toUri().toString(), "--out",
                site.toString());
        List<String> theirs = List.of(allureHome.resolve("bin/allure").toString(), "generate", results.toString(),
                "-o", report.toString(), "--clean");
        Map<String, String> env = Map.of("FEDE2E_JAVA_OPTS", "-Xlog:gc:file=" + gc);
        System.out.printf(Locale.ROOT, "allure %d x %d distinct cases (%d MB of junit), load %s%n", files, cases,
                bytes >> 20, BenchMain.loadAverage());
        // each warmed once: ours makes the launcher's class data sharing archive on its first run
        BenchMain.deleteTree(site);
        time("fede2e (warm-up)", ours, env, gc, work);
        BenchMain.deleteTree(report);
        time("allure (warm-up)", theirs, Map.of(), null, work);
        List<Run> o = new ArrayList<>();
        List<Run> t = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            for (int k = 0; k < 2; k++) {
                if ((i + k) % 2 == 0) {
                    BenchMain.deleteTree(site);
                    o.add(time("fede2e", ours, env, gc, work));
                } else {
                    BenchMain.deleteTree(report);
                    t.add(time("allure", theirs, Map.of(), null, work));
                }
            }
        }
        Run om = median(o);
        Run tm = median(t);
        System.out.printf(Locale.ROOT, "RESULT allure %d cases (%d files x %d, distinct), median of %d, load %s:"
                        + " fede2e wall %s cpu %s peak RSS %d MiB (heap peak %d MiB) | allure wall %s cpu %s peak RSS"
                        + " %d MiB | %.1fx by wall, %.1fx by cpu%n", files * cases, files, cases, RUNS,
                BenchMain.loadAverage(), s(om.wall()), s(om.cpu()), om.rss(), om.heap(), s(tm.wall()), s(tm.cpu()),
                tm.rss(), (double) tm.wall() / om.wall(), (double) tm.cpu() / om.cpu());
    }

    static void federation(Path work, Path launcher) throws Exception {
        BenchMain.deleteTree(work);
        Files.createDirectories(work);
        long newest = newestStart();
        long g0 = System.nanoTime();
        List<Path> roots = ScaleCorpus.federation(work.resolve("buckets"), 4, 5, 30, 7000, newest);
        List<Path> junit = junitFiles(roots);
        long bytes = 0;
        for (Path p : junit) {
            bytes += Files.size(p);
        }
        System.out.printf(Locale.ROOT, "k8s federation: 4 x 5 x 30 builds x 7,000 tests, %d junit files, %d MB,"
                + " generated in %d s, load %s%n", junit.size(), bytes >> 20, (System.nanoTime() - g0) / 1_000_000_000L,
                BenchMain.loadAverage());
        Path site = work.resolve("site");
        Path copy = work.resolve("site-copy");
        Path gc = work.resolve("gc.log");
        List<String> ours = new ArrayList<>(List.of(launcher.toString(), "dashboard", "--out", site.toString()));
        for (Path r : roots) {
            ours.add("--source");
            ours.add(r.toUri().toString());
        }
        List<String> parse = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), "parse"));
        roots.forEach(r -> parse.add(r.toString()));
        List<String> cp = List.of("cp", "-r", site.toString(), copy.toString());
        // the target is a heap under 1 GiB: the runs are held to it
        Map<String, String> env = Map.of("FEDE2E_JAVA_OPTS", "-Xmx1g -Xlog:gc:file=" + gc);
        List<Run> cold = new ArrayList<>();
        List<Run> parsed = new ArrayList<>();
        List<Run> copied = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            if (i % 2 == 1) {
                parsed.add(time("bare parse", parse, Map.of(), null, work));
            }
            BenchMain.deleteTree(site);
            cold.add(time("fede2e cold", ours, env, gc, work));
            BenchMain.deleteTree(copy);
            copied.add(time("copy of the site", cp, Map.of(), null, work));
            if (i % 2 == 0) {
                parsed.add(time("bare parse", parse, Map.of(), null, work));
            }
        }
        long siteBytes = size(copy);
        BenchMain.deleteTree(copy);
        Run c = median(cold);
        Run p = median(parsed);
        Run k = median(copied);
        System.out.printf(Locale.ROOT, "RESULT k8s cold (-Xmx1g), median of %d, load %s: wall %s cpu %s peak RSS %d MiB"
                        + " heap peak %d MiB; floor: bare parse of %d MB wall %s cpu %s + copy of the %d MB site wall %s"
                        + " cpu %s = wall %s cpu %s; cold / floor %.1fx by wall, %.1fx by cpu%n", RUNS,
                BenchMain.loadAverage(), s(c.wall()), s(c.cpu()), c.rss(), c.heap(), bytes >> 20, s(p.wall()),
                s(p.cpu()), siteBytes >> 20, s(k.wall()), s(k.cpu()), s(p.wall() + k.wall()), s(p.cpu() + k.cpu()),
                (double) c.wall() / (p.wall() + k.wall()), (double) c.cpu() / (p.cpu() + k.cpu()));
        // one new build per job, then the incremental run from the same state each time
        Path before = work.resolve("site-before");
        run(List.of("cp", "-a", site.toString(), before.toString()));
        for (int pr = 0; pr < roots.size(); pr++) {
            for (int j = 0; j < 5; j++) {
                ScaleCorpus.federationBuild(roots.get(pr), pr, j, 31, 7000, newest + 1800);
            }
        }
        List<Run> inc = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            BenchMain.deleteTree(site);
            run(List.of("cp", "-a", before.toString(), site.toString()));
            inc.add(time("fede2e incremental", ours, env, gc, work));
        }
        Run n = median(inc);
        System.out.printf(Locale.ROOT, "RESULT k8s after one new build per job (-Xmx1g), median of %d, load %s: wall %s"
                + " cpu %s peak RSS %d MiB heap peak %d MiB%n", RUNS, BenchMain.loadAverage(), s(n.wall()), s(n.cpu()),
                n.rss(), n.heap());
        BenchMain.deleteTree(before);
    }

    static void growth(Path work) throws Exception {
        // -Dbench.growth=1000,7000 leaves out the largest where the machine cannot afford it
        for (String size : System.getProperty("bench.growth", "1000,7000,30000").split(",")) {
            int tests = Integer.parseInt(size.trim());
            Path dir = work.resolve("t" + tests);
            BenchMain.deleteTree(dir);
            List<Path> roots = ScaleCorpus.federation(dir.resolve("buckets"), 4, 5, 30, tests, BenchMain.NOW - 3600);
            long bytes = 0;
            for (Path p : junitFiles(roots)) {
                bytes += Files.size(p);
            }
            Path gc = dir.resolve("gc.log");
            List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC",
                    "-Xmn128m", "-Xlog:gc:file=" + gc, "-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), "site",
                    dir.resolve("site").toString()));
            roots.forEach(r -> cmd.add(r.toString()));
            Run r = time("site " + tests + " tests", cmd, Map.of(), gc, dir);
            System.out.printf(Locale.ROOT, "RESULT growth %d tests (%,d results, %d MB junit), load %s: wall %s cpu %s"
                            + " heap peak %d MiB peak RSS %d MiB, site %d MB%n", tests, 600L * tests, bytes >> 20,
                    BenchMain.loadAverage(), s(r.wall()), s(r.cpu()), r.heap(), r.rss(), size(dir.resolve("site")) >> 20);
            BenchMain.deleteTree(dir);
        }
    }

    /** The floor's parse: every junit file under the roots through the same reader, on one thread. */
    static void parse(List<String> roots) throws IOException {
        JUnitReader reader = JUnitReader.create();
        long cases = 0;
        long bytes = 0;
        for (Path p : junitFiles(roots.stream().map(Path::of).toList())) {
            try (InputStream in = Files.newInputStream(p)) {
                cases += reader.read(in, p.toString()).testCases().size();
            }
            bytes += Files.size(p);
        }
        System.out.printf(Locale.ROOT, "  parsed %,d test cases from %d MB%n", cases, bytes >> 20);
    }

    private static List<Path> junitFiles(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            try (Stream<Path> s = Files.walk(r)) {
                s.filter(p -> p.getFileName().toString().matches("junit_\\d+\\.xml")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String s(long ms) {
        return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    private static Run median(List<Run> runs) {
        return new Run(BenchMain.median(runs.stream().mapToLong(Run::wall).toArray()),
                BenchMain.median(runs.stream().mapToLong(Run::cpu).toArray()),
                BenchMain.median(runs.stream().mapToLong(Run::rss).toArray()),
                BenchMain.median(runs.stream().mapToLong(Run::heap).toArray()));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** Runs a whole process under GNU time; its output goes to a log in {@code work}, shown when it fails. */
    private static Run time(String label, List<String> command, Map<String, String> env, Path gcLog, Path work)
            throws IOException, InterruptedException {
        if (gcLog != null) {
            Files.deleteIfExists(gcLog);
        }
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/time", "-f", "TIMES %e %U %S %M"));
        wrapped.addAll(command);
        Path log = work.resolve("last-run.log");
        ProcessBuilder pb = new ProcessBuilder(wrapped).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(new HashMap<>(env));
        int rc = pb.start().waitFor();
        String out = Files.readString(log);
        int at = out.lastIndexOf("TIMES ");
        if (rc != 0 || at < 0) {
            throw new IllegalStateException(label + " exited " + rc + ": " + out.substring(Math.max(0, out.length()
                    - 2000)));
        }
        String[] f = out.substring(at + 6).trim().split("\\s+");
        long wall = Math.round(Double.parseDouble(f[0]) * 1000);
        long cpu = Math.round((Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1000);
        long rss = Long.parseLong(f[3]) >> 10;
        long heap = -1;
        if (gcLog != null && Files.exists(gcLog)) {
            Matcher m = GC.matcher(Files.readString(gcLog));
            while (m.find()) {
                heap = Math.max(heap, Long.parseLong(m.group(1)));
            }
        }
        // the phases BenchMain site prints, and any line of ours worth seeing
        Arrays.stream(out.substring(0, at).split("\n")).filter(l -> l.startsWith("  phase") || l.startsWith("site:")
                || l.startsWith("  parsed")).forEach(System.out::println);
        System.out.printf(Locale.ROOT, "  %s: wall %s, cpu %s, peak RSS %d MiB, heap peak %d MiB (load %s)%n", label,
                s(wall), s(cpu), rss, heap, BenchMain.loadAverage());
        return new Run(wall, cpu, rss, heap);
    }
}
