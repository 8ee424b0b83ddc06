package io.fede2e.uploader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Deterministic gzip: no time, no file name, a fixed OS byte, so the same bytes always compress
 * to the same object (re-uploads are byte-identical, like Jib's reproducible layers).
 */
final class Gzip {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private Gzip() {
    }

    static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        try {
            compress(new java.io.ByteArrayInputStream(data), out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory streams do not fail", e);
        }
        return out.toByteArray();
    }

    static void compress(InputStream in, OutputStream out) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        CRC32 crc = new CRC32();
        try {
            out.write(HEADER);
            byte[] input = new byte[64 * 1024];
            byte[] output = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(input)) > 0) {
                crc.update(input, 0, n);
                total += n;
                deflater.setInput(input, 0, n);
                while (!deflater.needsInput()) {
                    int m = deflater.deflate(output);
                    out.write(output, 0, m);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                int m = deflater.deflate(output);
                out.write(output, 0, m);
            }
            writeInt(out, (int) crc.getValue());
            writeInt(out, (int) total);
        } finally {
            deflater.end();
        }
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }
}
