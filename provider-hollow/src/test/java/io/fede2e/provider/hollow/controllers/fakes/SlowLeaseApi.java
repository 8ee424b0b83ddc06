package io.fede2e.provider.hollow.controllers.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An API server whose Lease writes each take a fixed time: a write started at t is answered when the test
 * calls {@link #answerDue()} at t + latency or later (on a {@link ManualClock}). It records when each
 * node's renewals landed and can refuse writes, as a lagging or failing API server does. Not thread-safe:
 * the test drives it from one thread.
 */
public final class SlowLeaseApi implements Function<String, CompletableFuture<Boolean>> {

    private record Pending(String node, Instant due, CompletableFuture<Boolean> answer) {}

    private final Clock clock;
    private final Duration latency;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, List<Instant>> landed = new HashMap<>();
    private final Map<String, Integer> pendingPerNode = new HashMap<>();
    private final Map<String, Integer> failuresLeft = new HashMap<>();
    private final Set<String> throwing = new HashSet<>();
    private int started;
    private int mostPendingForOneNode;

    /** An API whose writes take {@code latency} on {@code clock}. */
    public SlowLeaseApi(Clock clock, Duration latency) {
        this.clock = clock;
        this.latency = latency;
    }

    /** The next {@code times} writes for {@code node} are answered with an error (HTTP 500 in effect). */
    public void failNext(String node, int times) {
        failuresLeft.put(node, times);
    }

    /** Writes for {@code node} throw before anything is sent, until {@link #stopThrowing}. */
    public void throwFor(String node) {
        throwing.add(node);
    }

    /** Writes for {@code node} are sent again. */
    public void stopThrowing(String node) {
        throwing.remove(node);
    }

    @Override
    public CompletableFuture<Boolean> apply(String node) {
        if (throwing.contains(node)) {
            throw new IllegalStateException("client closed");
        }
        started++;
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        pending.add(new Pending(node, clock.instant().plus(latency), answer));
        mostPendingForOneNode = Math.max(mostPendingForOneNode, pendingPerNode.merge(node, 1, Integer::sum));
        return answer;
    }

    /** Answers every write whose latency has passed, oldest first. */
    public void answerDue() {
        Instant now = clock.instant();
        List<Pending> due = pending.stream().filter(p -> !p.due().isAfter(now)).toList();
        pending.removeAll(due);
        for (Pending p : due) {
            pendingPerNode.merge(p.node(), -1, Integer::sum);
            int left = failuresLeft.getOrDefault(p.node(), 0);
            if (left > 0) {
                failuresLeft.put(p.node(), left - 1);
                p.answer().completeExceptionally(new IllegalStateException("HTTP 500"));
            } else {
                landed.computeIfAbsent(p.node(), n -> new ArrayList<>()).add(now);
                p.answer().complete(true);
            }
        }
    }

    /** Writes started so far. */
    public int started() {
        return started;
    }

    /** When each node's renewals landed, oldest first. */
    public List<Instant> landings(String node) {
        return List.copyOf(landed.getOrDefault(node, List.of()));
    }

    /** The longest time between two successive landings of any node (zero with fewer than two). */
    public Duration longestGap() {
        Duration longest = Duration.ZERO;
        for (List<Instant> times : landed.values()) {
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                }
            }
        }
        return longest;
    }

    /** The most writes of one node waiting for an answer at once. */
    public int mostPendingForOneNode() {
        return mostPendingForOneNode;
    }
}
