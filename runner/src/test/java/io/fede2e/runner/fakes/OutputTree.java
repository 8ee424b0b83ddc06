package io.fede2e.runner.fakes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Everything a run left under a directory, as text, for tests that prove a secret reached none of it. */
public final class OutputTree {

    private OutputTree() {
    }

    /**
     * Each regular file under {@code dir}, sorted, as its path and its text; gzip-encoded objects
     * (as the uploader stores them) are unpacked, so a secret cannot hide behind the compression.
     */
    public static String readAll(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (bytes.length > 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b) {
                    bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
                }
                sb.append(f).append('\n').append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return sb.toString();
    }
}
