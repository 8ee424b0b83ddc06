package io.fede2e.layout.junit;

import io.fede2e.layout.LayoutException;

/** A JUnit file that cannot be read: why, and which file. */
public class JUnitFormatException extends LayoutException {

    /** Why a file was refused. */
    public enum Kind {
        /** Not well-formed XML, truncated, or not JUnit at all. */
        MALFORMED,
        /** Zero bytes. */
        EMPTY,
        /** Larger than the reader's limit; reported, never silently dropped. */
        OVERSIZED,
        /** Has a DTD or entity declarations (XXE, entity-expansion bombs); refused unexpanded. */
        FORBIDDEN_DTD
    }

    private final Kind kind;
    private final String source;

    public JUnitFormatException(Kind kind, String source, String message, Throwable cause) {
        super(LayoutException.printable(source, 1000) + ": " + message, cause);
        this.kind = kind;
        this.source = source;
    }

    public Kind kind() {
        return kind;
    }

    /** The file or object name that was read. */
    public String source() {
        return source;
    }
}
