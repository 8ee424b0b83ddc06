package io.fede2e.runner.suite;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.UniqueId;

/**
 * Stops a running suite from outside (a signal, the global timeout, the suite timeout): no new
 * test starts, and the tests running now are interrupted, so their threads leave sleeps and
 * blocking calls and they are reported as interrupted with the reason.
 */
public final class SuiteControl {

    private final CancellationToken token = CancellationToken.create();
    private final Map<UniqueId, Thread> running = new ConcurrentHashMap<>();
    private volatile String reason;

    /** Stops the suite; the first reason given is kept. */
    public void interrupt(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why;
            }
        }
        token.cancel();
        running.values().forEach(Thread::interrupt);
    }

    /** Why the suite was interrupted, or empty when it was not. */
    public Optional<String> interruption() {
        return Optional.ofNullable(reason);
    }

    CancellationToken token() {
        return token;
    }

    void started(UniqueId uniqueId, Thread thread) {
        running.put(uniqueId, thread);
        if (reason != null) {
            thread.interrupt();
        }
    }

    void finished(UniqueId uniqueId) {
        running.remove(uniqueId);
    }
}
