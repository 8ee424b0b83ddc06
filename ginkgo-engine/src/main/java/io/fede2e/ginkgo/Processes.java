package io.fede2e.ginkgo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping e2e binary processes. */
final class Processes {

    /** How long a stopped process gets to run its AfterSuite (namespace clean-up) before it is killed. */
    static final long GRACE_SECONDS = 10;

    private Processes() {
    }

    /** Starts {@code command} in {@code dir}, standard error merged into standard output, no input. */
    static Process start(List<String> command, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new GinkgoException("cannot start " + command.get(0) + ": " + e.getMessage()
                    + "; check that it is an executable for this machine", e);
        }
    }

    /** Stops {@code p} and its children: SIGTERM, then SIGKILL after the grace period. */
    static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                kill(p);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills {@code p} and its children at once. */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
