package io.fede2e.layout.junit;

import io.fede2e.layout.LayoutException;
import io.fede2e.layout.junit.JUnitFormatException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import javax.xml.stream.XMLStreamException;

/**
 * Decodes the bytes before the parser sees them. The JDK parser, given bytes in a bad
 * encoding, prints "[Fatal Error]" to the process's stderr before it throws; a strict decoder
 * of our own turns the same input into a plain exception, quietly. The encoding is found the
 * way XML 1.0 (appendix F) says: a byte order mark, else the declaration, else UTF-8.
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
        return new InputStreamReader(head, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
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
        if (e instanceof XMLStreamException x && x.getLocation() != null && x.getLocation().getLineNumber() > 0) {
            return "near line " + x.getLocation().getLineNumber() + ", column " + x.getLocation().getColumnNumber();
        }
        return "in the first " + HEAD + " bytes";
    }
}
