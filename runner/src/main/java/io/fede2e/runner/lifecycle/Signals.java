package io.fede2e.runner.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM handling for a real process. A handled signal does not stop the JVM: the
 * lifecycle is told, stops tests or Up, and still runs DumpLogs and Down before it exits with 130,
 * which a shutdown hook could not guarantee (the JVM gives hooks no time limit, but it stops every
 * other thread's progress from mattering). Jenkins' abort is a SIGTERM; Ctrl-C is a SIGINT.
 */
public final class Signals {

    private Signals() {
    }

    /**
     * Routes INT and TERM to {@code handler} (given the signal's name) until the returned
     * handle is closed, which restores the previous handlers.
     */
    public static AutoCloseable install(Consumer<String> handler) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                var previous = Signal.handle(signal, s -> handler.accept("SIG" + s.getName()));
                restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException e) {
                // The platform does not have this signal (or the JVM reserved it): nothing to route.
            }
        }
        return () -> restore.forEach(Runnable::run);
    }
}
