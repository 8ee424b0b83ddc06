package io.fede2e.layout.junit;

import io.fede2e.layout.LayoutException;
import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.fede2e.layout.junit.JUnitFormatException.Kind;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streaming (StAX) reader of JUnit XML in the dialects e2e jobs produce: Ginkgo v1/v2,
 * kubetest/kubetest2 junit_runner.xml, Maven Surefire, JUnit Platform legacy XML, and the
 * common JS/Python reporters. Refuses DTDs and entity declarations.
 *
 * <p>Security: a document with a DOCTYPE is refused as {@link Kind#FORBIDDEN_DTD} before any
 * entity is expanded; external entities and DTDs are never fetched (no file or network access).
 * Input is counted as it is read, so a file over the limit is refused as {@link Kind#OVERSIZED}
 * even when it arrives as a stream of unknown length. Instances are immutable and thread-safe.
 */
public final class JUnitReader {

    /** The default size limit: 100 MB. */
    public static final long DEFAULT_MAX_BYTES = 100L * 1000 * 1000;

    /**
     * The default per-field limit: 1,000,000 characters of a failure text, system-out, system-err,
     * property or attribute are kept; the rest is cut with a note, so a 100 MB system-out never
     * sits in the heap whole.
     */
    public static final int DEFAULT_MAX_TEXT_CHARS = 1_000_000;

    private final long maxBytes;
    private final int maxTextChars;

    private JUnitReader(long maxBytes, int maxTextChars) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("maxTextChars must be positive, got " + maxTextChars);
        }
        this.maxBytes = maxBytes;
        this.maxTextChars = maxTextChars;
    }

    /** A reader with the default 100 MB limit and per-field text limit. */
    public static JUnitReader create() {
        return new JUnitReader(DEFAULT_MAX_BYTES, DEFAULT_MAX_TEXT_CHARS);
    }

    /** A reader refusing files over {@code maxBytes}. */
    public static JUnitReader withMaxBytes(long maxBytes) {
        return new JUnitReader(maxBytes, DEFAULT_MAX_TEXT_CHARS);
    }

    /**
     * The same reader, keeping at most {@code maxTextChars} characters of each text and
     * attribute of a case; longer text ends with {@code [... cut at N characters]}.
     */
    public JUnitReader withMaxTextChars(int maxTextChars) {
        return new JUnitReader(maxBytes, maxTextChars);
    }

    /** The per-field text limit in characters. */
    public int maxTextChars() {
        return maxTextChars;
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
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JUnit file " + LayoutException.printable(source, 1000) + ": " + e.getMessage(), e);
        }
        // Checked up front so that an oversized file is not even opened; the counting stream
        // below still guards against a file that grows while it is read.
        if (size == 0) {
            throw empty(source);
        }
        if (size > maxBytes) {
            throw oversized(source);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JUnit file " + LayoutException.printable(source, 1000) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream; {@code source} names it in errors. Stops with OVERSIZED once more than
     * the limit has been read. The stream is not closed.
     *
     * @throws JUnitFormatException when it is empty, oversized, malformed or has a DTD
     * @throws java.io.UncheckedIOException when the stream fails
     */
    public JUnitReport read(InputStream in, String source) {
        Objects.requireNonNull(in, "in");
        String name = source == null || source.isEmpty() ? "<stream>" : source;
        LimitedInputStream counted = new LimitedInputStream(in, maxBytes);
        XMLStreamReader reader = null;
        try {
            Reader text = XmlEncoding.open(counted, name);
            if (text == null) {
                throw empty(name);
            }
            reader = factory().createXMLStreamReader(text);
            return new JUnitParser(reader, name, maxTextChars).parse();
        } catch (XMLStreamException | IOException e) {
            throw translate(e, counted, name);
        } catch (RuntimeException e) {
            // Woodstox reports some errors found late (in text it reads lazily) as a
            // WstxLazyException; those are the input's fault. Anything else is a bug and propagates.
            if (e.getClass().getName().startsWith("com.ctc.wstx.")) {
                throw translate(e, counted, name);
            }
            throw e;
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // closing a StAX reader does not close the stream; nothing to release
                }
            }
        }
    }

    private RuntimeException translate(Exception e, LimitedInputStream counted, String source) {
        if (counted.exceeded()) {
            return oversized(source);
        }
        Throwable cause = e instanceof XMLStreamException x && x.getNestedException() != null
                ? x.getNestedException() : e instanceof IOException ? e : e.getCause();
        if (cause instanceof CharacterCodingException || cause instanceof CharConversionException) {
            return new JUnitFormatException(Kind.MALFORMED, source, "has bytes that are not valid in its encoding ("
                    + XmlEncoding.describe(e) + "): the file is corrupt or mislabelled; write it as UTF-8", e);
        }
        if (cause instanceof IOException io) {
            return new UncheckedIOException("cannot read JUnit file " + LayoutException.printable(source, 1000) + ": " + io.getMessage(), io);
        }
        return malformed(source, e);
    }

    static XMLInputFactory factory() {
        // Woodstox, named rather than found on the class path: it scans junit a fifth faster than
        // the JDK's parser (layout/README.md), and the settings below are known to hold for it. No
        // DTD is read (a DOCTYPE is refused by JUnitParser; an entity it would declare is unknown),
        // nothing external is resolved, and a factory per read keeps reads independent.
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        // an attribute as long as the file allows (maxBytes bounds it): a failure message of
        // megabytes is read and cut to maxTextChars like any text, not a reason to lose the
        // file's other cases (Woodstox refuses attributes over 512 KiB by default)
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, Integer.MAX_VALUE);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource " + systemId + " refused");
        });
        return f;
    }

    private static JUnitFormatException empty(String source) {
        return new JUnitFormatException(Kind.EMPTY, source,
                "is empty (0 bytes): the test run probably stopped before writing it; see build-log.txt", null);
    }

    private JUnitFormatException oversized(String source) {
        return new JUnitFormatException(Kind.OVERSIZED, source, "is larger than the limit of " + maxBytes
                + " bytes and was not read: split the report, or raise the limit with JUnitReader.withMaxBytes",
                null);
    }

    private static JUnitFormatException malformed(String source, Exception e) {
        String where = "";
        if (e instanceof XMLStreamException x && x.getLocation() != null && x.getLocation().getLineNumber() > 0) {
            where = " at line " + x.getLocation().getLineNumber() + ", column " + x.getLocation().getColumnNumber();
        }
        return new JUnitFormatException(Kind.MALFORMED, source, "is not well-formed XML" + where + " ("
                + parserMessage(e) + "): the file is truncated or corrupt; regenerate it", e);
    }

    /** The parser's reason without the JDK's "ParseError at ..." preamble, on one line. */
    static String parserMessage(Exception e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("Message: ");
        if (i >= 0) {
            m = m.substring(i + "Message: ".length());
        }
        m = m.replace('\n', ' ').replace('\r', ' ').strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
