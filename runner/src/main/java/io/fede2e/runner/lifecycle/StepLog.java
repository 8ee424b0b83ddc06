package io.fede2e.runner.lifecycle;

import io.fede2e.redact.Redactor;

import io.fede2e.layout.junit.JUnitReport;
import io.fede2e.layout.junit.JUnitWriter;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.layout.junit.TestSuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle's steps as kubetest2 reports them: one testcase per step in
 * {@code artifacts/junit_runner.xml}; a failed step carries its message and its output.
 */
public final class StepLog {

    /** The suite name of junit_runner.xml. */
    public static final String SUITE = "fede2e";

    private final Redactor redactor;
    private final List<TestCase> steps = new ArrayList<>();

    public StepLog(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A step that passed. */
    public synchronized void passed(String step, double seconds, String output) {
        steps.add(new TestCase(step, SUITE, seconds, TestStatus.PASSED, "", "", "", redactor.redact(output), "",
                Map.of()));
    }

    /** A step that failed with {@code message}; {@code output} is what it printed and the provider's output. */
    public synchronized void failed(String step, double seconds, String message, String output) {
        String m = redactor.redact(message);
        steps.add(new TestCase(step, SUITE, seconds, TestStatus.FAILED, m, "", redactor.redact(output), "", "",
                Map.of()));
    }

    /** A step that did not run, with the reason. */
    public synchronized void skipped(String step, String reason) {
        steps.add(new TestCase(step, SUITE, 0, TestStatus.SKIPPED, redactor.redact(reason), "", "", "", "", Map.of()));
    }

    /** Whether any step failed. */
    public synchronized boolean anyFailed(java.util.Set<String> ignoring) {
        return steps.stream().anyMatch(s -> s.status().isFailure() && !ignoring.contains(s.name()));
    }

    /** The steps so far. */
    public synchronized List<TestCase> steps() {
        return List.copyOf(steps);
    }

    /** Writes junit_runner.xml atomically. */
    public synchronized void write(Path file) {
        JUnitReport report = new JUnitReport(List.of(TestSuite.of(SUITE, steps)));
        writeAtomically(file, JUnitWriter.toBytes(report));
    }

    /** Writes {@code bytes} to {@code file} through a temporary file and a rename: readers see all of it or none. */
    public static void writeAtomically(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
