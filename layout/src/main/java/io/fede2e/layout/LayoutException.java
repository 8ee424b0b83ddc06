package io.fede2e.layout;

/** Input that breaks the results contract: a bad name or id, a malformed file. */
public class LayoutException extends RuntimeException {

    public LayoutException(String message) {
        super(message);
    }

    public LayoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code text} made safe for a one-line error message: control, format (such as bidi
     * overrides) and surrogate characters shown as {@code \\uXXXX}, cut after 100 characters.
     */
    public static String printable(String text) {
        return printable(text, 100);
    }

    /**
     * {@code text} made safe for a one-line error message, as {@link #printable(String)}, cut
     * after {@code max} characters: for names such as object paths, which may be long but may
     * also hold a newline (GCS allows one).
     */
    public static String printable(String text, int max) {
        String t = String.valueOf(text);
        StringBuilder b = new StringBuilder(Math.min(t.length(), max) + 16);
        for (int i = 0; i < t.length() && i < max; i++) {
            char c = t.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (t.length() > max) {
            b.append("...");
        }
        return b.toString();
    }
}
