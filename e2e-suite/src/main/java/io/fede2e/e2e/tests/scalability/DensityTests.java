package io.fede2e.e2e.tests.scalability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fede2e.e2e.ApiCallRecorder;
import io.fede2e.e2e.E2eContext;
import io.fede2e.e2e.E2eTest;
import io.fede2e.e2e.LatencySummary;
import io.fede2e.e2e.PerfData;
import io.fede2e.e2e.Serial;
import io.fede2e.e2e.Slow;
import io.fede2e.e2e.WaitTimeoutException;
import io.fede2e.e2e.Waits;
import io.fede2e.e2e.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * The density test of Kubernetes' scalability SLOs, as Kubernetes 1.3 ran it: saturate the cluster
 * with {@code fede2e.density.podsPerNode} pods (default 30) per schedulable node, then create latency
 * pods one at a time and measure their startup latency (create call to Running, observed by a watch)
 * in the saturated cluster. API call latency is measured per verb over every call. p50/p90/p99 go into
 * report entries and {@code <artifacts>/metrics/density.json}; the test fails when the latency pods'
 * startup p99 exceeds the 5 s SLO.
 */
class DensityTests {

    static final Duration POD_STARTUP_SLO = Duration.ofSeconds(5);
    static final int CREATE_THREADS = 8;
    static final int GET_SAMPLES = 50;
    static final int LIST_SAMPLES = 5;
    static final int MIN_LATENCY_PODS = 10;

    @E2eTest
    @Serial
    @Slow
    @Tag("Feature:Performance")
    @DisplayName("[sig-scalability] Density should start pods within the 5s p99 startup SLO in a cluster saturated with podsPerNode pods per node [Serial] [Slow] [Feature:Performance]")
    void density(E2eContext e2e) throws Exception {
        KubernetesClient client = e2e.client();
        int nodes = e2e.nodes().schedulable().size();
        assertThat(nodes).as("schedulable nodes").isPositive();
        int total = nodes * e2e.podsPerNode();
        Map<String, String> labels = Map.of("app", "density");
        ApiCallRecorder api = new ApiCallRecorder();
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> latencyCreated = new ConcurrentHashMap<>();
        Map<String, Long> running = new ConcurrentHashMap<>();
        List<String> names = new ArrayList<>();
        LatencySummary saturation;
        System.out.printf(Locale.ROOT, "density: %d pods on %d schedulable nodes (%d per node)%n", total, nodes,
                e2e.podsPerNode());

        ExecutorService pool = Executors.newFixedThreadPool(CREATE_THREADS);
        try (Watch ignored = client.pods().inNamespace(e2e.namespace()).withLabels(labels).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
                    running.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // A closed watch shows up as pods never observed Running, reported by the wait below.
            }
        })) {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                String name = String.format(Locale.ROOT, "density-%05d", i);
                names.add(name);
                creates.add(pool.submit(() -> {
                    created.put(name, System.nanoTime());
                    api.time("POST", "pods", () -> client.pods().inNamespace(e2e.namespace())
                            .resource(Workloads.pausePod(name, labels)).create());
                }));
            }
            for (Future<?> f : creates) {
                f.get();
            }
            Duration timeout = Waits.POD_START.plus(Duration.ofMillis(100L * total));
            try {
                e2e.waits().until(total + " saturation pods not observed Running", timeout,
                        () -> countRunning(running, created.keySet()), n -> n >= total,
                        n -> n + " of " + total + " observed Running");
            } catch (WaitTimeoutException e) {
                writeMetrics(e2e, nodes, total, summary(created, running), LatencySummary.of(List.of()), api);
                throw e;
            }
            saturation = summary(created, running);

            int latencyPods = Math.max(MIN_LATENCY_PODS, nodes);
            for (int i = 0; i < latencyPods; i++) {
                String name = String.format(Locale.ROOT, "latency-%05d", i);
                latencyCreated.put(name, System.nanoTime());
                api.time("POST", "pods", () -> client.pods().inNamespace(e2e.namespace())
                        .resource(Workloads.pausePod(name, labels)).create());
                e2e.waits().until("latency pod " + name + " not observed Running", Waits.POD_START,
                        () -> running.containsKey(name), Boolean::booleanValue, b -> "not Running yet");
            }
        }
        names.addAll(latencyCreated.keySet());

        for (int i = 0; i < Math.min(GET_SAMPLES, total); i++) {
            String name = String.format(Locale.ROOT, "density-%05d", i);
            api.time("GET", "pods", () -> client.pods().inNamespace(e2e.namespace()).withName(name).get());
        }
        for (int i = 0; i < LIST_SAMPLES; i++) {
            api.time("LIST", "pods", () -> client.pods().inNamespace(e2e.namespace()).withLabels(labels).list());
        }
        try {
            List<Future<?>> deletes = new ArrayList<>();
            for (String name : names) {
                deletes.add(pool.submit(() -> api.time("DELETE", "pods",
                        () -> client.pods().inNamespace(e2e.namespace()).withName(name).delete())));
            }
            for (Future<?> f : deletes) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }

        LatencySummary startup = summary(latencyCreated, running);
        writeMetrics(e2e, nodes, total, saturation, startup, api);
        assertThat(Duration.ofNanos((long) (startup.p99Ms() * 1_000_000)))
                .as("pod startup latency p99 (SLO %s) of %d latency pods in a cluster saturated with %d pods",
                        POD_STARTUP_SLO, startup.count(), total)
                .isLessThanOrEqualTo(POD_STARTUP_SLO);
    }

    private static LatencySummary summary(Map<String, Long> created, Map<String, Long> running) {
        List<Duration> startup = new ArrayList<>();
        running.forEach((name, at) -> {
            Long start = created.get(name);
            if (start != null) {
                startup.add(Duration.ofNanos(Math.max(0, at - start)));
            }
        });
        return LatencySummary.of(startup);
    }

    private static int countRunning(Map<String, Long> running, java.util.Set<String> of) {
        int n = 0;
        for (String name : of) {
            if (running.containsKey(name)) {
                n++;
            }
        }
        return n;
    }

    private static void writeMetrics(E2eContext e2e, int nodes, int total, LatencySummary saturation,
            LatencySummary startup, ApiCallRecorder api) {
        e2e.report("pods", Integer.toString(total));
        e2e.report("nodes", Integer.toString(nodes));
        e2e.report("saturation_pod_startup_p50_ms", ms(saturation.p50Ms()));
        e2e.report("saturation_pod_startup_p90_ms", ms(saturation.p90Ms()));
        e2e.report("saturation_pod_startup_p99_ms", ms(saturation.p99Ms()));
        e2e.report("pod_startup_p50_ms", ms(startup.p50Ms()));
        e2e.report("pod_startup_p90_ms", ms(startup.p90Ms()));
        e2e.report("pod_startup_p99_ms", ms(startup.p99Ms()));
        PerfData perf = new PerfData().add(startup, Map.of("Metric", "pod_startup"))
                .add(saturation, Map.of("Metric", "saturation_pod_startup"))
                .fact("nodes", nodes).fact("pods", total).fact("podsPerNode", e2e.podsPerNode())
                .fact("provider", e2e.provider()).fact("podStartupSloMs", POD_STARTUP_SLO.toMillis());
        api.summaries().forEach((key, s) -> {
            String[] verbResource = key.split(" ", 2);
            String prefix = "api_" + verbResource[0].toLowerCase(Locale.ROOT) + "_" + verbResource[1];
            e2e.report(prefix + "_p50_ms", ms(s.p50Ms()));
            e2e.report(prefix + "_p90_ms", ms(s.p90Ms()));
            e2e.report(prefix + "_p99_ms", ms(s.p99Ms()));
            perf.add(s, Map.of("Metric", "api_call", "Verb", verbResource[0], "Resource", verbResource[1]));
        });
        System.out.printf(Locale.ROOT, "density: saturation pod startup p50 %s ms, p90 %s ms, p99 %s ms over %d pods%n",
                ms(saturation.p50Ms()), ms(saturation.p90Ms()), ms(saturation.p99Ms()), saturation.count());
        System.out.printf(Locale.ROOT, "density: latency pod startup p50 %s ms, p90 %s ms, p99 %s ms over %d pods%n",
                ms(startup.p50Ms()), ms(startup.p90Ms()), ms(startup.p99Ms()), startup.count());
        Optional<Path> artifacts = e2e.artifactsDir();
        if (artifacts.isPresent()) {
            Path file = artifacts.get().resolve("metrics").resolve("density.json");
            perf.write(file);
            System.out.println("density: metrics written to " + file);
        } else {
            System.out.println("density: no artifacts directory (fede2e.artifacts), metrics only in the report entries");
        }
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
