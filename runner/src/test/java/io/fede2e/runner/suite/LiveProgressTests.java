package io.fede2e.runner.suite;

import io.fede2e.redact.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.layout.junit.TestCase;
import io.fede2e.layout.junit.TestStatus;
import io.fede2e.runner.console.Console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveProgressTests {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong();

    private static TestCase tc(String name, TestStatus status) {
        return new TestCase(name, "C", 1.5, status, status == TestStatus.FAILED ? "boom\nmore" : "", "", "", "", "",
                Map.of());
    }

    @Test
    void plainLinesAndCountsWhenNotATerminal() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false,
                Redactor.patternsOnly());
        LiveProgress p = new LiveProgress(console, dir.resolve("progress.json"), now::get);
        p.planned(3);
        now.set(2_000_000_000L);
        p.finished(tc("a", TestStatus.FAILED), 1);
        p.finished(tc("b", TestStatus.SKIPPED), 1);
        p.planned(4);
        p.finished(tc("a", TestStatus.PASSED), 2);
        now.set(4_000_000_000L);
        p.finished(tc("c", TestStatus.PASSED), 1);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[FAIL] a (1.50s): boom ...", "[SKIP] b (1.50s)", "[FLAKY] a (1.50s) attempt 2",
                "4/4 done, 1 passed, 0 failed, 1 skipped, 1 flaky").doesNotContain("\r");
        assertThat(Files.readString(dir.resolve("progress.json"))).contains("\"done\" : 4", "\"flaky\" : 1",
                "\"failed\" : 0");
    }

    @Test
    void statusLineIsRedrawnOnATerminal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, true,
                Redactor.patternsOnly());
        LiveProgress p = new LiveProgress(console, null, now::get);
        p.planned(2);
        now.set(1_000_000_000L);
        p.finished(tc("a", TestStatus.PASSED), 1);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[PASS] a", "\r\033[K1/2 done, 1 passed", "ETA 1.00s");
    }

    @Test
    void durationsAreShownAsFormatWouldShowThem() {
        for (double s : new double[] {0, 0.004, 0.5, 1.25, 9.999, 59.994, 59.996, 60.4, 61.5, 3599.6, 7325}) {
            String expected = s < 60 ? String.format(java.util.Locale.ROOT, "%.2fs", s)
                    : Math.round(s) / 60 + "m" + String.format(java.util.Locale.ROOT, "%02d", Math.round(s) % 60) + "s";
            assertThat(LiveProgress.seconds(s)).as("%s seconds", s).isEqualTo(expected);
        }
        assertThat(LiveProgress.seconds(61.5)).isEqualTo("1m02s");
        assertThat(LiveProgress.seconds(-1)).isEqualTo("-1.00s");
    }
}
