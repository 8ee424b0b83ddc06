package io.fede2e.uploader;

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

    /** Deflaters are costly to make (native state of a few hundred KiB): keep one per thread. */
    private static final ThreadLocal<Deflater> DEFLATER =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));

    static byte[] compress(byte[] data) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        try {
            deflater.setInput(data);
            deflater.finish();
            // Deflate never grows data by more than 5 bytes per 16 KiB block plus a little.
            byte[] out = new byte[HEADER.length + data.length + data.length / 1000 + 64 + 8];
            System.arraycopy(HEADER, 0, out, 0, HEADER.length);
            int n = HEADER.length;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            if (out.length - n < 8) {
                out = java.util.Arrays.copyOf(out, n + 8);
            }
            putInt(out, n, (int) crc.getValue());
            putInt(out, n + 4, data.length);
            return java.util.Arrays.copyOf(out, n + 8);
        } finally {
            deflater.reset();
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
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
