package io.fede2e.provider.hollow.controllers;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A de-duplicating work queue with a fixed set of workers, after client-go's workqueue.
 *
 * <p>A key is queued at most once however often it is added; a key being processed is never
 * processed by two workers at once, and one added meanwhile is processed again afterwards. A
 * failed key is retried with exponential backoff. The queue is bounded by the number of distinct
 * keys, which is what makes bursts cheap: 750 updates of one object cost one reconcile.
 */
final class WorkQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
    private static final int MAX_RETRIES = 15;

    private final String name;
    private final Consumer<String> handler;
    private final ScheduledExecutorService timers;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private boolean shuttingDown;

    WorkQueue(String name, int threads, ScheduledExecutorService timers, Consumer<String> handler) {
        this.name = name;
        this.handler = handler;
        this.timers = timers;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "hollow-" + name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
    }

    void start() {
        workers.forEach(Thread::start);
    }

    void add(String key) {
        synchronized (this) {
            if (shuttingDown || !dirty.add(key)) {
                return;
            }
            if (processing.contains(key)) {
                return;
            }
            queue.addLast(key);
            notify();
        }
    }

    void addAfter(String key, Duration delay) {
        long millis = Math.max(0, delay.toMillis());
        if (millis == 0) {
            add(key);
            return;
        }
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
        }
        try {
            timers.schedule(() -> add(key), millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The manager is closing: the key no longer matters.
        }
    }

    synchronized int depth() {
        return queue.size();
    }

    private void work() {
        while (true) {
            String key;
            synchronized (this) {
                while (queue.isEmpty() && !shuttingDown) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (shuttingDown) {
                    return;
                }
                key = queue.pollFirst();
                dirty.remove(key);
                processing.add(key);
            }
            boolean failed = false;
            try {
                handler.accept(key);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                // An Error (a class missing from a jar replaced under us, say) must not kill the worker.
                failed = true;
                boolean closing;
                synchronized (this) {
                    closing = shuttingDown;
                }
                if (!closing) {
                    LOG.debug("{}: reconciling {} failed, will retry: {}", name, key, e.toString());
                }
            }
            int attempt = 0;
            synchronized (this) {
                processing.remove(key);
                if (failed) {
                    attempt = failures.merge(key, 1, Integer::sum);
                } else {
                    failures.remove(key);
                }
                if (dirty.contains(key) && !shuttingDown) {
                    queue.addLast(key);
                    notify();
                }
            }
            if (failed) {
                if (attempt > MAX_RETRIES) {
                    synchronized (this) {
                        failures.remove(key);
                    }
                    LOG.warn("{}: giving up on {} after {} attempts", name, key, MAX_RETRIES);
                } else {
                    addAfter(key, Duration.ofMillis(Math.min(5_000, 10L << Math.min(attempt, 10))));
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            shuttingDown = true;
            queue.clear();
            dirty.clear();
            notifyAll();
        }
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
