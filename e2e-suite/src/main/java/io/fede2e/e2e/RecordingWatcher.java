package io.fede2e.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A watcher that keeps every event it receives, in order, and lets a test wait for one. Timeouts
 * report the events seen so far.
 */
public final class RecordingWatcher<T extends HasMetadata> implements Watcher<T> {

    /** One received event with the monotonic time it arrived. */
    public record Received<T>(Action action, T object, long nanoTime) {
    }

    private final List<Received<T>> events = new ArrayList<>();
    private WatcherException closedWith;

    @Override
    public synchronized void eventReceived(Action action, T resource) {
        events.add(new Received<>(action, resource, System.nanoTime()));
        notifyAll();
    }

    @Override
    public synchronized void onClose(WatcherException cause) {
        closedWith = cause;
        notifyAll();
    }

    /** The events so far, oldest first. */
    public synchronized List<Received<T>> events() {
        return List.copyOf(events);
    }

    /**
     * Waits until an event matching {@code match} has arrived and returns the first such one.
     *
     * @throws WaitTimeoutException listing the events seen when none matched in time
     */
    public synchronized Received<T> await(String what, Duration timeout, Predicate<Received<T>> match) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (Received<T> e : events) {
                if (match.test(e)) {
                    return e;
                }
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0 || closedWith != null) {
                String seen = describe();
                throw new WaitTimeoutException("no watch event " + what + " after " + Describe.duration(timeout)
                        + (closedWith == null ? "" : " (watch closed: " + Describe.oneLine(closedWith.getMessage()) + ")")
                        + "; last events: " + seen, seen);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitTimeoutException("interrupted while waiting for watch event " + what, describe());
            }
        }
    }

    private String describe() {
        if (events.isEmpty()) {
            return "none";
        }
        return events.stream().skip(Math.max(0, events.size() - 20))
                .map(e -> e.action() + " " + e.object().getKind() + "/" + e.object().getMetadata().getName()
                        + "@" + e.object().getMetadata().getResourceVersion())
                .collect(Collectors.joining(", "));
    }
}
