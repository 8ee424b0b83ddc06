package io.fede2e.provider.hollow;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fede2e.provider.api.ClusterSpec;
import io.fede2e.provider.api.realk8s.RealControlPlane;
import io.fede2e.provider.hollow.controllers.LeaseStats;
import io.fede2e.provider.hollow.density.DensityRun;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The density benchmark of the seed's Kubemark post on a real control plane (not a unit test):
 * {@code fede2e run --provider kubemark --nodes N} in effect, against real-k8s (Kubernetes v1.20.2 on
 * this machine), with {@code podsPerNode} pods per node created at a steady rate across namespaces.
 * Reports pod startup (create call to Running seen by a watch), the API server's own p99 per verb from
 * {@code apiserver_request_duration_seconds} on {@code /metrics}, the hollow side's heap, leases renewed
 * late and nodes seen NotReady.
 *
 * <pre>
 * ./mvnw -o -B -pl provider-hollow -am verify -Pbench-kubemark -DskipTests -Dbench.args="2000 30 8 100 30"
 * </pre>
 * (nodes, pods per node, namespaces, pods created per second, timeout in minutes)
 */
public final class KubemarkDensity {

    private static final Pattern BUCKET = Pattern.compile(
            "^apiserver_request_duration_seconds_bucket\\{(.*)\\} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private KubemarkDensity() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int perNode = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int namespaces = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int minutes = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        DensityRun.Plan plan = new DensityRun.Plan(nodes, perNode, namespaces, rate, 16, Duration.ofMinutes(minutes));
        System.out.println("kubemark density: " + Runtime.getRuntime().availableProcessors() + " cpus, max heap "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; " + nodes + " nodes x " + perNode + " pods at "
                + rate + "/s");
        RealControlPlane plane = RealControlPlane.shared();
        String runId = "density-" + ProcessHandle.current().pid();
        DensityRun.resetPeaks();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        KubemarkProvider provider = new KubemarkProvider(Clock.systemUTC(), new SecureRandom(), null,
                plane.directory(), plane.directory());
        Map<String, String> options = Map.of("kubeconfig", plane.kubeconfig().toString(), "run-id", runId,
                "max-pods-per-node", Integer.toString(Math.max(110, perNode + 10)), "ready-timeout", minutes + "m",
                "event-queue", "10000", "pod-startup-delay", "0ms");
        provider.up(new ClusterSpec("density", nodes, "v1.20.2", options));
        Duration setUp = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf(Locale.ROOT, "set-up: %d nodes Ready after %.1f s (load %s)%n", nodes,
                setUp.toMillis() / 1000.0, load());
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger maxNotReady = new AtomicInteger();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, plane.kubeconfig().toFile())).build()) {
            Map<String, double[]> before = histograms(client.raw("/metrics"));
            monitor.scheduleAtFixedRate(() -> {
                try {
                    int notReady = (int) client.nodes().withLabel(KubemarkProvider.RUN_ID_LABEL, runId).list().getItems()
                            .stream().filter(n -> !ready(n)).count();
                    maxNotReady.accumulateAndGet(notReady, Math::max);
                } catch (RuntimeException e) {
                    // The next look counts.
                }
            }, 10, 30, TimeUnit.SECONDS);
            for (int i = 0; i < namespaces; i++) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("density-" + i)
                        .addToLabels(KubemarkProvider.RUN_ID_LABEL, runId).endMetadata().build()).create();
            }
            for (int i = 0; i < namespaces; i++) {
                String ns = "density-" + i;
                while (client.serviceAccounts().inNamespace(ns).withName("default").get() == null) {
                    Thread.sleep(200);
                }
            }
            Map<String, Long> created = new ConcurrentHashMap<>();
            Map<String, Long> latency = new ConcurrentHashMap<>();
            // Bound (by the real scheduler) beside Running (by the hollow kubelets) tells which side lags.
            Set<String> bound = ConcurrentHashMap.newKeySet();
            CountDownLatch allRunning = new CountDownLatch(plan.pods());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long start = System.nanoTime();
            try (Watch w = client.pods().inAnyNamespace().withLabel("app", "density")
                    .watch(new Watcher<Pod>() {
                        @Override
                        public void eventReceived(Action action, Pod pod) {
                            long now = System.nanoTime();
                            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
                            if (action != Action.DELETED && pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
                                bound.add(key);
                            }
                            if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
                                return;
                            }
                            Long createdAt = created.get(key);
                            if (action != Action.DELETED && createdAt != null
                                    && latency.putIfAbsent(key, (now - createdAt) / 1_000_000) == null) {
                                allRunning.countDown();
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            if (cause != null) {
                                failure.compareAndSet(null, cause);
                            }
                        }
                    })) {
                DensityRun.create(client, plan, created, failure);
                long deadline = start + plan.timeout().toNanos();
                while (!allRunning.await(10, TimeUnit.SECONDS) && System.nanoTime() < deadline && failure.get() == null) {
                    System.out.printf(Locale.ROOT, "  %.0f s: %d created, %d bound, %d Running; late lease renewals %d;"
                            + " nodes NotReady at most %d; load %s%n", (System.nanoTime() - start) / 1e9, created.size(),
                            bound.size(), latency.size(), provider.leaseStats().late(), maxNotReady.get(), load());
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Map<String, double[]> after = histograms(client.raw("/metrics"));
            long[] startup = latency.values().stream().mapToLong(Long::longValue).sorted().toArray();
            long peak = DensityRun.heapPeak();
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf(Locale.ROOT, "pods %d of %d Running (%d bound, %d created, %d creates sent again after"
                    + " a timeout) after %.1f s%s%n", latency.size(), plan.pods(), bound.size(), created.size(),
                    DensityRun.createRetries(), elapsed.toMillis() / 1000.0, failure.get() == null ? "" : " (stopped: " + failure.get() + ")");
            if (startup.length > 0) {
                System.out.printf(Locale.ROOT, "pod startup: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                        DensityRun.Result.at(startup, 0.5), DensityRun.Result.at(startup, 0.9),
                        DensityRun.Result.at(startup, 0.99), startup[startup.length - 1]);
            }
            System.out.println("API p99 per verb and resource (apiserver_request_duration_seconds, during the run):");
            p99s(before, after).forEach((k, v) -> System.out.println("  " + k + " " + v));
            LeaseStats leases = provider.leaseStats();
            System.out.printf(Locale.ROOT, "hollow side: heap %d MiB after GC, %d MiB peak; leases renewed late %d"
                    + " (turns skipped while the previous renewal was unanswered %d, at most %d in flight, slowest"
                    + " %.1f s); nodes NotReady at most %d; CPU %.1f s over %.1f s wall; load %s%n", used >> 20, peak >> 20,
                    leases.late(), leases.skipped(), leases.maxInFlight(), leases.maxLatency().toMillis() / 1000.0,
                    maxNotReady.get(), (cpuNanos() - cpu0) / 1e9,
                    (System.nanoTime() - t0) / 1e9, load());
        } finally {
            monitor.shutdownNow();
            long d0 = System.nanoTime();
            provider.down();
            System.out.printf(Locale.ROOT, "down: %.1f s%n", (System.nanoTime() - d0) / 1e9);
        }
        System.exit(0);
    }

    /** The machine's 1-minute load average, beside every figure (the 2 cores are shared). */
    private static String load() {
        return String.format(Locale.ROOT, "%.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Cumulative bucket counts per "VERB resource", in the order of the le bounds in {@link #bounds}. */
    private static Map<String, double[]> histograms(String metrics) {
        Map<String, Map<Double, Double>> byKey = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            Matcher m = BUCKET.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            String verb = labels.get("verb");
            if (verb == null || verb.equals("WATCH") || verb.equals("CONNECT")) {
                continue;
            }
            String resource = labels.getOrDefault("resource", "") + (labels.getOrDefault("subresource", "").isEmpty()
                    ? "" : "/" + labels.get("subresource"));
            double le = "+Inf".equals(labels.get("le")) ? Double.POSITIVE_INFINITY : Double.parseDouble(labels.get("le"));
            byKey.computeIfAbsent(verb + " " + resource, k -> new TreeMap<>())
                    .merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        Map<String, double[]> out = new TreeMap<>();
        byKey.forEach((k, v) -> {
            double[] a = new double[v.size() * 2];
            int i = 0;
            for (Map.Entry<Double, Double> e : v.entrySet()) {
                a[i++] = e.getKey();
                a[i++] = e.getValue();
            }
            out.put(k, a);
        });
        return out;
    }

    /** The p99 bucket bound of the calls made between two scrapes, for keys with at least 100 calls. */
    private static Map<String, String> p99s(Map<String, double[]> before, Map<String, double[]> after) {
        Map<String, String> out = new TreeMap<>();
        after.forEach((k, a) -> {
            double[] b = before.get(k);
            List<double[]> deltas = new ArrayList<>();
            for (int i = 0; i < a.length; i += 2) {
                double prev = b == null || b.length != a.length ? 0 : b[i + 1];
                deltas.add(new double[] {a[i], a[i + 1] - prev});
            }
            double total = deltas.get(deltas.size() - 1)[1];
            if (total < 100) {
                return;
            }
            for (double[] d : deltas) {
                if (d[1] >= 0.99 * total) {
                    out.put(k, String.format(Locale.ROOT, "n=%.0f p99 <= %s", total,
                            Double.isInfinite(d[0]) ? "+Inf" : d[0] + " s"));
                    return;
                }
            }
        });
        return out;
    }
}
