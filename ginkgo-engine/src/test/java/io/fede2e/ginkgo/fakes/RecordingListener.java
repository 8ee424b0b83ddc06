package io.fede2e.ginkgo.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Records what a Launcher execution reported for each test, by display name. */
public final class RecordingListener implements TestExecutionListener {

    /** What happened to one test. */
    public record Outcome(String name, String status, String message, String output) {
    }

    private final List<String> started = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Map<String, StringBuilder> output = new ConcurrentHashMap<>();

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            started.add(id.getDisplayName());
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((k, v) -> {
            if (k.equals("stdout")) {
                output.computeIfAbsent(id.getUniqueId(), x -> new StringBuilder()).append(v);
            }
        });
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            outcomes.add(new Outcome(id.getDisplayName(), "SKIPPED", reason, ""));
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        String message = result.getThrowable().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
                .orElse("");
        StringBuilder out = output.get(id.getUniqueId());
        outcomes.add(new Outcome(id.getDisplayName(), result.getStatus().name(), message,
                out == null ? "" : out.toString()));
    }

    /** Names of the tests that started, in order. */
    public synchronized List<String> started() {
        return List.copyOf(started);
    }

    /** Every outcome, in order. */
    public synchronized List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The outcome of {@code name}. */
    public synchronized Optional<Outcome> of(String name) {
        return outcomes.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
