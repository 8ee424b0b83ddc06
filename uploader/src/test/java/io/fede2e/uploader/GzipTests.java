package io.fede2e.uploader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipTests {

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1025, 70_000, 300_000})
    void roundTripsAndBothFormsAgree(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        byte[] inMemory = Gzip.compress(data);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        Gzip.compress(new ByteArrayInputStream(data), streamed);
        assertThat(gunzip(inMemory)).isEqualTo(data);
        assertThat(streamed.toByteArray()).isEqualTo(inMemory);
    }

    @Test
    void theHeaderHasNoTimeAndNoName() {
        byte[] gz = Gzip.compress("hello\n".repeat(500).getBytes(UTF_8));
        assertThat(gz).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0);
        assertThat(Gzip.compress("hello\n".repeat(500).getBytes(UTF_8))).isEqualTo(gz);
        assertThat(gz.length).isLessThan(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "{\"timestamp\": 1}", "\u001f not gzip"})
    void magicDecodingLeavesOtherContentAsItIs(String text) throws IOException {
        try (java.io.InputStream in = GzipMagic.decode(new ByteArrayInputStream(text.getBytes(UTF_8)))) {
            assertThat(in.readAllBytes()).asString(UTF_8).isEqualTo(text);
        }
    }

    @Test
    void magicDecodingInflatesGzipWhoseMetadataWasLost() throws IOException {
        byte[] text = "<testsuites/>\n".repeat(100).getBytes(UTF_8);
        try (java.io.InputStream in = GzipMagic.decode(new ByteArrayInputStream(Gzip.compress(text)))) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
    }
}
