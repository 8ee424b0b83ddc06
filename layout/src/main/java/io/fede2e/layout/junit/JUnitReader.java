package io.fede2e.layout.junit;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Streaming (StAX) reader of JUnit XML in the dialects e2e jobs produce: Ginkgo v1/v2,
 * kubetest/kubetest2 junit_runner.xml, Maven Surefire, JUnit Platform legacy XML, and the
 * common JS/Python reporters. Refuses DTDs and entity declarations.
 */
public final class JUnitReader {

    /** The default size limit: 100 MB. */
    public static final long DEFAULT_MAX_BYTES = 100L * 1000 * 1000;

    private final long maxBytes;

    private JUnitReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A reader with the default 100 MB limit. */
    public static JUnitReader create() {
        return new JUnitReader(DEFAULT_MAX_BYTES);
    }

    /** A reader refusing files over {@code maxBytes}. */
    public static JUnitReader withMaxBytes(long maxBytes) {
        return new JUnitReader(maxBytes);
    }

    /** The limit in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Reads a file.
     *
     * @throws JUnitFormatException when it is empty, oversized, malformed or has a DTD
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public JUnitReport read(Path file) {
        throw new UnsupportedOperationException("JUnitReader is being built");
    }

    /**
     * Reads a stream; {@code source} names it in errors. Stops with OVERSIZED once more than
     * the limit has been read.
     */
    public JUnitReport read(InputStream in, String source) {
        throw new UnsupportedOperationException("JUnitReader is being built");
    }
}
