package io.fede2e.provider.hollow.controllers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * When each hollow node renews its Lease: every node once per interval, spread evenly over it, with
 * asynchronous writes so that the number of renewals in flight follows the API server's latency.
 *
 * <p>Why asynchronous: a kubelet renews every 10 s, so N nodes need N / 10 s writes a second, and by
 * Little's law N / 10 s x latency of them are in flight at once. A fixed pool of blocking writers caps
 * that: 8 threads at ~1 s a write (a loaded 2-core v1.20 API server) renew 8 Leases a second where
 * 2,000 nodes need 200, and the density run saw 25,719 late renewals and up to 169 nodes NotReady.
 * Here no thread waits for an answer; what bounds the writes in flight is that each node has at most
 * one (a node whose previous renewal has not landed skips its turn rather than queueing another), so
 * at most N, and in a steady state N / interval x latency.
 *
 * <p>Why spread: the interval is cut into up to {@value #MAX_SLICES} slices of at least 10 ms, and
 * each node renews in its own slice, so 2,000 nodes cost 20 writes every 100 ms rather than a burst.
 */
final class LeaseRenewals implements AutoCloseable {

    static final int MAX_SLICES = 100;
    private static final long MIN_SLICE_MILLIS = 10;

    private final Clock clock;
    private final Duration grace;
    private final Function<String, CompletableFuture<Boolean>> write;
    private final int sliceCount;
    private final long sliceMillis;
    /** The nodes of each slice, filled round-robin in the order the nodes are added. */
    private final List<List<String>> slices;
    private final AtomicInteger added = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    /** When each node's renewal last landed, to count renewals that came too late. */
    private final Map<String, Instant> lastLanded = new ConcurrentHashMap<>();
    private final LongAdder late = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private volatile boolean closed;
    private ScheduledFuture<?> ticker;

    /**
     * A schedule with nobody in it yet.
     *
     * @param clock what times the landings (an injected clock, so that tests step it)
     * @param interval how often each node renews (a kubelet's 10 s)
     * @param grace how long after a renewal the node controller still takes the node for alive; a renewal
     *     that lands later than this after the node's previous one counts as late
     * @param write sends one node's renewal; completes with true when the API server took it, false when
     *     the node was not renewed on purpose (it is gone), exceptionally when the write failed
     */
    LeaseRenewals(Clock clock, Duration interval, Duration grace, Function<String, CompletableFuture<Boolean>> write) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.write = Objects.requireNonNull(write, "write");
        long millis = Math.max(1, interval.toMillis());
        this.sliceCount = (int) Math.max(1, Math.min(MAX_SLICES, millis / MIN_SLICE_MILLIS));
        this.sliceMillis = Math.max(1, millis / sliceCount);
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i < sliceCount; i++) {
            lists.add(new CopyOnWriteArrayList<>());
        }
        this.slices = List.copyOf(lists);
    }

    /** How many slices the interval is cut into; {@link #tick()} renews one of them. */
    int sliceCount() {
        return sliceCount;
    }

    /** Puts a node on the schedule (after its Lease exists); nodes go round-robin over the slices. */
    void add(String node) {
        slices.get(Math.floorMod(added.getAndIncrement(), sliceCount)).add(node);
    }

    /** Renews with {@link #tick()} every interval / {@link #sliceCount()} on {@code timers}. */
    synchronized void start(ScheduledExecutorService timers) {
        if (ticker == null && !closed) {
            ticker = timers.scheduleAtFixedRate(this::tickQuietly, sliceMillis, sliceMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule: the next slice goes on.
        }
    }

    /** Starts the renewals of the next slice's nodes, except those whose previous renewal is still in flight. */
    void tick() {
        List<String> slice = slices.get(Math.floorMod(next.getAndIncrement(), sliceCount));
        for (String node : slice) {
            if (closed) {
                return;
            }
            if (inFlight.putIfAbsent(node, Boolean.TRUE) != null) {
                skipped.increment();
                continue;
            }
            maxInFlight.accumulateAndGet(inFlight.size(), Math::max);
            Instant started = clock.instant();
            CompletableFuture<Boolean> renewal;
            try {
                renewal = write.apply(node);
            } catch (RuntimeException e) {
                renewal = CompletableFuture.failedFuture(e);
            }
            renewal.whenComplete((renewed, failure) -> landed(node, started, Boolean.TRUE.equals(renewed)
                    && failure == null));
        }
    }

    private void landed(String node, Instant started, boolean renewed) {
        Instant now = clock.instant();
        maxLatencyNanos.accumulateAndGet(Duration.between(started, now).toNanos(), Math::max);
        if (renewed) {
            Instant previous = lastLanded.put(node, now);
            if (previous != null && previous.plus(grace).isBefore(now)) {
                late.increment();
            }
        }
        // A failed write is tried again in the node's next turn; until then the node has none in flight.
        inFlight.remove(node);
    }

    /** Renewals that landed later than the grace period after the node's previous one. */
    long late() {
        return late.sum();
    }

    /** Turns a node skipped because its previous renewal had not landed yet (the API server lags). */
    long skipped() {
        return skipped.sum();
    }

    /** The most renewals in flight at once so far. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** The slowest renewal so far, from the start of its write to its answer. */
    Duration maxLatency() {
        return Duration.ofNanos(maxLatencyNanos.get());
    }

    /** Stops the schedule; renewals in flight finish on their own. */
    @Override
    public synchronized void close() {
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }
}
