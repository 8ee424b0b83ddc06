package io.fede2e.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/** Times API calls per verb and resource, as the API call latency SLO groups them. Thread-safe. */
public final class ApiCallRecorder {

    private final Map<String, ConcurrentLinkedQueue<Duration>> samples = new ConcurrentHashMap<>();

    /** Runs {@code call}, records how long it took under {@code verb resource}, and returns its result. */
    public <T> T time(String verb, String resource, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            record(verb, resource, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Records one call's latency. */
    public void record(String verb, String resource, Duration latency) {
        samples.computeIfAbsent(verb + " " + resource, k -> new ConcurrentLinkedQueue<>()).add(latency);
    }

    /** The summary per {@code "VERB resource"}, sorted by key. */
    public Map<String, LatencySummary> summaries() {
        Map<String, LatencySummary> result = new TreeMap<>();
        samples.forEach((k, v) -> result.put(k, LatencySummary.of(new ArrayList<>(v))));
        return result;
    }

    /** The raw samples of one key, for tests. */
    List<Duration> samples(String verb, String resource) {
        var q = samples.get(verb + " " + resource);
        return q == null ? List.of() : List.copyOf(q);
    }
}
