package io.fede2e.uploader;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fede2e.redact.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrub of a run directory before upload. Inputs are built here byte by byte (gzip streams,
 * invalid UTF-8, NUL bytes, files over 64 MiB): they are what the scenarios are about, and a
 * fixture folder could not hold a 65 MiB file.
 */
class RunDirScrubberTests {

    private static final String SECRET = "learnt-s3cret-value";
    private static final Redactor REDACTOR = Redactor.withSecrets(Set.of(SECRET));

    @TempDir
    Path tmp;

    private Path run() throws IOException {
        return Files.createDirectories(tmp.resolve("run/artifacts"));
    }

    private RunDirScrubber.Result scrub() throws IOException {
        return RunDirScrubber.scrub(tmp.resolve("run"), REDACTOR, null, tmp.resolve("quarantine"));
    }

    @Nested
    class Text {
        @Test
        void masksSecretsAndLeavesCleanFilesUntouched() throws IOException {
            Path dirty = Files.writeString(run().resolve("kubelet.log"), "a\ntoken=" + SECRET + "\r\nlast without newline "
                    + SECRET);
            Path clean = Files.writeString(run().resolve("clean.log"), "nothing to hide\n");
            var before = Files.getLastModifiedTime(clean);

            RunDirScrubber.Result result = scrub();

            assertThat(Files.readString(dirty)).isEqualTo("a\ntoken=[REDACTED]\r\nlast without newline [REDACTED]");
            assertThat(result.changed()).containsExactly(dirty);
            assertThat(result.notScrubbed()).isEmpty();
            assertThat(Files.getLastModifiedTime(clean)).isEqualTo(before);
        }

        @Test
        void masksAKeyBlockAcrossLines() throws IOException {
            Path key = Files.writeString(run().resolve("ssh.txt"),
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nok\n");

            scrub();

            assertThat(Files.readString(key)).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA").endsWith("\nok\n");
        }

        /** The old scrubber skipped files over 64 MiB and uploaded them as they were. */
        @Test
        void aFileOver64MiBIsScrubbedToo() throws IOException {
            Path big = run().resolve("huge.log");
            byte[] line = "I1207 12:00:00.000 kubelet.go:1] nothing secret in this line at all\n".getBytes(UTF_8);
            try (OutputStream out = Files.newOutputStream(big)) {
                for (long written = 0; written <= 65L * 1024 * 1024; written += line.length) {
                    out.write(line);
                }
                out.write(("Authorization: Bearer " + SECRET + "\n").getBytes(UTF_8));
            }
            long size = Files.size(big);

            scrub();

            assertThat(tail(big)).endsWith("Authorization: Bearer [REDACTED]\n");
            assertThat(Files.size(big)).isEqualTo(size - SECRET.length() + "[REDACTED]".length());
        }
    }

    /** The old scrubber skipped a file with a NUL byte or invalid UTF-8 and uploaded it as it was. */
    @Nested
    class Bytes {
        @Test
        void aLineOfInvalidUtf8IsMaskedAndEveryOtherByteKept() throws IOException {
            byte[] before = concat(new byte[] {(byte) 0xC3, (byte) 0x28, ' '}, ("password=" + SECRET + "\n").getBytes(UTF_8),
                    "ü ok\n".getBytes(UTF_8));
            Path file = Files.write(run().resolve("latin.log"), before);

            scrub();

            assertThat(Files.readAllBytes(file)).isEqualTo(concat(new byte[] {(byte) 0xC3, (byte) 0x28, ' '},
                    "password=[REDACTED]\n".getBytes(UTF_8), "ü ok\n".getBytes(UTF_8)));
        }

        @Test
        void aBinaryFileWithNulBytesIsMasked() throws IOException {
            byte[] before = concat(new byte[] {0, 1, 2, (byte) 0xFF, '\n'}, SECRET.getBytes(UTF_8), new byte[] {0, 0});
            Path file = Files.write(run().resolve("core.bin"), before);

            scrub();

            assertThat(new String(Files.readAllBytes(file), ISO_8859_1)).doesNotContain(SECRET)
                    .isEqualTo(new String(new byte[] {0, 1, 2, (byte) 0xFF, '\n'}, ISO_8859_1) + "[REDACTED]\0\0");
        }
    }

    @Nested
    class Gzip {
        @Test
        void aGzippedLogIsDecompressedMaskedAndCompressedAgain() throws IOException {
            Path gz = Files.write(run().resolve("kube-apiserver.log.gz"), gzip("start\nclient-key-data: " + SECRET
                    + "\nend\n"));

            RunDirScrubber.Result result = scrub();

            assertThat(gunzip(gz)).isEqualTo("start\nclient-key-data: [REDACTED]\nend\n");
            assertThat(result.changed()).containsExactly(gz);
        }

        @Test
        void aCleanGzipIsNotRewritten() throws IOException {
            byte[] bytes = gzip("nothing\n");
            Path gz = Files.write(run().resolve("clean.gz"), bytes);

            assertThat(scrub().changed()).isEmpty();
            assertThat(Files.readAllBytes(gz)).isEqualTo(bytes);
        }
    }

    /** What cannot be scrubbed must never be uploaded: it leaves the run directory and is listed. */
    @Nested
    class Unscrubbable {
        @Test
        void aCorruptGzipIsMovedOutAndListed() throws IOException {
            byte[] whole = gzip(("token: " + SECRET + "\n").repeat(1000));
            byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
            Path gz = Files.write(run().resolve("truncated.log.gz"), truncated);

            RunDirScrubber.Result result = scrub();

            assertThat(gz).doesNotExist();
            assertThat(tmp.resolve("quarantine/artifacts/truncated.log.gz")).hasBinaryContent(truncated);
            assertThat(result.notScrubbed()).singleElement().asString()
                    .startsWith("artifacts/truncated.log.gz: not a readable gzip file")
                    .contains("not uploaded, moved to " + tmp.resolve("quarantine/artifacts/truncated.log.gz"));
        }

        @Test
        void anArchiveItCannotOpenIsMovedOut() throws IOException {
            Files.write(run().resolve("dump.zip"), new byte[] {'P', 'K', 3, 4});

            RunDirScrubber.Result result = scrub();

            assertThat(result.notScrubbed()).singleElement().asString()
                    .startsWith("artifacts/dump.zip: a zip archive, whose contents cannot be redacted");
            assertThat(run().resolve("dump.zip")).doesNotExist();
        }

        @Test
        void aLineTooLongToRedactSafelyIsMovedOutWithNoTemporaryFileLeft() throws IOException {
            Path file = run().resolve("one-line.json");
            Files.writeString(file, SECRET + "x".repeat(RunDirScrubber.MAX_LINE + 10));

            RunDirScrubber.Result result = scrub();

            assertThat(result.notScrubbed()).singleElement().asString().contains("a line longer than 8 MiB");
            try (var left = Files.list(run())) {
                assertThat(left).isEmpty();
            }
        }

        @Test
        void withoutAQuarantineTheFileStaysAndIsListed() throws IOException {
            Path zip = Files.write(run().resolve("dump.zip"), new byte[] {'P', 'K'});

            RunDirScrubber.Result result = RunDirScrubber.scrub(tmp.resolve("run"), REDACTOR, null, null);

            assertThat(zip).exists();
            assertThat(result.notScrubbed()).singleElement().asString().doesNotContain("moved");
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String gunzip(Path file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static String tail(Path file) throws IOException {
        try (var ch = Files.newByteChannel(file)) {
            ch.position(ch.size() - 200);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(200);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // Read the last 200 bytes.
            }
            return new String(buf.array(), 0, buf.position(), UTF_8);
        }
    }
}
