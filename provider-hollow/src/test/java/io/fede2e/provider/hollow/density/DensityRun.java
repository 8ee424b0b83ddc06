package io.fede2e.provider.hollow.density;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fede2e.provider.hollow.controllers.ControllerManager;
import io.fede2e.provider.hollow.controllers.HollowSettings;
import io.fede2e.provider.hollow.server.HollowApiServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A density run in the manner of the Kubernetes density test: N hollow nodes, pods created at a steady
 * rate across namespaces, each pod's startup latency (create call to Running, seen by a watch) and the
 * latency of every API call, per verb and resource, as the server measured it.
 */
public final class DensityRun {

    private static final LongAdder CREATE_RETRIES = new LongAdder();

    /** What to run. */
    public record Plan(int nodes, int podsPerNode, int namespaces, int podsPerSecond, int creators, Duration timeout) {
        public Plan {
            if (nodes < 1 || podsPerNode < 1 || namespaces < 1 || podsPerSecond < 1 || creators < 1) {
                throw new IllegalArgumentException("density plan needs positive counts: " + nodes + " nodes, "
                        + podsPerNode + " pods per node, " + namespaces + " namespaces, " + podsPerSecond
                        + " pods/s, " + creators + " creators");
            }
        }

        public int pods() {
            return nodes * podsPerNode;
        }
    }

    /** What was measured. */
    public record Result(Plan plan, int running, Duration setUp, Duration elapsed, long[] startupMillis,
            Map<String, long[]> apiMicros, long heapUsedAfterGc, long heapPeak) {

        /** A plain-text report: one line per figure. */
        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "nodes %d, pods %d (%d per node) in %d namespaces, created at %d/s%n",
                    plan.nodes(), plan.pods(), plan.podsPerNode(), plan.namespaces(), plan.podsPerSecond()));
            sb.append(String.format(Locale.ROOT, "set-up (nodes Ready) %.1f s; pods %d of %d Running after %.1f s%n",
                    setUp.toMillis() / 1000.0, running, plan.pods(), elapsed.toMillis() / 1000.0));
            sb.append("pod startup latency (create -> Running seen by a watch): ")
                    .append(percentiles(startupMillis, "ms")).append('\n');
            sb.append("API call latency (server side) by verb and resource:\n");
            apiMicros.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-40s n=%-7d %s%n", k, v.length,
                    percentiles(v, "us"))));
            sb.append(String.format(Locale.ROOT, "heap used after GC %d MiB, peak heap %d MiB%n",
                    heapUsedAfterGc >> 20, heapPeak >> 20));
            return sb.toString();
        }

        private static String percentiles(long[] sorted, String unit) {
            if (sorted.length == 0) {
                return "no samples";
            }
            return String.format(Locale.ROOT, "p50 %d %s, p90 %d %s, p99 %d %s, max %d %s", at(sorted, 0.50), unit,
                    at(sorted, 0.90), unit, at(sorted, 0.99), unit, sorted[sorted.length - 1], unit);
        }

        /** The {@code p} percentile of sorted values (nearest rank). */
        public static long at(long[] sorted, double p) {
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    private DensityRun() {
    }

    /** Runs {@code plan} on a fresh server and controllers, and stops both afterwards. */
    public static Result run(Plan plan, HollowSettings base) throws InterruptedException {
        resetPeaks();
        Map<String, List<Long>> calls = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        try (HollowApiServer server = HollowApiServer.start()) {
            ControllerManager controllers = ControllerManager.start(server.client(), base.withNodeCount(plan.nodes())
                    .withNodeCapacity(base.nodeCpu(), base.nodeMemory(), Math.max(base.maxPodsPerNode(),
                            plan.podsPerNode())));
            try (KubernetesClient client = server.newClient()) {
                awaitNodes(client, plan.nodes(), plan.timeout());
                Duration setUp = Duration.ofNanos(System.nanoTime() - t0);
                server.onCall(call -> {
                    if (!call.verb().equals("WATCH")) {
                        calls.computeIfAbsent(call.verb() + " " + call.resource(),
                                k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(call.nanos() / 1000);
                    }
                });
                for (int i = 0; i < plan.namespaces(); i++) {
                    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("density-" + i)
                            .endMetadata().build()).create();
                }
                Map<String, Long> created = new ConcurrentHashMap<>();
                Map<String, Long> latency = new ConcurrentHashMap<>();
                CountDownLatch allRunning = new CountDownLatch(plan.pods());
                AtomicReference<Throwable> failure = new AtomicReference<>();
                long start = System.nanoTime();
                try (Watch w = client.pods().inAnyNamespace().withField("status.phase", "Running")
                        .watch(new Watcher<Pod>() {
                            @Override
                            public void eventReceived(Action action, Pod pod) {
                                long now = System.nanoTime();
                                String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
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
                    create(client, plan, created, failure);
                    long deadline = start + plan.timeout().toNanos();
                    while (!allRunning.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline
                            && failure.get() == null) {
                        // waiting for the stragglers
                    }
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                server.onCall(null);
                if (failure.get() != null) {
                    throw new IllegalStateException("density run failed: " + failure.get(), failure.get());
                }
                long[] startup = latency.values().stream().mapToLong(Long::longValue).sorted().toArray();
                Map<String, long[]> api = new TreeMap<>();
                calls.forEach((k, v) -> {
                    synchronized (v) {
                        long[] a = v.stream().mapToLong(Long::longValue).toArray();
                        Arrays.sort(a);
                        api.put(k, a);
                    }
                });
                long peak = heapPeak();
                System.gc();
                long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                return new Result(plan, latency.size(), setUp, elapsed, startup, api, used, peak);
            } finally {
                controllers.close();
            }
        }
    }

    public static void create(KubernetesClient client, Plan plan, Map<String, Long> created,
            AtomicReference<Throwable> failure) throws InterruptedException {
        ExecutorService creators = Executors.newFixedThreadPool(plan.creators(), r -> {
            Thread t = new Thread(r, "density-creator");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long nanosPerPod = 1_000_000_000L / plan.podsPerSecond();
        for (int c = 0; c < plan.creators(); c++) {
            creators.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < plan.pods() && failure.get() == null) {
                    long due = start + i * nanosPerPod;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    String ns = "density-" + (i % plan.namespaces());
                    String name = "pod-" + i;
                    created.put(ns + "/" + name, System.nanoTime());
                    try {
                        createRetryingTimeouts(client, ns, pod(name, i));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            });
        }
        creators.shutdown();
        if (!creators.awaitTermination(plan.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            creators.shutdownNow();
        }
    }

    /** Creates that timed out once and were sent again (an overloaded API server), since the last reset. */
    public static long createRetries() {
        return CREATE_RETRIES.sum();
    }

    /**
     * A create without an answer in the client's 10 s (or refused as too many requests) is sent again (up to 3 times, 1 s apart)
     * rather than ending the run: on a real API server at its limit one slow answer is a figure to
     * report, not the end of the measurement. A 409 on a retry means the first attempt got through.
     */
    private static void createRetryingTimeouts(KubernetesClient client, String ns, Pod pod) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods().inNamespace(ns).resource(pod).create();
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 1 && e.getCode() == 409) {
                    return;
                }
                boolean timedOut = e.getCode() == 0 || e.getCode() == 429 || e.getCode() == 503 || e.getCode() == 504;
                if (!timedOut || attempt == 3) {
                    throw e;
                }
                CREATE_RETRIES.increment();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static Pod pod(String name, int i) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "density")
                .addToLabels("group", "g" + (i % 100)).endMetadata().withNewSpec().addNewContainer().withName("pause")
                .withImage("registry.k8s.io/pause:3.10").withNewResources()
                .addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("10Mi"))
                .endResources().endContainer().endSpec().build();
    }

    private static void awaitNodes(KubernetesClient client, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (client.nodes().list().getItems().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + client.nodes().list().getItems().size() + " of " + count
                        + " nodes after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    public static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    public static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
