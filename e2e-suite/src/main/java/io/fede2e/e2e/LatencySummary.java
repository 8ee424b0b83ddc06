package io.fede2e.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles of a set of latencies, by the nearest-rank rule Kubernetes' perf tooling uses
 * ({@code sorted[ceil(n * p / 100) - 1]}).
 *
 * @param count how many samples
 * @param p50Ms the 50th percentile in milliseconds
 * @param p90Ms the 90th percentile in milliseconds
 * @param p99Ms the 99th percentile in milliseconds
 * @param maxMs the largest sample in milliseconds
 */
public record LatencySummary(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

    public LatencySummary {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " must not be negative");
        }
    }

    /** The summary of these samples; all zero when there are none. */
    public static LatencySummary of(Collection<Duration> samples) {
        if (samples.isEmpty()) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        double[] ms = samples.stream().mapToDouble(d -> d.toNanos() / 1_000_000.0).toArray();
        Arrays.sort(ms);
        return new LatencySummary(ms.length, percentile(ms, 50), percentile(ms, 90), percentile(ms, 99),
                ms[ms.length - 1]);
    }

    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(sorted.length * p / 100.0);
        return sorted[Math.max(0, rank - 1)];
    }
}
