package io.fede2e.runner.suite;

import io.fede2e.redact.Redactor;

import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns one Launcher execution into Kubernetes-style test cases: full names, the test's
 * captured output as system-out, report entries (metrics) as properties, assumption failures
 * as skips with their reason, Jupiter timeouts and interruptions named as such. Tests under a
 * container that failed before running them are reported failed with the container's error.
 */
final class Collector implements TestExecutionListener {

    private static final String STDOUT = "stdout";
    private static final String STDERR = "stderr";

    private final SuiteControl control;
    private final ProgressSink progress;
    private final Runnable dynamicTest;
    private final Redactor redactor;
    private final int attempt;
    private final List<TestCase> cases = new ArrayList<>();
    // Keyed by UniqueId, not its string form: JUnit formats that string anew for every test.
    private final Map<UniqueId, Running> running = new ConcurrentHashMap<>();
    private final Map<UniqueId, Boolean> reported = new ConcurrentHashMap<>();
    private final Map<UniqueId, Map<String, String>> entries = new ConcurrentHashMap<>();
    private volatile TestPlan plan;

    private record Running(long startNanos, Thread thread) {
    }

    /** {@code dynamicTest} runs for each dynamic test registered: the plan did not count it. */
    Collector(SuiteControl control, ProgressSink progress, Runnable dynamicTest, Redactor redactor, int attempt) {
        this.control = control;
        this.progress = progress;
        this.dynamicTest = dynamicTest;
        this.redactor = redactor;
        this.attempt = attempt;
    }

    synchronized List<TestCase> cases() {
        return List.copyOf(cases);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void dynamicTestRegistered(TestIdentifier id) {
        if (id.isTest()) {
            dynamicTest.run();
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            running.put(id.getUniqueIdObject(), new Running(System.nanoTime(), Thread.currentThread()));
            control.started(id.getUniqueIdObject(), Thread.currentThread());
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        Map<String, String> map = entries.computeIfAbsent(id.getUniqueIdObject(), k -> new ConcurrentHashMap<>());
        entry.getKeyValuePairs().forEach((k, v) -> map.merge(k, v, (a, b) -> k.equals(STDOUT) || k.equals(STDERR) ? a + b : b));
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            record(id, TestStatus.SKIPPED, reason == null ? "skipped" : reason, "", "", 0);
        } else {
            for (TestIdentifier t : descendantTests(id)) {
                record(t, TestStatus.SKIPPED, reason == null ? "skipped" : reason, "", "", 0);
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            Running r = running.remove(id.getUniqueIdObject());
            control.finished(id.getUniqueIdObject());
            double seconds = r == null ? 0 : (System.nanoTime() - r.startNanos()) / 1e9;
            finishTest(id, result, seconds);
            return;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL || plan == null) {
            return;
        }
        // A container that failed (e.g. in @BeforeAll) or was aborted: its unreported tests share its fate.
        List<TestIdentifier> orphans = descendantTests(id).stream()
                .filter(t -> !reported.containsKey(t.getUniqueIdObject())).toList();
        for (TestIdentifier t : orphans) {
            finishTest(t, result, 0);
        }
        if (orphans.isEmpty() && result.getStatus() == TestExecutionResult.Status.FAILED
                && id.getParentId().isPresent()) {
            // Failed after its tests ran (@AfterAll): visible as its own failed case.
            Throwable t = result.getThrowable().orElse(null);
            record(id, TestStatus.FAILED, "container failed after its tests: " + message(t), type(t), trace(t), 0);
        }
    }

    private void finishTest(TestIdentifier id, TestExecutionResult result, double seconds) {
        Throwable t = result.getThrowable().orElse(null);
        switch (result.getStatus()) {
            case SUCCESSFUL -> record(id, TestStatus.PASSED, "", "", "", seconds);
            case ABORTED -> {
                Optional<String> interrupted = control.interruption();
                if (interrupted.isPresent()) {
                    record(id, TestStatus.FAILED, "interrupted: " + interrupted.get(), "Interrupted", trace(t), seconds);
                } else {
                    record(id, TestStatus.SKIPPED, message(t), "", "", seconds);
                }
            }
            case FAILED -> {
                Optional<String> interrupted = control.interruption();
                if (isTimeout(t)) {
                    record(id, TestStatus.FAILED, "timed out: " + message(t), "Timeout", trace(t), seconds);
                } else if (interrupted.isPresent() && isInterruption(t)) {
                    record(id, TestStatus.FAILED, "interrupted: " + interrupted.get(), "Interrupted", trace(t), seconds);
                } else {
                    record(id, TestStatus.FAILED, message(t), type(t), trace(t), seconds);
                }
            }
        }
    }

    private void record(TestIdentifier id, TestStatus status, String message, String type, String details,
                        double seconds) {
        if (reported.putIfAbsent(id.getUniqueIdObject(), Boolean.TRUE) != null) {
            return;
        }
        Map<String, String> e = entries.getOrDefault(id.getUniqueIdObject(), Map.of());
        Map<String, String> props = new TreeMap<>();
        e.forEach((k, v) -> {
            if (!k.equals(STDOUT) && !k.equals(STDERR)) {
                props.put(redactor.redact(k), redactor.redact(v));
            }
        });
        String name = plan == null ? id.getDisplayName() : TestNames.of(plan, id);
        TestCase c = new TestCase(redactor.redact(name), className(id), seconds, status, redactor.redact(message),
                type, redactor.redact(details), redactor.redact(e.getOrDefault(STDOUT, "")),
                redactor.redact(e.getOrDefault(STDERR, "")), props);
        synchronized (this) {
            cases.add(c);
        }
        progress.finished(c, attempt);
    }

    private List<TestIdentifier> descendantTests(TestIdentifier container) {
        if (plan == null) {
            return List.of();
        }
        return plan.getDescendants(container).stream().filter(TestIdentifier::isTest)
                .sorted(java.util.Comparator.comparing(TestIdentifier::getUniqueId)).toList();
    }

    private String className(TestIdentifier id) {
        Optional<String> direct = id.getSource().flatMap(s -> s instanceof MethodSource m ? Optional.of(m.getClassName())
                : s instanceof ClassSource c ? Optional.of(c.getClassName()) : Optional.empty());
        if (direct.isPresent() || plan == null) {
            return direct.orElse("");
        }
        return plan.getParent(id).map(this::className).orElse("");
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInterruption(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return t != null;
    }

    private static String message(Throwable t) {
        if (t == null) {
            return "";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getName() : m;
    }

    private static String type(Throwable t) {
        return t == null ? "" : t.getClass().getName();
    }

    private static String trace(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().replace("\r\n", "\n");
    }
}
