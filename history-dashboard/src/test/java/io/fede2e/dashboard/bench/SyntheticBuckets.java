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
 * Writes synthetic federated buckets (file://, the test-infra layout): providers x jobs x builds
 * x tests, with Ginkgo-style junit_01.xml, junit_runner.xml, build-log.txt, started.json and
 * finished.json. Failure patterns are realistic: most tests pass; a few flake (some retried in
 * the same run, which Ginkgo reports twice); a few fail on one provider only from some build on;
 * some tests are skipped where a capability is missing; a few builds die before testing; a
 * density test reports latency properties. Everything is derived from the seed: the same
 * arguments give the same bytes.
 */
public final class SyntheticBuckets {

    /**
     * What to generate.
     *
     * @param infraFailures whether about one build in 50 dies before testing (no junit_01.xml)
     */
    public record Spec(int providers, int jobs, int builds, int tests, long seed, long newestStart,
                       long intervalSeconds, boolean infraFailures) {

        /** A spec with infrastructure failures. */
        public Spec(int providers, int jobs, int builds, int tests, long seed, long newestStart,
                    long intervalSeconds) {
            this(providers, jobs, builds, tests, seed, newestStart, intervalSeconds, true);
        }
    }

    private static final String[] PROVIDERS = {"azure", "hollow", "gke", "kind", "aws", "openstack", "vsphere",
            "equinix"};
    private static final String[] SIGS = {"apps", "network", "storage", "node", "api-machinery", "scheduling",
            "auth", "cli", "instrumentation", "autoscaling"};
    private static final String[] SUBJECTS = {"Deployment", "StatefulSet", "DaemonSet", "Services", "DNS",
            "PersistentVolumes", "Pods", "Kubelet", "Namespaces", "ResourceQuota", "Scheduler", "RBAC", "Kubectl",
            "Events", "HPA", "CronJob", "Job", "NetworkPolicy", "ConfigMap", "Secrets"};
    private static final String[] VERBS = {"should create and delete", "should roll out a new revision of",
            "should serve endpoints for", "should survive a restart of", "should scale up and down",
            "should be mounted by", "should reject invalid", "should garbage collect", "should report status of",
            "should update labels on"};
    private static final String[] TAGS = {"[Conformance]", "[Slow]", "[Serial]", "[Disruptive]",
            "[Feature:IPv6]", "[Flaky]", "", "", "", ""};

    private SyntheticBuckets() {
    }

    /** The roots written, one per provider: {@code <dir>/<provider>}. */
    public static List<Path> write(Path dir, Spec spec) {
        List<Path> roots = new ArrayList<>();
        for (int p = 0; p < spec.providers(); p++) {
            Path root = dir.resolve(PROVIDERS[p % PROVIDERS.length] + (p >= PROVIDERS.length ? "-" + p : ""));
            roots.add(root);
            for (int j = 0; j < spec.jobs(); j++) {
                for (int b = 1; b <= spec.builds(); b++) {
                    writeBuild(root, spec, p, j, b);
                }
            }
        }
        return roots;
    }

    /** Adds build {@code build} to every job (the incremental benchmark's "one new build per job"). */
    public static void writeBuild(Path root, Spec spec, int provider, int job, int build) {
        String providerName = root.getFileName().toString();
        String jobName = "ci-e2e-" + providerName + "-" + job;
        Path dir = root.resolve("logs").resolve(jobName).resolve(Integer.toString(build));
        SplittableRandom rnd = new SplittableRandom(spec.seed() * 1_000_003L + provider * 10_007L + job * 101L + build);
        long start = spec.newestStart() - (long) (spec.builds() - build) * spec.intervalSeconds() + provider * 60L;
        try {
            Files.createDirectories(dir.resolve("artifacts"));
            String version = "v1.3" + (build / 40) + "." + (build % 7);
            write(dir.resolve("started.json"), "{\n  \"metadata\": {\n    \"provider\": \"" + providerName
                    + "\",\n    \"kubernetes-version\": \"" + version + "\"\n  },\n  \"node\": \"jenkins-"
                    + (build % 3) + "\",\n  \"repo-version\": \"" + version + "\",\n  \"timestamp\": " + start + "\n}\n");
            boolean infraFailure = rnd.nextInt(50) == 0 && spec.infraFailures();
            StringBuilder log = new StringBuilder();
            log.append("I1128 10:00:00.000000 fede2e] run ").append(jobName).append(" #").append(build).append('\n');
            log.append("I1128 10:00:01.000000 fede2e] Up: creating cluster on ").append(providerName).append('\n');
            int failures = 0;
            if (infraFailure) {
                log.append("E1128 10:04:00.000000 fede2e] Up failed: timed out waiting for 3 nodes to be Ready\n");
                writeRunner(dir, false);
            } else {
                failures = writeJunit(dir, spec, rnd, provider, build, start, providerName);
                for (int i = 0; i < 40; i++) {
                    log.append("I1128 10:").append(10 + i / 10).append(":0").append(i % 10)
                            .append(".000000 e2e] STEP: running spec ").append(i).append('\n');
                }
                if (failures > 0) {
                    log.append("E1128 10:30:00.000000 e2e] ").append(failures).append(" specs FAILED\n");
                }
                writeRunner(dir, true);
            }
            log.append("I1128 10:40:00.000000 fede2e] Down: deleting cluster\n");
            write(dir.resolve("build-log.txt"), log.toString());
            boolean passed = !infraFailure && failures == 0;
            write(dir.resolve("finished.json"), "{\n  \"metadata\": {\n    \"job-version\": \"" + version
                    + "\"\n  },\n  \"passed\": " + passed + ",\n  \"result\": \"" + (passed ? "SUCCESS" : "FAILURE")
                    + "\",\n  \"timestamp\": " + (start + 2400) + "\n}\n");
            write(root.resolve("logs").resolve(jobName).resolve("latest-build.txt"), Integer.toString(build));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name of synthetic test {@code i}; stable across providers, so the matrix lines them up. */
    public static String testName(int i) {
        String sig = SIGS[i % SIGS.length];
        String subject = SUBJECTS[(i / SIGS.length) % SUBJECTS.length];
        String verb = VERBS[(i / 7) % VERBS.length];
        String tag = TAGS[(i / 3) % TAGS.length];
        return "[sig-" + sig + "] " + subject + " " + verb + " objects #" + i + (tag.isEmpty() ? "" : " " + tag);
    }

    private static int writeJunit(Path dir, Spec spec, SplittableRandom rnd, int provider, int build, long start,
                                  String providerName) throws IOException {
        StringBuilder cases = new StringBuilder(spec.tests() * 260);
        int failures = 0;
        int skipped = 0;
        int total = 0;
        for (int i = 0; i < spec.tests(); i++) {
            String name = xml("[It] " + testName(i));
            double time = 1 + ((i * 37) % 90) + rnd.nextDouble() * 5;
            boolean flakyTest = i % 50 == 7;
            boolean providerBroken = i % 97 == 13 && provider == (i / 97) % Math.max(1, spec.providers())
                    && build > spec.builds() / 2;
            boolean skip = i % 23 == 5 && provider % 2 == 1;
            total++;
            if (skip) {
                skipped++;
                cases.append("    <testcase name=\"").append(name).append("\" classname=\"Kubernetes e2e suite\"")
                        .append(" status=\"skipped\" time=\"0\"><skipped message=\"skipped: the provider lacks")
                        .append(" capability load-balancer\"></skipped></testcase>\n");
                continue;
            }
            if (providerBroken || (flakyTest && rnd.nextInt(6) == 0) || rnd.nextInt(2000) == 0) {
                boolean retried = flakyTest && !providerBroken && rnd.nextBoolean();
                String message = failure(rnd, i, providerName, start);
                cases.append("    <testcase name=\"").append(name).append("\" classname=\"Kubernetes e2e suite\"")
                        .append(" status=\"failed\" time=\"").append(fmt(time)).append("\"><failure message=\"")
                        .append(xml(message)).append("\" type=\"failed\">").append(xml("[FAILED] " + message
                                + "\nIn [It] at: test/e2e/" + SIGS[i % SIGS.length] + "/spec.go:" + (100 + i)
                                + " @ 11/28/26 10:1" + (i % 10) + ":00.123")).append("</failure><system-err>")
                        .append(xml("STEP: Creating namespace e2e-tests-" + i + "-" + Integer.toString(
                                rnd.nextInt(1 << 20), 36) + "\n  [FAILED] " + message))
                        .append("</system-err></testcase>\n");
                if (retried) {
                    total++;
                    cases.append("    <testcase name=\"").append(name).append("\" classname=\"Kubernetes e2e")
                            .append(" suite\" status=\"passed\" time=\"").append(fmt(time)).append("\"></testcase>\n");
                } else {
                    failures++;
                }
                continue;
            }
            cases.append("    <testcase name=\"").append(name).append("\" classname=\"Kubernetes e2e suite\"")
                    .append(" status=\"passed\" time=\"").append(fmt(time)).append('"');
            if (i % 100 == 42) {
                double base = 800 + provider * 350;
                cases.append("><properties><property name=\"pod_startup_p50_ms\" value=\"")
                        .append(fmt(base + rnd.nextDouble() * 120)).append("\"></property>")
                        .append("<property name=\"pod_startup_p99_ms\" value=\"")
                        .append(fmt(base * 2.4 + rnd.nextDouble() * 900)).append("\"></property></properties>")
                        .append("</testcase>\n");
            } else {
                cases.append("></testcase>\n");
            }
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"" + total
                + "\" disabled=\"" + skipped + "\" errors=\"0\" failures=\"" + failures + "\">\n"
                + "  <testsuite name=\"Kubernetes e2e suite\" package=\"/\" tests=\"" + total + "\" disabled=\"0\""
                + " skipped=\"" + skipped + "\" errors=\"0\" failures=\"" + failures + "\" timestamp=\""
                + java.time.Instant.ofEpochSecond(start) + "\">\n"
                + "    <properties><property name=\"SuiteSucceeded\" value=\"" + (failures == 0)
                + "\"></property></properties>\n" + cases + "  </testsuite>\n</testsuites>\n";
        write(dir.resolve("artifacts").resolve("junit_01.xml"), xml);
        return failures;
    }

    private static String failure(SplittableRandom rnd, int test, String provider, long start) {
        String pod = "web-" + Integer.toString(0x10000000 + rnd.nextInt(0x0fffffff), 16) + "-"
                + Integer.toString(36 * 36 * 36 * 36 + rnd.nextInt(1_000_000), 36).substring(0, 5);
        String ip = "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256);
        return switch (test % 4) {
            case 0 -> "Timed out after 300.000s. Expected pod " + pod + " to be Running but it was Pending";
            case 1 -> "Get \"http://" + ip + ":" + (30000 + rnd.nextInt(2000)) + "/healthz\": dial tcp " + ip
                    + ": connect: connection refused";
            case 2 -> "error waiting for deployment to roll out at " + java.time.Instant.ofEpochSecond(
                    start + rnd.nextInt(3000)) + ": replica set " + pod + " has 1 unavailable replicas";
            default -> provider + ": node " + provider + "-node-" + rnd.nextInt(40) + " NotReady: kubelet stopped"
                    + " posting node status (uid " + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) rnd.nextInt()})
                    + ")";
        };
    }

    private static void writeRunner(Path dir, boolean upPassed) throws IOException {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
                + "  <testsuite name=\"kubetest2\" tests=\"4\" failures=\"" + (upPassed ? 0 : 1) + "\">\n");
        b.append("    <testcase name=\"Up\" classname=\"kubetest2\" time=\"245.2\">");
        if (!upPassed) {
            b.append("<failure message=\"timed out waiting for 3 nodes to be Ready\"></failure>");
        }
        b.append("</testcase>\n");
        if (upPassed) {
            b.append("    <testcase name=\"Test\" classname=\"kubetest2\" time=\"1520.8\"></testcase>\n");
        } else {
            b.append("    <testcase name=\"Test\" classname=\"kubetest2\" time=\"0\"><skipped message=\"Up failed\">")
                    .append("</skipped></testcase>\n");
        }
        b.append("    <testcase name=\"DumpLogs\" classname=\"kubetest2\" time=\"31.0\"></testcase>\n");
        b.append("    <testcase name=\"Down\" classname=\"kubetest2\" time=\"98.4\"></testcase>\n");
        b.append("  </testsuite>\n</testsuites>\n");
        write(dir.resolve("artifacts").resolve("junit_runner.xml"), b.toString());
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void write(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
