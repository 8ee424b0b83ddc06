package io.fede2e.ginkgo;

import io.fede2e.layout.junit.JUnitReader;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.opentest4j.TestAbortedException;

/**
 * Runs a list of specs in as few e2e binary processes as the focus length allows, one after the
 * other, and reports each spec's start and end to the Launcher as the verbose output shows them.
 *
 * <p>After each process its junit report settles what the stream did not: a spec whose end the
 * output did not show gets the report's result, message and output. A process that dies in the
 * middle (crash, kill): the specs that ended keep their results, the one running fails with the
 * last lines of output, the ones not reached are skipped as not run with the reason. A spec that
 * runs past the test timeout: its process is stopped, the spec fails as timed out, and the specs
 * not reached run in a new process.
 */
final class BatchRunner {

    /** Lines of output kept for the message of a spec that was running when its process died. */
    static final int TAIL_LINES = 20;
    private static final String EOF = new String("EOF");
    private static final String STDOUT = "stdout";

    private final GinkgoBinary binary;
    private final SpecListing listing;
    private final Settings settings;
    private final Path upstream;
    private final EngineExecutionListener listener;
    private final CancellationToken cancel;
    private final TestDescriptor root;
    private final IntSupplier batchNumbers;
    private final LongSupplier nanoTime;

    BatchRunner(GinkgoBinary binary, SpecListing listing, Settings settings, Path upstream,
                EngineExecutionListener listener, CancellationToken cancel, TestDescriptor root,
                IntSupplier batchNumbers, LongSupplier nanoTime) {
        this.binary = binary;
        this.listing = listing;
        this.settings = settings;
        this.upstream = upstream;
        this.listener = listener;
        this.cancel = cancel;
        this.root = root;
        this.batchNumbers = batchNumbers;
        this.nanoTime = nanoTime;
    }

    /** Runs {@code specs}, in order, until all have a result. */
    void run(List<SpecDescriptor> specs) {
        Deque<SpecDescriptor> remaining = new ArrayDeque<>(specs);
        while (!remaining.isEmpty()) {
            if (stopped()) {
                remaining.forEach(s -> listener.executionSkipped(s, "not run: the run was stopped"));
                return;
            }
            List<SpecDescriptor> chunk = new ArrayList<>();
            int length = 0;
            while (!remaining.isEmpty()
                    && (chunk.isEmpty() || length + FocusExpression.cost(remaining.peek().spec().name())
                    < FocusExpression.MAX_LENGTH)) {
                SpecDescriptor s = remaining.poll();
                length += FocusExpression.cost(s.spec().name());
                chunk.add(s);
            }
            List<SpecDescriptor> notReached = runProcess(chunk);
            // Only a timeout leaves specs to run again; after a crash they were reported not run.
            for (int i = notReached.size() - 1; i >= 0; i--) {
                remaining.addFirst(notReached.get(i));
            }
        }
    }

    private boolean stopped() {
        return cancel.isCancellationRequested() || Thread.currentThread().isInterrupted();
    }

    /** One process over {@code chunk}; returns the specs to run again in a new process. */
    private List<SpecDescriptor> runProcess(List<SpecDescriptor> chunk) {
        int number = batchNumbers.getAsInt();
        Path dir = upstream.resolve(String.format("batch-%02d", number));
        Path reportDir = dir.resolve("report");
        try {
            Files.createDirectories(reportDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + reportDir, e);
        }
        List<String> names = chunk.stream().map(s -> s.spec().name()).distinct().toList();
        Process p = Processes.start(command(reportDir, FocusExpression.of(listing.description(), binary.version(),
                names)), dir);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> pump(p, lines), "fede2e-ginkgo-batch-" + number);
        reader.setDaemon(true);
        reader.start();
        Run run = new Run(chunk);
        VerboseParser parser = new VerboseParser(run);
        String stopReason = null;
        boolean timedOut = false;
        try (BufferedWriter log = Files.newBufferedWriter(dir.resolve("e2e.log"), StandardCharsets.UTF_8)) {
            while (true) {
                String line;
                try {
                    line = lines.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    line = null;
                }
                if (line == EOF) {
                    break;
                }
                if (line != null) {
                    log.write(line);
                    log.write('\n');
                    if (lines.isEmpty()) {
                        // Flushed whenever the binary pauses, so e2e.log can be followed while it runs.
                        log.flush();
                    }
                    parser.accept(line);
                    continue;
                }
                if (stopped()) {
                    stopReason = "the run was stopped";
                    Processes.stop(p);
                    drain(lines, log, parser);
                    break;
                }
                if (settings.testTimeout() != null && run.current != null
                        && nanoTime.getAsLong() - run.currentStart > settings.testTimeout().toNanos()) {
                    timedOut = true;
                    SpecDescriptor hung = run.current;
                    List<String> tail = run.tail();
                    Processes.stop(p);
                    // The output up to the stop belongs to the hung spec; then it fails as timed out.
                    run.current = null;
                    drain(lines, log, parser);
                    run.finish(hung, TestExecutionResult.failed(timeout(tail)));
                    break;
                }
            }
        } catch (IOException e) {
            Processes.kill(p);
            throw new UncheckedIOException("cannot write " + dir.resolve("e2e.log"), e);
        }
        parser.finish();
        int exit = waitFor(p);
        keepReport(reportDir, dir);
        Map<String, TestCase> junit = readJunit(dir);
        List<SpecDescriptor> again = new ArrayList<>();
        SpecDescriptor running = run.current;
        for (SpecDescriptor s : chunk) {
            if (run.done.contains(s)) {
                continue;
            }
            Optional<TestCase> fromReport = lookup(junit, s.spec().name())
                    .filter(c -> c.status() != TestStatus.SKIPPED || !c.message().isEmpty());
            if (s == running) {
                if (stopReason != null) {
                    run.finish(s, TestExecutionResult.failed(new InterruptedException(stopReason)));
                } else if (fromReport.isPresent()) {
                    run.finishFromReport(s, fromReport.get());
                } else {
                    run.finish(s, TestExecutionResult.failed(new SpecFailure(
                            "e2e.test exited with code " + exit + " while this spec ran (crashed or killed); "
                                    + "last lines of output:\n" + String.join("\n", run.tail()), "")));
                }
            } else if (fromReport.isPresent() && stopReason == null && !timedOut) {
                listener.executionStarted(s);
                run.finishFromReport(s, fromReport.get());
            } else if (timedOut) {
                again.add(s);
            } else {
                String why = stopReason != null ? "not run: " + stopReason
                        : "not run: e2e.test (batch " + number + ") exited with code " + exit
                        + " before reaching this spec" + lastLine(run.tail());
                listener.executionSkipped(s, why);
                run.done.add(s);
            }
        }
        if (exit != 0 && stopReason == null && !timedOut && !run.failedAny) {
            suiteNodeFailed(number, exit, junit, run);
        }
        return again;
    }

    /**
     * The process failed but no spec did: Ginkgo's BeforeSuite or AfterSuite did, or the process
     * died between specs. A failed test of Ginkgo's own name keeps the run red and says why.
     */
    private void suiteNodeFailed(int number, int exit, Map<String, TestCase> junit, Run run) {
        Optional<TestCase> node = junit.values().stream()
                .filter(c -> c.status().isFailure() && c.name().contains("Suite")).findFirst();
        String name = node.map(TestCase::name).orElse(run.startedAny ? "AfterSuite" : "BeforeSuite");
        SpecDescriptor d = new SpecDescriptor(root.getUniqueId().append(SpecDescriptor.SUITE_NODE_SEGMENT,
                name + " (batch " + number + ")"), new Spec(name, ""));
        root.addChild(d);
        listener.dynamicTestRegistered(d);
        listener.executionStarted(d);
        String message = node.map(TestCase::message).filter(m -> !m.isBlank())
                .orElse("e2e.test (batch " + number + ") exited with code " + exit + " outside any spec");
        String output = String.join("\n", run.tail());
        if (!output.isBlank()) {
            listener.reportingEntryPublished(d, ReportEntry.from(STDOUT, output + "\n"));
        }
        listener.executionFinished(d, TestExecutionResult.failed(new SpecFailure(message,
                node.map(TestCase::details).orElse(""))));
    }

    private List<String> command(Path reportDir, String focus) {
        List<String> c = new ArrayList<>();
        c.add(binary.path().toString());
        if (settings.kubeconfig() != null) {
            c.add("--kubeconfig=" + settings.kubeconfig());
        }
        c.add("--provider=" + settings.provider());
        if (settings.numNodes() != null) {
            c.add("--num-nodes=" + settings.numNodes());
        }
        c.add("--report-dir=" + reportDir);
        if (binary.version() == GinkgoVersion.V1) {
            c.add("--ginkgo.noColor");
            c.add("--ginkgo.v");
        } else {
            c.add("--ginkgo.no-color");
            c.add("--ginkgo.v");
            // v2 stops a suite after 1 h by default; the engine's own --test-timeout and the runner's
            // --suite-timeout are what limit a run.
            c.add("--ginkgo.timeout=" + Duration.ofDays(7).toHours() + "h");
        }
        c.add("--ginkgo.focus=" + focus);
        return c;
    }

    private static void pump(Process p, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process was killed while we read: what was read is all there is.
        } finally {
            lines.add(EOF);
        }
    }

    private static void drain(BlockingQueue<String> lines, BufferedWriter log, VerboseParser parser)
            throws IOException {
        while (true) {
            String line;
            try {
                line = lines.poll(Processes.GRACE_SECONDS + 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (line == null || line == EOF) {
                return;
            }
            log.write(line);
            log.write('\n');
            parser.accept(line);
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Processes.kill(p);
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Keeps the binary's junit reports beside its e2e.log as {@code ginkgo-junit_NN.xml}: a name
     * the layout's {@code artifacts/**}{@code /junit*.xml} rule does not read, since every spec of
     * the binary is in it (the ones not selected as skipped) and the runner's junit_01.xml already
     * holds the results.
     */
    private static void keepReport(Path reportDir, Path dir) {
        try (Stream<Path> files = Files.list(reportDir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("junit") && n.endsWith(".xml")) {
                    Files.move(f, dir.resolve("ginkgo-" + n), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            // The report stays where the binary wrote it; results were read from the stream.
        }
    }

    private static Map<String, TestCase> readJunit(Path dir) {
        Map<String, TestCase> byName = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("ginkgo-junit")).sorted().toList()) {
                try {
                    for (TestCase c : JUnitReader.create().read(f).testCases()) {
                        byName.putIfAbsent(c.name(), c);
                    }
                } catch (RuntimeException e) {
                    // A half-written report of a killed process: the stream's results stand.
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /** The report's case for {@code name}; Ginkgo v2 appends its labels ({@code [A, B]}) to names. */
    static Optional<TestCase> lookup(Map<String, TestCase> junit, String name) {
        TestCase c = junit.get(name);
        if (c != null) {
            return Optional.of(c);
        }
        return junit.entrySet().stream().filter(e -> e.getKey().startsWith(name + " [") && e.getKey().endsWith("]"))
                .map(Map.Entry::getValue).findFirst();
    }

    private static String lastLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return "; its last line: " + tail.get(i).strip();
            }
        }
        return "";
    }

    private TimeoutException timeout(List<String> tail) {
        TimeoutException e = new TimeoutException("spec ran longer than --test-timeout "
                + settings.testTimeout().toSeconds() + "s; e2e.test was stopped; last lines of output:\n"
                + String.join("\n", tail));
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }

    /** What one process did, as the parser hears it. */
    private final class Run implements VerboseParser.Events {

        private final Map<String, Deque<SpecDescriptor>> byName = new LinkedHashMap<>();
        final Set<SpecDescriptor> done = new HashSet<>();
        final Deque<String> tail = new ArrayDeque<>();
        SpecDescriptor current;
        long currentStart;
        boolean startedAny;
        boolean failedAny;
        private StringBuilder output = new StringBuilder();

        Run(List<SpecDescriptor> chunk) {
            for (SpecDescriptor s : chunk) {
                byName.computeIfAbsent(s.spec().name(), k -> new ArrayDeque<>()).add(s);
            }
        }

        List<String> tail() {
            return List.copyOf(tail);
        }

        @Override
        public void started(String name, String location) {
            Deque<SpecDescriptor> candidates = byName.get(name);
            if (candidates == null) {
                // v2 writes the node type into a header: "[sig-x] Foo [It] bar".
                candidates = byName.get(name.replace(" [It] ", " "));
            }
            if (candidates == null || candidates.isEmpty()) {
                return;
            }
            current = candidates.poll();
            currentStart = nanoTime.getAsLong();
            startedAny = true;
            output = new StringBuilder();
            listener.executionStarted(current);
        }

        @Override
        public void ended(VerboseParser.Outcome outcome, String message, String details) {
            SpecDescriptor s = current;
            if (s == null) {
                return;
            }
            current = null;
            switch (outcome) {
                case PASSED -> finish(s, TestExecutionResult.successful());
                case FAILED -> finish(s, TestExecutionResult.failed(new SpecFailure(message, details)));
                case SKIPPED -> finish(s, TestExecutionResult.aborted(
                        new TestAbortedException(message.isBlank() ? "skipped by the spec" : message)));
            }
        }

        @Override
        public void line(String line) {
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
            if (current != null) {
                output.append(line).append('\n');
            }
        }

        void finish(SpecDescriptor s, TestExecutionResult result) {
            if (!done.add(s)) {
                return;
            }
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                failedAny = true;
            }
            if (!output.isEmpty()) {
                listener.reportingEntryPublished(s, ReportEntry.from(STDOUT, output.toString()));
                output = new StringBuilder();
            }
            listener.executionFinished(s, result);
        }

        void finishFromReport(SpecDescriptor s, TestCase c) {
            if (!c.systemOut().isBlank() && output.isEmpty()) {
                output.append(c.systemOut());
            }
            switch (c.status()) {
                case PASSED -> finish(s, TestExecutionResult.successful());
                case FAILED, ERROR -> finish(s, TestExecutionResult.failed(new SpecFailure(c.message(), c.details())));
                case SKIPPED -> finish(s, TestExecutionResult.aborted(new TestAbortedException(
                        c.message().isBlank() ? "skipped" : c.message())));
            }
        }
    }
}
