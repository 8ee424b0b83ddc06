package io.fede2e.layout.junit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The JUnit parse benchmark: not a test. Generates a corpus of Ginkgo-style junit files
 * (about 100 MB by default) into a directory, loads it into memory, then times
 * {@link JUnitReader} and a bare StAX pass over the same bytes in the same JVM, alternating
 * rounds after a warm-up, and prints the median MB/s of each and their ratio.
 *
 * <p>Run with {@code ./mvnw -o -B -q -pl layout -Pbench verify} (see the module's README).
 * Arguments: {@code <corpus dir> [megabytes] [rounds]}.
 */
public final class JUnitParseBenchmark {

    private static final double TARGET_RATIO = 0.7;

    private JUnitParseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/junit-bench");
        long megabytes = args.length > 1 ? Long.parseLong(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 11;

        List<Path> files = CorpusGenerator.generate(dir, megabytes * 1_000_000L);
        List<byte[]> corpus = new ArrayList<>();
        long bytes = 0;
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            corpus.add(b);
            bytes += b.length;
        }
        System.out.printf(Locale.ROOT, "corpus: %d files, %.1f MB in %s%n", files.size(), bytes / 1e6, dir);

        JUnitReader reader = JUnitReader.create();
        long cases = 0;
        for (byte[] b : corpus) {
            cases += reader.read(new ByteArrayInputStream(b), "corpus").testCases().size();
        }
        System.out.printf(Locale.ROOT, "test cases in corpus: %d%n", cases);

        // Warm-up: both code paths compiled before anything is timed.
        for (int i = 0; i < 3; i++) {
            readerPass(reader, corpus);
            barePass(corpus);
        }
        // Process CPU time (this thread, GC and JIT together) as well as wall time: on a
        // shared machine the wall clock mostly measures the neighbours.
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] readerCpu = new double[rounds];
        double[] bareCpu = new double[rounds];
        double[] readerWall = new double[rounds];
        double[] bareWall = new double[rounds];
        double mb = bytes / 1e6;
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            // Paired rounds, the order alternating, so that drift in the machine's load falls on
            // both sides of each ratio alike.
            boolean readerFirst = i % 2 == 0;
            long[] readerTimes;
            long[] bareTimes;
            if (readerFirst) {
                readerTimes = timed(os, () -> readerPass(reader, corpus));
                bareTimes = timed(os, () -> barePass(corpus));
            } else {
                bareTimes = timed(os, () -> barePass(corpus));
                readerTimes = timed(os, () -> readerPass(reader, corpus));
            }
            readerCpu[i] = mb / (readerTimes[0] / 1e9);
            readerWall[i] = mb / (readerTimes[1] / 1e9);
            bareCpu[i] = mb / (bareTimes[0] / 1e9);
            bareWall[i] = mb / (bareTimes[1] / 1e9);
            ratios[i] = readerCpu[i] / bareCpu[i];
            System.out.printf(Locale.ROOT, "round %d: JUnitReader %.1f MB/cpu-s (%.1f MB/s wall),"
                    + " bare StAX %.1f MB/cpu-s (%.1f MB/s wall), ratio %.2f%n", i + 1, readerCpu[i], readerWall[i],
                    bareCpu[i], bareWall[i], ratios[i]);
        }
        double ratio = median(ratios);
        String summary = String.format(Locale.ROOT,
                "median of %d rounds over %.1f MB: JUnitReader %.1f MB/s, bare StAX pass %.1f MB/s (per CPU second);"
                        + " wall %.1f vs %.1f MB/s; ratio %.2f (median of paired rounds; target >= %.1f): %s%n"
                        + "java %s, %d cores, load average %.1f at the end%n",
                rounds, mb, median(readerCpu), median(bareCpu), median(readerWall), median(bareWall), ratio,
                TARGET_RATIO, ratio >= TARGET_RATIO ? "MET" : "MISSED", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage());
        System.out.print(summary);
        Files.writeString(dir.resolve("result.txt"), summary, StandardCharsets.UTF_8);
    }

    private interface Pass {
        void run() throws Exception;
    }

    /** Process CPU and wall nanoseconds of one pass, after a GC so that it pays only for its own garbage. */
    private static long[] timed(com.sun.management.OperatingSystemMXBean os, Pass pass) throws Exception {
        System.gc();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        pass.run();
        return new long[] {os.getProcessCpuTime() - c0, System.nanoTime() - t0};
    }

    private static long readerPass(JUnitReader reader, List<byte[]> corpus) {
        long n = 0;
        for (byte[] b : corpus) {
            n += reader.read(new ByteArrayInputStream(b), "corpus").suites().size();
        }
        return n;
    }

    /** Every event, and every text event's characters touched: the floor any StAX reader pays. */
    static long barePass(List<byte[]> corpus) throws XMLStreamException {
        long sum = 0;
        for (byte[] b : corpus) {
            XMLStreamReader r = JUnitReader.factory().createXMLStreamReader(new ByteArrayInputStream(b));
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                        || ev == XMLStreamConstants.SPACE) {
                    char[] text = r.getTextCharacters();
                    int len = r.getTextLength();
                    sum += len + (len > 0 ? text[r.getTextStart()] : 0);
                }
            }
            r.close();
        }
        if (sum == 42) {
            System.out.print("");
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Writes the corpus with {@link JUnitWriter}-independent, Ginkgo v2-shaped text. */
    static final class CorpusGenerator {
        private static final String[] SIGS = {"apps", "network", "storage", "node", "cli", "api-machinery", "auth",
                "scheduling", "instrumentation", "autoscaling"};
        private static final String[] WORDS = {"Deployment", "should", "run", "the", "lifecycle", "of", "a", "Pod",
                "with", "readiness", "probe", "Services", "serve", "endpoints", "from", "pods", "ConfigMap",
                "consumable", "via", "environment", "variable", "volume", "mount", "StatefulSet", "scale", "down",
                "DNS", "resolve", "cluster", "names", "when", "node", "is", "restarted", "Secrets", "Job"};

        private CorpusGenerator() {
        }

        static List<Path> generate(Path dir, long totalBytes) throws IOException {
            Files.createDirectories(dir);
            Random random = new Random(20260101L);
            List<Path> files = new ArrayList<>();
            long written = 0;
            int index = 0;
            long perFile = 2_500_000L;
            while (written < totalBytes) {
                index++;
                Path file = dir.resolve(String.format(Locale.ROOT, "junit_%03d.xml", index));
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    writeFile(w, random, Math.min(perFile, totalBytes - written), index);
                }
                written += Files.size(file);
                files.add(file);
            }
            return files;
        }

        private static void writeFile(Writer w, Random random, long target, int index) throws IOException {
            StringBuilder b = new StringBuilder(1 << 16);
            b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n  <testsuites tests=\"0\" disabled=\"0\" errors=\"0\""
                    + " failures=\"0\" time=\"0\">\n      <testsuite name=\"Kubernetes e2e suite\" package=\"/go/src/"
                    + "k8s.io/kubernetes/test/e2e\" tests=\"0\" skipped=\"0\" disabled=\"0\" errors=\"0\" failures=\"0\""
                    + " time=\"3600.5\" timestamp=\"2026-01-01T00:00:00\">\n          <properties>\n");
            String[][] props = {{"SuiteSucceeded", "false"}, {"RandomSeed", Integer.toString(1_700_000_000 + index)},
                    {"FocusStrings", "\\[Conformance\\]"}, {"ParallelTotal", "25"}, {"FlakeAttempts", "0"}};
            for (String[] p : props) {
                b.append("              <property name=\"").append(p[0]).append("\" value=\"").append(p[1])
                        .append("\"></property>\n");
            }
            b.append("          </properties>\n          <testcase name=\"[SynchronizedBeforeSuite]\" classname=\""
                    + "Kubernetes e2e suite\" status=\"passed\" time=\"2.163118\"></testcase>\n");
            long size = b.length();
            w.append(b);
            int n = 0;
            while (size < target - 200) {
                b.setLength(0);
                testCase(b, random, ++n);
                size += b.length();
                w.append(b);
            }
            w.append("      </testsuite>\n  </testsuites>\n");
        }

        private static void testCase(StringBuilder b, Random random, int n) {
            String sig = SIGS[random.nextInt(SIGS.length)];
            StringBuilder name = new StringBuilder("[It] [sig-").append(sig).append("] ");
            int words = 6 + random.nextInt(10);
            for (int i = 0; i < words; i++) {
                name.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            name.append('#').append(n);
            if (random.nextInt(4) == 0) {
                name.append(" [Conformance]");
            }
            int kind = random.nextInt(100);
            double time = random.nextInt(300_000) / 1000.0;
            String status = kind < 6 ? "failed" : kind < 7 ? "panicked" : kind < 30 ? "skipped" : "passed";
            b.append("          <testcase name=\"").append(name).append("\" classname=\"Kubernetes e2e suite\" status=\"")
                    .append(status).append("\" time=\"").append(status.equals("skipped") ? 0 : time).append("\">");
            switch (status) {
                case "failed" -> {
                    b.append("\n              <failure message=\"Unexpected error:&#xA;    &lt;*errors.errorString | 0xc001d2e0a0&gt;:"
                            + " &#xA;    timed out waiting for the condition&#xA;occurred\" type=\"failed\">[FAILED]"
                            + " Unexpected error:\n    &lt;*errors.errorString | 0xc001d2e0a0&gt;: \n    timed out waiting"
                            + " for the condition\noccurred\nIn [It] at: test/e2e/").append(sig).append("/util.go:")
                            .append(100 + random.nextInt(900)).append(" @ 01/01/26 00:12:11.101\n</failure>\n");
                    timeline(b, random, 20 + random.nextInt(120));
                    b.append("          ");
                }
                case "panicked" -> {
                    b.append("\n              <error message=\"runtime error: invalid memory address or nil pointer"
                            + " dereference\" type=\"panicked\">test/e2e/").append(sig).append("/helpers.go:412\n");
                    for (int i = 0; i < 12; i++) {
                        b.append("k8s.io/kubernetes/test/e2e/").append(sig).append(".helper").append(i)
                                .append("({0x7f1c2b8, 0xc000d0a000})\n\ttest/e2e/").append(sig).append("/helpers.go:")
                                .append(2000 + i).append(" +0x1ff\n");
                    }
                    b.append("</error>\n");
                    timeline(b, random, 10 + random.nextInt(40));
                    b.append("          ");
                }
                case "skipped" -> b.append("\n              <skipped message=\"skipped - Only supported for providers"
                        + " [gce gke] (not hollow)\"></skipped>\n          ");
                default -> {
                    if (random.nextInt(5) == 0) {
                        b.append('\n');
                        timeline(b, random, 5 + random.nextInt(15));
                        b.append("          ");
                    }
                }
            }
            b.append("</testcase>\n");
        }

        private static void timeline(StringBuilder b, Random random, int lines) {
            b.append("              <system-err>");
            for (int i = 0; i < lines; i++) {
                switch (i % 4) {
                    case 0 -> b.append("&gt; Enter [BeforeEach] set up framework | framework.go:200 @ 01/01/26 00:10:")
                            .append(10 + i % 50).append(".65\n");
                    case 1 -> b.append("STEP: Creating a kubernetes client - test/e2e/framework/framework.go:220\n");
                    case 2 -> b.append("Jan  1 00:10:09.651: INFO: Waiting up to 5m0s for pod \"pod-")
                            .append(Long.toHexString(random.nextLong())).append("\" in namespace \"e2e-")
                            .append(random.nextInt(10_000)).append("\" to be \"Succeeded or Failed\"\n");
                    default -> b.append("&lt; Exit [BeforeEach] set up framework | framework.go:200 @ 01/01/26 (50ms)\n");
                }
            }
            b.append("</system-err>\n");
        }
    }
}
