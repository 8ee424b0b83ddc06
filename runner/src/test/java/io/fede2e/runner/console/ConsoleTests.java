package io.fede2e.runner.console;

import io.fede2e.redact.Redactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    private Console console() {
        return new Console(new PrintStream(terminal, true, StandardCharsets.UTF_8), System.err, false,
                Redactor.withSecrets(Set.of("s3cr3t-value")));
    }

    @Nested
    class Lines {
        @Test
        void splitsWritesIntoLinesWhateverTheirBoundaries() {
            Console c = console();
            c.out().print("first li");
            c.out().print("ne\r\nsecond\nthi");
            c.out().println("rd with s3cr3t-value");
            c.close();
            assertThat(terminal.toString(StandardCharsets.UTF_8))
                    .isEqualTo("first line\nsecond\nthird with [REDACTED]\n");
        }

        @Test
        void aWholeArrayGivesWhatTheSameBytesOneByOneGive() throws IOException {
            StringBuilder text = new StringBuilder("a\nb\r\n\n");
            text.append("x".repeat(150_000)).append("\nué€ token=abc\n").append("y".repeat(70_000)).append("tail");
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);

            Console bulk = console();
            bulk.out().write(bytes, 0, bytes.length);
            bulk.close();
            String fromArray = terminal.toString(StandardCharsets.UTF_8);

            terminal.reset();
            Console single = console();
            for (byte b : bytes) {
                single.out().write(b);
            }
            single.close();
            assertThat(fromArray).isEqualTo(terminal.toString(StandardCharsets.UTF_8))
                    .contains("ué€ token=[REDACTED]\n").endsWith("tail\n");
            assertThat(fromArray.lines().mapToInt(String::length).max().orElse(0)).isLessThanOrEqualTo(64 * 1024);
        }
    }

    @Test
    void keepsWhatWasPrintedBeforeTheLogWasAttached() throws IOException {
        Console c = console();
        c.out().println("before s3cr3t-value");
        Path log = dir.resolve("build-log.txt");
        c.attachLog(log);
        c.err().println("after");
        c.close();
        assertThat(Files.readString(log)).isEqualTo("before [REDACTED]\nafter\n");
    }

    @Test
    void aKeyBlockOpenWhenASecretIsLearntStaysMasked() throws IOException {
        Console c = console();
        Path log = dir.resolve("build-log.txt");
        c.attachLog(log);
        c.out().println("-----BEGIN EC PRIVATE KEY-----");
        c.addSecrets(Set.of("learnt-during-up"));
        c.out().println("MHcCAQEEIKeyMaterialSecondLine");
        c.out().println("-----END EC PRIVATE KEY-----");
        c.out().println("token learnt-during-up");
        c.close();

        assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(log))
                .doesNotContain("MHcCAQEEIKeyMaterialSecondLine", "learnt-during-up")
                .contains("-----END EC PRIVATE KEY-----");
    }
}
