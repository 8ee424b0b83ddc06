package io.fede2e.dashboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The corpus of issue 16, in the test-infra layout: Ginkgo-style names ({@code [sig-x] SuiteN
 * behaviour M should hold}, every 7th {@code [Conformance]}), about 5% failures with a one-line
 * message holding a pod name and an IP:port, 3% skips with a message, a short system-out per case.
 *
 * <p>Two shapes: {@link #distinct} (one build of many junit files, the corpus compared with Allure:
 * every case is a test of its own, so the site has a section per case) and
 * {@link #federation} (providers x jobs x builds over one suite of which only every 7th spec
 * runs, the rest skipped, as in a conformance run of the upstream e2e suite). Everything is
 * derived from the arguments: the same arguments give the same bytes.
 */
public final class ScaleCorpus {

    private static final String[] SIGS = {"apps", "network", "storage", "node", "api-machinery", "scheduling",
            "auth", "cli", "instrumentation", "autoscaling"};
    private static final String[] PROVIDERS = {"azure", "hollow", "gke", "kind"};

    private ScaleCorpus() {
    }

    /** Test {@code k}'s name. */
    static String name(int k) {
        return "[sig-" + SIGS[k % SIGS.length] + "] Suite" + (k / 40) + " behaviour " + k + " should hold"
                + (k % 7 == 0 ? " [Conformance]" : "");
    }

    /**
     * One build of one job holding {@code files} junit files of {@code cases} tests each, all
     * distinct, started at {@code newest} (epoch seconds): the files Allure is given, as the
     * upstream suite leaves them (a junit file per Ginkgo node). Returns the root.
     */
    public static Path distinct(Path dir, int files, int cases, long newest) {
        Path root = dir.resolve("bucket");
        List<StringBuilder> junit = new ArrayList<>();
        for (int f = 1; f <= files; f++) {
            SplittableRandom rnd = new SplittableRandom(f);
            StringBuilder b = new StringBuilder(cases * 300);
            for (int i = 0; i < cases; i++) {
                int k = (f - 1) * cases + i;
                int roll = rnd.nextInt(100);
                testCase(b, name(k), roll < 5 ? 'F' : roll < 8 ? 'S' : 'P', rnd, "skipped: requires capability"
                        + " load-balancer");
            }
            junit.add(b);
        }
        writeBuild(root, "ci-e2e-corpus", 1, newest, "azure", junit);
        return root;
    }

    /**
     * {@code providers} roots of {@code jobs} jobs with {@code builds} builds over a suite of
     * {@code tests} specs, of which every 7th runs (the {@code [Conformance]} ones) and the others
     * are skipped; of those run, about 5% fail. Returns the roots, one per provider.
     */
    public static List<Path> federation(Path dir, int providers, int jobs, int builds, int tests, long newest) {
        List<Path> roots = new ArrayList<>();
        for (int p = 0; p < providers; p++) {
            Path root = dir.resolve(PROVIDERS[p % PROVIDERS.length] + (p >= PROVIDERS.length ? "-" + p : ""));
            roots.add(root);
            for (int j = 0; j < jobs; j++) {
                for (int b = 1; b <= builds; b++) {
                    federationBuild(root, p, j, b, tests, newest - (builds - b) * 3600L);
                }
            }
        }
        return roots;
    }

    /** Writes build {@code build} of job {@code job} of a federation root; {@link #federation} calls it. */
    public static void federationBuild(Path root, int provider, int job, int build, int tests, long start) {
        String providerName = root.getFileName().toString();
        SplittableRandom rnd = new SplittableRandom(provider * 1_000_003L + job * 10_007L + build);
        StringBuilder junit = new StringBuilder(tests * 200);
        for (int k = 0; k < tests; k++) {
            char kind = k % 7 != 0 ? 'S' : rnd.nextInt(100) < 5 ? 'F' : 'P';
            testCase(junit, name(k), kind, rnd, provider % 2 == 1 && k % 7 == 3
                    ? "skipped: requires capability container-runtime" : "skipped: not selected by --ginkgo.focus");
        }
        writeBuild(root, "ci-e2e-" + providerName + "-" + job, build, start, providerName, List.of(junit));
    }

    private static void testCase(StringBuilder b, String name, char kind, SplittableRandom rnd, String skip) {
        String time = String.format(Locale.ROOT, "%.3f", kind == 'S' ? 0 : 1 + rnd.nextDouble() * 60);
        b.append("    <testcase name=\"").append(xml(name)).append("\" classname=\"Kubernetes e2e suite\" time=\"")
                .append(time).append("\">");
        switch (kind) {
            case 'S' -> b.append("<skipped message=\"").append(skip).append("\"></skipped>");
            case 'F' -> {
                // a Deployment's pod name: web-<replica set hash>-<5 characters>
                String pod = "web-" + Integer.toHexString(0x10000000 + rnd.nextInt(0x0fffffff)) + "-"
                        + Integer.toString(36 * 36 * 36 * 36 + rnd.nextInt(1_000_000), 36).substring(0, 4) + rnd.nextInt(10);
                String ip = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ":"
                        + (30000 + rnd.nextInt(2000));
                b.append("<failure message=\"pod ").append(pod).append(" failed to reach ").append(ip)
                        .append(": connection refused\" type=\"Failure\"></failure><system-out>STEP: creating ")
                        .append(pod).append("\nSTEP: dialing ").append(ip).append("</system-out>");
            }
            default -> b.append("<system-out>STEP: checking the behaviour</system-out>");
        }
        b.append("</testcase>\n");
    }

    private static void writeBuild(Path root, String job, int build, long start, String provider,
                                   List<StringBuilder> files) {
        Path dir = root.resolve("logs").resolve(job).resolve(Integer.toString(build));
        try {
            Files.createDirectories(dir.resolve("artifacts"));
            write(dir.resolve("started.json"), "{\"timestamp\": " + start + ", \"repo-version\": \"v1.20.2\","
                    + " \"metadata\": {\"provider\": \"" + provider + "\"}}\n");
            boolean failed = false;
            for (int f = 0; f < files.size(); f++) {
                StringBuilder cases = files.get(f);
                // junit_01.xml, or junit_001.xml to junit_500.xml: the names sort as the files are numbered
                String name = String.format(Locale.ROOT, files.size() < 100 ? "junit_%02d.xml" : "junit_%03d.xml",
                        f + 1);
                write(dir.resolve("artifacts").resolve(name), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<testsuites>\n  <testsuite name=\"Kubernetes e2e suite\">\n" + cases
                        + "  </testsuite>\n</testsuites>\n");
                failed |= cases.indexOf("<failure") >= 0;
            }
            write(dir.resolve("build-log.txt"), "I1207 10:00:00 e2e] running " + job + " #" + build + "\n");
            write(dir.resolve("finished.json"), "{\"timestamp\": " + (start + 1800) + ", \"passed\": " + !failed
                    + ", \"result\": \"" + (failed ? "FAILURE" : "SUCCESS") + "\"}\n");
            write(root.resolve("logs").resolve(job).resolve("latest-build.txt"), Integer.toString(build));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
