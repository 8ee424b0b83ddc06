package io.fede2e.dashboard.fakes;

import io.fede2e.uploader.ObjectStore;
import io.fede2e.uploader.WriteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A real file:// bucket written the way the uploader writes one: text gzip-compressed with
 * {@code Content-Encoding: gzip}, so tests read through the store's decoding like the site does.
 */
public final class GzipBucket implements AutoCloseable {

    private final ObjectStore store;

    private GzipBucket(ObjectStore store) {
        this.store = store;
    }

    /** Opens (creating) the bucket in {@code dir}. */
    public static GzipBucket in(Path dir) {
        return new GzipBucket(ObjectStore.open(dir.toUri().toString()));
    }

    /** The store, for reading. */
    public ObjectStore store() {
        return store;
    }

    /** Writes {@code text} gzip-compressed, with Content-Encoding gzip. */
    public GzipBucket put(String name, String text) {
        return putGzip(name, gzip(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes {@code data} gzip-compressed, with Content-Encoding gzip. */
    public GzipBucket put(String name, byte[] data) {
        return putGzip(name, gzip(data));
    }

    /** Deletes the object if it exists. */
    public GzipBucket delete(String name) {
        store.delete(name);
        return this;
    }

    /** Writes already-compressed bytes with Content-Encoding gzip. */
    public GzipBucket putGzip(String name, byte[] gzipped) {
        store.write(name, gzipped, WriteOptions.of("text/plain").gzipped());
        return this;
    }

    /** Writes bytes as they are, without Content-Encoding (as a copy that lost its metadata holds them). */
    public GzipBucket putRaw(String name, byte[] bytes) {
        store.write(name, bytes, WriteOptions.of(""));
        return this;
    }

    /** gzip of {@code data}. */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** gzip of {@code size} bytes of {@code fill}, made without holding them: a small object that inflates large. */
    public static byte[] gzipOf(long size, byte fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, fill);
        try (OutputStream z = new GZIPOutputStream(out, 1 << 16)) {
            for (long left = size; left > 0; left -= chunk.length) {
                z.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        store.close();
    }
}
