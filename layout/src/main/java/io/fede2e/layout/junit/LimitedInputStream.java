package io.fede2e.layout.junit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails once more than a limit has passed, so that a
 * stream of unknown length cannot make the reader hold more than the limit.
 */
final class LimitedInputStream extends FilterInputStream {

    /** Thrown through the parser; the reader recognises the limit by {@link #exceeded()}. */
    static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;
    private boolean exceeded;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    long count() {
        return count;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void add(long n) throws LimitExceededException {
        count += n;
        if (count > limit) {
            exceeded = true;
            throw new LimitExceededException(limit);
        }
    }
}
