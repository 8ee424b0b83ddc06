package io.fede2e.runner;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a run's time goes, for profiling the runner itself: with {@code -Dfede2e.timing=true}
 * (e.g. in {@code FEDE2E_JAVA_OPTS}) each phase mark records the time since the JVM started and
 * the whole list is printed to standard error at exit. Off by default, and then free.
 */
public final class Phases {

    private static final boolean ENABLED = Boolean.getBoolean("fede2e.timing");
    private static final List<String> MARKS = new ArrayList<>();

    private Phases() {
    }

    /** Records that {@code phase} has just ended. */
    public static void mark(String phase) {
        if (!ENABLED) {
            return;
        }
        // Only when enabled: java.management costs classes a normal run does not need.
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        synchronized (MARKS) {
            MARKS.add(String.format(Locale.ROOT, "%6d ms  %s", uptime, phase));
        }
    }

    /** The marks so far, one a line, or nothing when timing is off. */
    public static String report() {
        if (!ENABLED) {
            return "";
        }
        synchronized (MARKS) {
            StringBuilder sb = new StringBuilder("fede2e timing (since JVM start):\n");
            MARKS.forEach(m -> sb.append(m).append('\n'));
            return sb.toString();
        }
    }
}
