package io.fede2e.layout.junit;

import io.fede2e.layout.LayoutException;
import io.fede2e.layout.junit.JUnitFormatException.Kind;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import javax.xml.stream.XMLStreamException;

/**
 * Decodes the bytes before the parser sees them, strictly: bad bytes become a plain exception
 * naming the line and column where they start, quietly (the JDK's parser printed "[Fatal Error]"
 * to stderr), whichever parser reads the text. The encoding is found the way XML 1.0 (appendix
 * F) says: a byte order mark, else the declaration, else UTF-8.
 */
final class XmlEncoding {

    private static final int HEAD = 1024;

    private XmlEncoding() {
    }

    /** A reader over {@code in}'s text, or null when {@code in} has no bytes at all. */
    static Reader open(InputStream in, String source) throws IOException {
        PushbackInputStream head = new PushbackInputStream(in, HEAD);
        byte[] b = new byte[HEAD];
        int n = 0;
        while (n < HEAD) {
            int r = head.read(b, n, HEAD - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n == 0) {
            return null;
        }
        Charset charset;
        int bom = 0;
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (n >= 2 && b[0] == 0 && b[1] == '<') {
            charset = StandardCharsets.UTF_16BE;
        } else if (n >= 2 && b[0] == '<' && b[1] == 0) {
            charset = StandardCharsets.UTF_16LE;
        } else {
            charset = declared(b, n, source);
        }
        head.unread(b, bom, n - bom);
        return new Decoding(head, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * The text, decoded strictly, counting lines as it goes: bytes not valid in the encoding are
     * reported with the line and column where they start, after the text before them has been
     * given out. (InputStreamReader drops the characters it decoded before the bad bytes, so the
     * parser may meet the failure while filling its first buffer, with no location of its own.)
     */
    private static final class Decoding extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder;
        private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
        private boolean eof;
        /** All bytes decoded; then the decoder is flushed once. */
        private boolean ended;
        private boolean flushed;
        private BadBytes failed;
        private int line = 1;
        private long chars;
        private long lineStart;

        Decoding(InputStream in, CharsetDecoder decoder) {
            this.in = in;
            this.decoder = decoder;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            if (failed != null) {
                throw failed;
            }
            if (len == 0) {
                return 0;
            }
            CharBuffer out = CharBuffer.wrap(cbuf, off, len);
            while (!flushed) {
                CoderResult r;
                if (!ended) {
                    r = decoder.decode(bytes, out, eof);
                    ended = eof && r.isUnderflow();
                } else {
                    r = decoder.flush(out);
                    flushed = r.isUnderflow();
                }
                if (r.isError()) {
                    failed = bad(cbuf, off, out.position() - off, r);
                    break;
                }
                if (r.isOverflow()) {
                    break; // the caller's buffer is full
                }
                if (ended) {
                    continue; // flush what the decoder holds
                }
                if (out.position() > off) {
                    break; // give out the text there is while more bytes are awaited
                }
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            int n = out.position() - off;
            if (n == 0) {
                if (failed != null) {
                    throw failed;
                }
                return -1;
            }
            count(cbuf, off, n);
            return n;
        }

        private BadBytes bad(char[] cbuf, int off, int good, CoderResult r) {
            // the characters before the bad bytes are counted first: the failure is where they end
            int saveLine = line;
            long saveChars = chars;
            long saveStart = lineStart;
            count(cbuf, off, good);
            BadBytes bad = new BadBytes(line, (int) (chars - lineStart) + 1);
            line = saveLine;
            chars = saveChars;
            lineStart = saveStart;
            try {
                r.throwException();
            } catch (CharacterCodingException e) {
                bad.initCause(e);
            }
            return bad;
        }

        private void count(char[] cbuf, int off, int n) {
            for (int i = off; i < off + n; i++) {
                if (cbuf[i] == '\n') {
                    line++;
                    lineStart = chars + (i - off) + 1;
                }
            }
            chars += n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Bytes not valid in the encoding, found at a line and column of the text. */
    static final class BadBytes extends CharConversionException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        BadBytes(int line, int column) {
            super("bytes not valid in the encoding near line " + line + ", column " + column);
            this.line = line;
            this.column = column;
        }
    }

    /** The encoding named by {@code <?xml ... encoding="..."?>}, else UTF-8. */
    private static Charset declared(byte[] b, int n, String source) {
        if (n < 5 || b[0] != '<' || b[1] != '?' || b[2] != 'x' || b[3] != 'm' || b[4] != 'l') {
            return StandardCharsets.UTF_8;
        }
        int end = 5;
        while (end + 1 < n && !(b[end] == '?' && b[end + 1] == '>')) {
            end++;
        }
        String decl = new String(b, 0, end, StandardCharsets.ISO_8859_1);
        int at = decl.indexOf("encoding");
        if (at < 0) {
            return StandardCharsets.UTF_8;
        }
        int eq = decl.indexOf('=', at);
        int q = eq < 0 ? -1 : firstQuote(decl, eq + 1);
        int close = q < 0 ? -1 : decl.indexOf(decl.charAt(q), q + 1);
        if (close < 0) {
            return StandardCharsets.UTF_8; // the parser reports the broken declaration
        }
        String name = decl.substring(q + 1, close).strip();
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new JUnitFormatException(Kind.MALFORMED, source, "declares the unknown encoding '"
                    + LayoutException.printable(name) + "': write it as UTF-8", e);
        }
    }

    private static int firstQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                return i;
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** Where decoding failed, for the error message. */
    static String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadBytes b) {
                return "near line " + b.line + ", column " + b.column;
            }
            if (t instanceof XMLStreamException x && x.getNestedException() instanceof BadBytes b) {
                return "near line " + b.line + ", column " + b.column;
            }
        }
        if (e instanceof XMLStreamException x && x.getLocation() != null && x.getLocation().getLineNumber() > 0) {
            return "near line " + x.getLocation().getLineNumber() + ", column " + x.getLocation().getColumnNumber();
        }
        return "in the first " + HEAD + " bytes";
    }
}
