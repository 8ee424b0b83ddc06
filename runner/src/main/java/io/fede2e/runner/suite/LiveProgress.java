package io.fede2e.runner.suite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.runner.console.Console;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Live progress of a suite: a line per finished test with its result and duration, and a status
 * line (done/total, passed/failed/skipped/flaky, elapsed and ETA) that is redrawn in place on a
 * terminal and printed as a plain line now and then otherwise (Jenkins consoles do not redraw).
 * The same counts go to {@code artifacts/progress.json}, rewritten atomically at most every
 * {@link #JSON_INTERVAL_NANOS} and once at the end, so a watcher never reads half a file.
 */
public final class LiveProgress implements ProgressSink {

    static final long JSON_INTERVAL_NANOS = 500_000_000L;
    private static final long PLAIN_STATUS_INTERVAL_NANOS = 30_000_000_000L;
    /** Streaming only: databind's ObjectMapper costs hundreds of classes at start-up for eight numbers. */
    private static final JsonFactory JSON = new JsonFactory();

    private final Console console;
    private final Path progressJson;
    private final LongSupplier nanos;
    private final long start;
    private int total;
    private int done;
    private int passed;
    private int failed;
    private int skipped;
    private int flaky;
    private final Map<String, Boolean> failedBefore = new LinkedHashMap<>();
    private long lastJson = Long.MIN_VALUE;
    private long lastPlainStatus;

    /**
     * Progress on {@code console}, counts in {@code progressJson} (or nowhere when {@code null}).
     *
     * @param nanos a monotonic clock (System::nanoTime; tests pass their own)
     */
    public LiveProgress(Console console, Path progressJson, LongSupplier nanos) {
        this.console = console;
        this.progressJson = progressJson;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
        this.lastPlainStatus = start;
    }

    @Override
    public synchronized void planned(int total) {
        this.total = total;
        writeJson(true);
    }

    @Override
    public synchronized void finished(TestCase result, int attempt) {
        done++;
        String verdict;
        switch (result.status()) {
            case PASSED -> {
                if (failedBefore.containsKey(result.name())) {
                    flaky++;
                    failed--;
                    verdict = "FLAKY";
                } else {
                    passed++;
                    verdict = "PASS";
                }
            }
            case SKIPPED -> {
                skipped++;
                verdict = "SKIP";
            }
            default -> {
                if (!failedBefore.containsKey(result.name())) {
                    failed++;
                }
                failedBefore.put(result.name(), Boolean.TRUE);
                verdict = "FAIL";
            }
        }
        StringBuilder line = new StringBuilder().append('[').append(verdict).append("] ").append(result.name())
                .append(" (").append(seconds(result.timeSeconds())).append(')');
        if (attempt > 1) {
            line.append(" attempt ").append(attempt);
        }
        if (result.status() == TestStatus.SKIPPED && !result.message().isEmpty()) {
            line.append(": ").append(firstLine(result.message()));
        } else if (result.status().isFailure()) {
            line.append(": ").append(firstLine(result.message()));
        }
        console.out().println(line);
        long now = nanos.getAsLong();
        if (console.isTty()) {
            console.status(statusLine());
        } else if (done == total || now - lastPlainStatus >= PLAIN_STATUS_INTERVAL_NANOS) {
            lastPlainStatus = now;
            console.out().println(statusLine());
        }
        writeJson(done == total);
    }

    /** Writes the final counts, whatever the throttle says. */
    public synchronized void close() {
        writeJson(true);
    }

    /** The status line as it is shown. */
    public synchronized String statusLine() {
        double elapsed = (nanos.getAsLong() - start) / 1e9;
        String eta = done == 0 || done >= total ? "-" : seconds(elapsed / done * (total - done));
        return String.format(Locale.ROOT, "%d/%d done, %d passed, %d failed, %d skipped, %d flaky, %s elapsed, ETA %s",
                done, total, passed, failed, skipped, flaky, seconds(elapsed), eta);
    }

    private void writeJson(boolean force) {
        if (progressJson == null) {
            return;
        }
        long now = nanos.getAsLong();
        if (!force && lastJson != Long.MIN_VALUE && now - lastJson < JSON_INTERVAL_NANOS) {
            return;
        }
        lastJson = now;
        double elapsed = (now - start) / 1e9;
        try {
            Files.createDirectories(progressJson.toAbsolutePath().getParent());
            Path tmp = progressJson.resolveSibling(progressJson.getFileName() + ".tmp");
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w).useDefaultPrettyPrinter()) {
                g.writeStartObject();
                g.writeNumberField("total", total);
                g.writeNumberField("done", done);
                g.writeNumberField("passed", passed);
                g.writeNumberField("failed", failed);
                g.writeNumberField("skipped", skipped);
                g.writeNumberField("flaky", flaky);
                g.writeNumberField("elapsedSeconds", Math.round(elapsed * 10) / 10.0);
                if (done == 0 || done >= total) {
                    g.writeNullField("etaSeconds");
                } else {
                    g.writeNumberField("etaSeconds", Math.round(elapsed / done * (total - done)));
                }
                g.writeEndObject();
            }
            Files.write(tmp, (w + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.move(tmp, progressJson, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            console.err().println("warning: cannot update " + progressJson + ": " + e.getMessage());
        }
    }

    static String seconds(double s) {
        if (!(s >= 0)) {
            return String.format(Locale.ROOT, "%.2fs", s);
        }
        // Once per test: Formatter is slow, and these are plain non-negative amounts.
        if (s < 60) {
            long hundredths = Math.round(s * 100);
            long fraction = hundredths % 100;
            return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction + "s";
        }
        long whole = Math.round(s);
        long secs = whole % 60;
        return whole / 60 + (secs < 10 ? "m0" : "m") + secs + "s";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl) + " ...";
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
