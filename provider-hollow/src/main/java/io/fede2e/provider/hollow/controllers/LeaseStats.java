package io.fede2e.provider.hollow.controllers;

import java.time.Duration;
import java.util.Objects;

/**
 * How the hollow nodes' Lease renewals went so far, for benchmarks and logs.
 *
 * @param late renewals that landed later than the Lease duration after the node's previous one
 * @param skipped turns a node skipped because its previous renewal had not been answered yet
 * @param maxInFlight the most renewals waiting for the API server at once
 * @param maxLatency the slowest renewal, from its write to the API server's answer
 */
public record LeaseStats(long late, long skipped, int maxInFlight, Duration maxLatency) {

    /** Compact constructor: counts are never negative, the latency is given. */
    public LeaseStats {
        if (late < 0 || skipped < 0 || maxInFlight < 0) {
            throw new IllegalArgumentException("lease counts must not be negative: late " + late + ", skipped "
                    + skipped + ", in flight " + maxInFlight);
        }
        Objects.requireNonNull(maxLatency, "maxLatency");
    }
}
