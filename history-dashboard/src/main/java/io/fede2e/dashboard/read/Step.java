package io.fede2e.dashboard.read;

/**
 * One step of the run from junit_runner.xml (kubetest2 style: Up, Test, DumpLogs, Down).
 *
 * @param name the step
 * @param outcome its outcome
 * @param seconds its duration
 * @param message why it failed, empty when it passed
 */
public record Step(String name, Outcome outcome, float seconds, String message) {

    public Step {
        message = message == null ? "" : message;
    }
}
